from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        # Members plug their work into the layers below them, which know no members code.
        from jobs.registry import register

        from . import exporting

        register(exporting.KIND, exporting.run_export)
