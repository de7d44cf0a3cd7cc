from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        # Members follow their union through merges, splits and dissolutions (org knows no app above it).
        from org.reorganisation import on_reorganised

        from .reorganisation import handle

        on_reorganised(handle)
