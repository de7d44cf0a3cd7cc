"""The document admin shows the registry but changes nothing: every write goes through the services."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from documents.models import Document, DocumentCitation, DocumentFile, DocumentRecipient, NumberCounter


@pytest.mark.parametrize("model", [Document, NumberCounter])
def test_the_admin_of_a_registry_model_is_read_only(model, admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)


def test_the_document_admin_inlines_add_and_change_nothing(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    inlines = admin.site._registry[Document].get_inline_instances(request)
    assert {i.model for i in inlines} <= {DocumentRecipient, DocumentCitation, DocumentFile}
    assert all(
        not i.has_add_permission(request, None) and not i.has_change_permission(request) for i in inlines
    )
