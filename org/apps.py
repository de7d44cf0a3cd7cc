from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "Tổ chức công đoàn"

    def ready(self) -> None:
        from lamtheo.imports.registry import register

        from .importing import IMPORTER

        register(IMPORTER)
