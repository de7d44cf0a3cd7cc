from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "directives"
    verbose_name = "Nhiệm vụ chỉ đạo"

    def ready(self) -> None:
        # Issuing a relay draft relays its tasks (documents knows no app above it).
        from documents.hooks import on_issued

        from .services import relay_on_issue

        on_issued(relay_on_issue)

        # Open tasks follow their unit through merges and splits (org knows no app above it).
        from org.reorganisation import Placeable, on_placeable, on_preview, on_reorganised

        from .reorganisation import PLACEMENT, handle, open_tasks_to_place, preview_lines

        on_reorganised(handle)
        on_preview(preview_lines)
        on_placeable(Placeable(PLACEMENT, "Nhiệm vụ đang thực hiện chuyển về", open_tasks_to_place))
