from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Đoàn viên"

    def ready(self) -> None:
        # Members follow their union through merges, splits and dissolutions (org knows no app above it).
        from org.reorganisation import on_preview, on_reorganised

        from .reorganisation import handle, preview_lines

        on_reorganised(handle)
        on_preview(preview_lines)

        # Long jobs run by the worker (the jobs app knows no members code).
        from jobs.registry import register
        from org import figures

        from . import exporting, selectors

        register(exporting.KIND, exporting.run_export)
        from . import import_jobs

        register(import_jobs.KIND, import_jobs.run_import)
        from lamtheo.imports import background

        register(background.PREVIEW_KIND, background.run_preview)
        figures.register_members(
            in_subtree=selectors.member_counts,
            by_unit=selectors.members_by_unit,
            current_in_unit=selectors.current_members_by_unit,
        )

        # The import wizard (lamtheo/imports) runs the members import.
        from lamtheo.imports.registry import register as register_importer

        from .importing import IMPORTER

        register_importer(IMPORTER)
