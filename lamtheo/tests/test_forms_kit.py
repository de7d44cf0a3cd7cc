"""The forms kit (lamtheo.lib.forms) and the list kit (lamtheo.lib.lists): one piece each."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import DateField, apply_service_error
from lamtheo.lib.lists import format_number, paginate, parse_as_of
from lamtheo.testing import make_user


class SampleForm(forms.Form):
    on = DateField(label="Ngày")
    name = forms.CharField(label="Tên", required=False)
    kind = forms.ChoiceField(label="Loại", choices=[("a", "A"), ("b", "B")], required=False)
    agree = forms.BooleanField(label="Đồng ý", required=False)


def test_the_date_field_is_a_typed_dd_mm_yyyy_box_not_a_native_picker():
    html = str(SampleForm(initial={"on": date(2025, 7, 1)})["on"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html
    assert 'value="01/07/2025"' in html


@pytest.mark.parametrize(
    "typed, expected",
    [("01/07/2025", date(2025, 7, 1)), ("1/7/2025", date(2025, 7, 1)), ("2025-07-01", date(2025, 7, 1))],
)
def test_the_date_field_reads_what_officers_type(typed, expected):
    form = SampleForm({"on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Vui lòng nhập ngày."),
        ("31/02/2025", "Ngày “31/02/2025” không tồn tại."),
        ("2015", "chỉ có năm"),
        ("07/01/25", "không đúng dạng"),
        ("9" * 5000, "không đúng dạng"),
    ],
)
def test_the_date_field_refuses_in_vietnamese(typed, message):
    form = SampleForm({"on": typed})
    assert not form.is_valid()
    assert message in form.errors["on"][0]
    assert 'class="form-control is-invalid"' in str(form["on"])


def test_the_renderer_gives_every_widget_its_bootstrap_class():
    form = SampleForm()
    assert 'class="form-control"' in str(form["name"])
    assert 'class="form-select"' in str(form["kind"])
    assert 'class="form-check-input"' in str(form["agree"])
    group = form["name"].as_field_group()
    assert '<label class="form-label" for="id_name">Tên</label>' in group


def test_a_widget_class_is_kept_beside_the_bootstrap_class():
    class Small(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select(attrs={"class": "form-select-sm"}))

    assert 'class="form-select form-select-sm"' in str(Small()["kind"])


def test_a_service_error_lands_on_its_field_or_on_the_form():
    form = SampleForm({"on": "01/07/2025"})
    assert form.is_valid()
    apply_service_error(form, ServiceError("Tên đã có.", field="name"))
    apply_service_error(form, ServiceError("Đơn vị cấp trên sai.", field="parent"), {"parent": "kind"})
    apply_service_error(form, ServiceError("Không được phép.", field="unknown"))
    apply_service_error(form, ServiceError("Lỗi chung."))
    assert form.errors["name"] == ["Tên đã có."]
    assert form.errors["kind"] == ["Đơn vị cấp trên sai."]
    assert form.non_field_errors() == ["Không được phép.", "Lỗi chung."]


def test_numbers_are_grouped_as_vietnamese_write_them():
    assert format_number(4101) == "4.101"
    assert format_number(1425693) == "1.425.693"
    assert format_number(12) == "12"
    assert format_number("abc") == "abc"
    assert Template("{{ n|so }}").render(Context({"n": 4101})) == "4.101"  # builtin: no {% load %}


def test_parse_as_of_reads_both_forms_and_falls_back_to_today_with_a_message():
    assert parse_as_of({"on": "01/07/2025"}) == (date(2025, 7, 1), "")
    assert parse_as_of({"on": "2025-07-01"}) == (date(2025, 7, 1), "")
    day, message = parse_as_of({"on": "2015"})
    assert day != date(1905, 7, 7) and "chỉ có năm" in message and "hôm nay" in message


def test_one_pager_keeps_the_filters_and_elides_long_ranges():
    request = RequestFactory().get("/x/", {"q": "đức", "page": "7"})
    page = paginate(request, list(range(1000)), 10)
    html = render_to_string("lists/_pagination.html", {"page": page}, request=request)
    assert page.number == 7 and "…" in html
    assert "?q=%C4%91%E1%BB%A9c&amp;page=8" in html
    assert 'aria-current="page"><span class="page-link">7</span>' in html
    assert "100</a>" in html  # the last page


def test_the_as_of_partial_is_a_typed_date(rf):
    html = Template('{% include "lists/_as_of.html" with label="Tại ngày" %}').render(
        Context({"on": date(2025, 7, 1)})
    )
    assert 'value="01/07/2025"' in html and 'placeholder="dd/mm/yyyy"' in html and 'type="date"' not in html


def test_a_refusal_is_one_vietnamese_403_page_in_the_site_layout(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER, username="doan-vien-403"))
    response = client.get(reverse("audit:event_list"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in body and "Nhật ký thay đổi chỉ dành cho cán bộ công đoàn" in body
    assert "LamTheo" in body  # base.html


def test_a_bare_permission_denied_has_a_vietnamese_default(rf, tree):
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = make_user(tree.cdcs_a1, Role.MEMBER, username="doan-vien-403b")
    request.actor = None
    response = permission_denied(request, PermissionDenied())
    assert "không có quyền thực hiện thao tác này" in response.content.decode()


# --- The list filters (lamtheo.lib.filters on django-filter) ------------------------------------


def test_a_list_filter_keeps_the_valid_values_drops_the_invalid_and_says_which_are_on(tree):
    from documents.filters import DocumentFilterSet

    filterset = DocumentFilterSet(
        {"kind": "ke_hoach", "status": "no-such", "date_from": "01/04/2026", "page": "2"}
    )
    args = filterset.search_arguments()
    assert args["kind"] == "ke_hoach" and args["status"] == "" and args["date_from"] == date(2026, 4, 1)
    assert "status" in filterset.form.errors
    assert filterset.used() == [("Loại", "Kế hoạch"), ("Từ ngày", "01/04/2026")]


def test_an_unfiltered_list_is_unbound(tree):
    from documents.filters import DocumentFilterSet

    filterset = DocumentFilterSet({"page": "3"})
    assert not filterset.is_bound and filterset.used() == [] and not filterset.form.errors


def test_the_unit_list_filters_its_scoped_queryset(tree):
    from lamtheo.testing import actor_for
    from org.filters import UnitFilterSet
    from org.selectors import search_units

    base = search_units(actor_for(tree.fed_a), on=date(2025, 7, 1))
    found = UnitFilterSet({"q": "dong son", "level": "grassroots"}, queryset=base).qs
    assert [u.code for u in found] == ["CDCS-A1", "ND-A"]
    assert UnitFilterSet({"kind": "bogus"}, queryset=base).qs.count() == base.count()  # invalid: ignored
