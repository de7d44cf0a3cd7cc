from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "study"
    verbose_name = "Học tập và tuyên truyền"

    def ready(self) -> None:
        from documents.hooks import on_document_page

        from .importing import register_importers

        register_importers()  # past events, outreach items and training courses in the import wizard
        on_document_page(schedule_button)  # "Lập lịch học tập từ văn bản này" on a guidance's page


def schedule_button(actor, document):
    """The button of a guidance document that announces a quarterly schedule, for an officer who writes."""
    from django.urls import reverse

    from .from_document import schedule_draft

    if not actor.can_write or schedule_draft(document) is None:
        return None
    return "Lập lịch học tập từ văn bản này", reverse("study:schedule_from_document", args=[document.pk])
