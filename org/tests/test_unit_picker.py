"""The unit picker: a type-ahead search among the units the actor may pick, and fields that accept only those."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.filters import EventFilterSet
from lamtheo.testing import actor_for, make_user, unit
from members.forms import MemberCreateForm
from org.forms import MergeForm, MoveForm
from org.models import UnitKind
from org.picker import GRASSROOTS, MAX_RESULTS, UPPER, PickRule, search

SEARCH = reverse("org:unit_search")


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a))
    return client


def texts(response) -> list[str]:
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


def test_it_finds_units_without_accents_only_in_the_actors_subtree(officer, tree):
    assert texts(officer.get(SEARCH, {"q": "dong son"})) == [
        "Công đoàn Trường Tiểu học Đông Sơn (CDCS-A1)",
        "Liên đoàn Lao động huyện Đông Sơn (LDLD-A1)",
        "Nghiệp đoàn Xe ôm Đông Sơn (ND-A)",
    ]
    assert texts(officer.get(SEARCH, {"q": "ĐỨC THÀNH"})) == ["Công đoàn Công ty TNHH Đức Thành (CDCS-A2)"]
    assert texts(officer.get(SEARCH, {"q": "cdcs-a2"})) == ["Công đoàn Công ty TNHH Đức Thành (CDCS-A2)"]
    assert texts(officer.get(SEARCH, {"q": "binh son"})) == []  # province B


def test_it_filters_by_level_and_date_and_ignores_bad_parameters(officer, tree):
    grassroots = texts(officer.get(SEARCH, {"kind": GRASSROOTS}))
    assert "Liên đoàn Lao động huyện Đông Sơn (LDLD-A1)" not in grassroots and len(grassroots) == 3
    upper = texts(officer.get(SEARCH, {"kind": UPPER, "not_under": tree.district_a1.pk}))
    assert upper == ["Liên đoàn Lao động tỉnh An Hòa (LDLD-A)"]
    assert texts(officer.get(SEARCH, {"q": "dong son", "on": "01/01/1990"})) == []  # before the tree existed
    bad = officer.get(
        SEARCH, {"kind": "x" * 500, "not_under": "9" * 40, "peers_of": "abc", "on": "2015", "q": "d" * 900}
    )
    assert bad.status_code == 200


def test_it_returns_at_most_twenty(tree):
    for i in range(MAX_RESULTS + 5):
        unit(f"CDCS-N{i:02d}", f"Công đoàn Nhà máy số {i:02d}", UnitKind.GRASSROOTS, tree.district_a1)
    found = search(actor_for(tree.fed_a), PickRule(kind=GRASSROOTS), "nha may")
    assert len(found) == MAX_RESULTS


def test_it_needs_a_login(client, tree):
    assert client.get(SEARCH, {"q": "dong"}).status_code == 302


def test_the_peers_of_an_outside_unit_are_nobody(officer, tree):
    assert texts(officer.get(SEARCH, {"peers_of": tree.cdcs_b1.pk})) == []
    assert texts(officer.get(SEARCH, {"peers_of": tree.cdcs_a1.pk})) == [
        "Công đoàn Công ty TNHH Đức Thành (CDCS-A2)",
        "Nghiệp đoàn Xe ôm Đông Sơn (ND-A)",
    ]


def test_a_picker_renders_only_the_chosen_unit_and_points_at_the_search(tree):
    form = MemberCreateForm({"unit": tree.cdcs_a2.pk}, actor=actor_for(tree.fed_a))
    html = str(form["unit"])
    assert re.findall(r"<option[^>]*>([^<]*)</option>", html) == [
        "— Chọn đơn vị —",
        "Công đoàn Công ty TNHH Đức Thành (CDCS-A2)",
    ]
    assert 'data-unit-picker="1"' in html and f'data-url="{SEARCH}?kind=grassroots"' in html


def test_a_picker_field_refuses_a_unit_outside_its_rule(tree):
    actor = actor_for(tree.fed_a)
    outside = MemberCreateForm({"full_name": "A", "unit": tree.cdcs_b1.pk}, actor=actor)
    upper = MemberCreateForm({"full_name": "A", "unit": tree.district_a1.pk}, actor=actor)
    inside = MemberCreateForm({"full_name": "A", "unit": tree.cdcs_a1.pk}, actor=actor)
    assert outside.errors["unit"] == ["Đơn vị đã chọn không hợp lệ hoặc ngoài phạm vi."]
    assert "unit" in upper.errors
    assert inside.is_valid() and inside.cleaned_data["unit"] == tree.cdcs_a1
    move = MoveForm({"new_parent": tree.cdcs_a1.pk, "on": "01/07/2025", "decision_ref": "1/QĐ"},
                    actor=actor, unit=tree.district_a1)  # fmt: skip
    assert "new_parent" in move.errors  # a grassroots union takes no children
    merge = MergeForm({"others": [tree.cdcs_a2.pk, tree.cdcs_b1.pk]}, actor=actor, unit=tree.cdcs_a1)
    assert "others" in merge.errors
    audit = EventFilterSet({"unit": tree.cdcs_b1.pk}, actor=actor)
    assert audit.event_arguments()["unit_id"] is None and "unit" in audit.form.errors


@pytest.mark.parametrize(
    "name, args",
    [
        ("members:member_list", []),
        ("audit:event_list", []),
        ("org:unit_move", ["district_a1"]),
        ("org:unit_merge", ["cdcs_a1"]),
        ("members:member_detail", ["member_a1"]),
    ],
)
def test_no_page_renders_a_select_of_all_units(client, tree, name, args):
    many = [
        unit(f"CDCS-M{i:02d}", f"Công đoàn Mỏ số {i:02d}", UnitKind.GRASSROOTS, tree.district_a1)
        for i in range(30)
    ]
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a-chon"))
    url = reverse(name, args=[getattr(tree, a).pk for a in args])
    body = client.get(url).content.decode()
    assert 'data-unit-picker="1"' in body
    assert not re.search(r"<option[^>]*>[^<]*" + re.escape(many[7].name), body)


@pytest.mark.parametrize("value", ["9" * 25, "²"])
def test_a_picker_posted_an_id_no_column_holds_renders_its_error_not_a_500(tree, value):
    form = MemberCreateForm({"full_name": "A", "unit": value}, actor=actor_for(tree.fed_a))
    assert "unit" in form.errors
    assert re.findall(r"<option[^>]*>([^<]*)</option>", str(form["unit"])) == ["— Chọn đơn vị —"]
