from django.apps import AppConfig


class LamtheoConfig(AppConfig):
    name = "lamtheo"
    verbose_name = "LamTheo"

    def ready(self) -> None:
        from lamtheo import security  # noqa: F401 - registers the deploy check of the secret key
