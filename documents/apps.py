from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        # The PDF copy of an issued document is made by the worker (jobs knows no documents code).
        from jobs.registry import register

        from .services import PDF_JOB, run_pdf_job

        register(PDF_JOB, run_pdf_job)
