from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = "Học tập và tuyên truyền"

    def ready(self) -> None:
        from .importing import register_importers

        register_importers()  # past events, outreach items and training courses in the import wizard
