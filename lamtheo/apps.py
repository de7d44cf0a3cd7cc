from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LamtheoConfig(AppConfig):
    name = "lamtheo"
    verbose_name = "LamTheo"

    def ready(self) -> None:
        from lamtheo import security  # noqa: F401 - registers the deploy check of the secret key

        autodiscover_modules("home")  # each app's home page panels (lamtheo/home.py)
