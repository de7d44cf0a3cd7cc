"""One mapping of refusals (lamtheo.lib.errors.Refused, lamtheo.lib.forms): on a page with a form the
message goes on the form; without a form the 403 page carries it; the API answers 403 in its JSON shape."""

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from accounts.scoping import NotPermitted
from directives.services import NotAllowed
from lamtheo.api import api
from lamtheo.lib.errors import Refused, ServiceError
from lamtheo.lib.forms import apply_service_error, flash_service_error

ROOT = Path(__file__).resolve().parents[2]


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_refusals_of_every_app_are_one_kind_a_service_error_and_a_permission_denied():
    for refusal in (NotPermitted("Không được."), NotAllowed("Không được.")):
        assert isinstance(refusal, Refused)
        assert isinstance(refusal, ServiceError) and isinstance(refusal, PermissionDenied)
        assert str(refusal) == "Không được."  # what the 403 page prints


def test_on_a_form_a_refusal_lands_on_the_form_like_any_refused_change():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    apply_service_error(form, NotPermitted("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="unit"))
    apply_service_error(form, NotPermitted("Ghi chú không được sửa.", field="note"))
    assert form.non_field_errors() == ["Đơn vị này nằm ngoài phạm vi quản lý của bạn."]
    assert form.errors["note"] == ["Ghi chú không được sửa."]


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_without_a_form_a_refusal_is_the_403_and_another_refused_change_a_message():
    request = _request()
    with pytest.raises(PermissionDenied) as raised:
        flash_service_error(request, NotPermitted("Vai trò của bạn không được thực hiện việc này."))
    assert str(raised.value) == "Vai trò của bạn không được thực hiện việc này."
    assert not list(get_messages(request))
    flash_service_error(request, ServiceError("Nhiệm vụ đã hoàn thành."))
    assert [m.message for m in get_messages(request)] == ["Nhiệm vụ đã hoàn thành."]


def test_the_api_answers_a_refusal_with_403():
    handler = api._lookup_exception_handler(NotPermitted("x"))
    request = RequestFactory().get("/api/v1/members")
    response = handler(request, NotPermitted("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="unit"))
    assert response.status_code == 403
    assert b"ph\xe1\xba\xa1m vi" in response.content  # "phạm vi", the message as is
    assert api._lookup_exception_handler(ServiceError("x")) is not handler  # other refused changes: 422


# A view that catches a refusal to turn it into PermissionDenied by hand is a second mapping.
HAND_MAPPING = re.compile(r"except\s+[\w.]*(NotAllowed|NotPermitted|Refused)\b")


def test_no_page_maps_refusals_by_hand():
    offenders = []
    for path in sorted(ROOT.glob("*/*.py")) + sorted(ROOT.glob("lamtheo/*/*.py")):
        if "tests" in path.parts or ".venv" in path.parts or path.name in {"services.py", "api.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in HAND_MAPPING.finditer(text)]
    assert offenders == []
