from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        # Members plug their work into the layers below them, which know no members code.
        from jobs.registry import register
        from org import figures

        from . import exporting, selectors

        register(exporting.KIND, exporting.run_export)
        figures.register_members(
            in_subtree=selectors.member_counts,
            by_unit=selectors.members_by_unit,
            current_in_unit=selectors.current_members_by_unit,
        )
