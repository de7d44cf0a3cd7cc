from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        from lamtheo.imports.registry import register

        from .importing import IMPORTER

        register(IMPORTER)
