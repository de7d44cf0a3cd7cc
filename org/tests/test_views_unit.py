import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.testing import make_user
from org.figures import members_in_subtree as count_members_in_subtree
from org.models import UnitKind
from org.services import UnitSpec, dissolve_unit, merge_units, move_unit, rename_unit

D = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)


def url(unit, on: date | None = None) -> str:
    base = reverse("org:unit_detail", args=[unit.pk])
    return f"{base}?on={on.isoformat()}" if on else base


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_fed_a(client, tree):
    client.force_login(make_user(tree.fed_a))
    return client


def test_it_shows_a_unit_of_the_subtree(as_fed_a, tree):
    response = as_fed_a.get(url(tree.cdcs_a1))
    assert response.status_code == 200
    body = response.content.decode()
    assert tree.cdcs_a1.name in body and tree.cdcs_a1.code in body
    assert tree.cdcs_a1.get_sector_display() in body
    assert tree.district_a1.name in body  # the parent
    page = response.context["page"]
    assert page.members == count_members_in_subtree(tree.cdcs_a1.pk, response.context["on"])
    assert f"{reverse('members:member_list')}?unit={tree.cdcs_a1.pk}" in body


def test_it_answers_404_for_a_unit_of_another_province(client, tree):
    client.force_login(make_user(tree.fed_b))
    for unit in (tree.fed_a, tree.district_a1, tree.cdcs_a1, tree.root):
        assert client.get(url(unit)).status_code == 404
        assert client.get(url(unit, BEFORE)).status_code == 404
        assert client.get(reverse("org:unit_edit", args=[unit.pk])).status_code == 404
        assert client.post(reverse("org:unit_dissolve", args=[unit.pk]), {}).status_code == 404
    assert client.get(url(tree.cdcs_b1)).status_code == 200


def test_it_shows_parent_and_children_as_of_the_chosen_date(as_fed_a, tree):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=D, decision_ref="12/QĐ-LĐLĐ")
    before = as_fed_a.get(url(tree.district_a1, BEFORE)).context["page"]
    after = as_fed_a.get(url(tree.district_a1, D)).context["page"]
    assert tree.cdcs_a2.pk in {n.unit.pk for n in before.children}
    assert tree.cdcs_a2.pk not in {n.unit.pk for n in after.children}
    a2_before = as_fed_a.get(url(tree.cdcs_a2, BEFORE))
    a2_after = as_fed_a.get(url(tree.cdcs_a2, D))
    assert a2_before.context["page"].parent == tree.district_a1
    assert a2_after.context["page"].parent == tree.fed_a
    body = a2_after.content.decode()
    assert "12/QĐ-LĐLĐ" in body and "Chuyển đơn vị cấp trên" in body
    assert len(a2_after.context["page"].links) == 2


def test_it_shows_name_history_and_successions(as_fed_a, tree):
    rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Công đoàn Trường Tiểu học số 1 Đông Sơn", on=D)
    response = as_fed_a.get(url(tree.cdcs_a1, BEFORE))
    assert "Công đoàn Trường Tiểu học Đông Sơn" in response.context["page"].name
    body = response.content.decode()
    assert "Công đoàn Trường Tiểu học số 1 Đông Sơn" in body  # in the history
    new = merge_units(
        SYSTEM,
        sources=[tree.cdcs_a1, tree.cdcs_a2],
        target=UnitSpec(code="CDCS-M", name="Công đoàn Liên cơ quan Đông Sơn", kind=UnitKind.GRASSROOTS),
        parent=tree.district_a1,
        on=date(2025, 9, 1),
    )
    merged = as_fed_a.get(url(new)).content.decode()
    assert "Kế thừa từ" in merged and tree.cdcs_a2.name in merged
    # The ended unit stays reachable through its successor's page, as it last stood.
    predecessor = as_fed_a.get(url(tree.cdcs_a2, date(2025, 8, 31)))
    assert predecessor.status_code == 200
    assert "Được kế thừa bởi" in predecessor.content.decode()


def test_it_keeps_an_ended_unit_in_scope_only_for_dates_when_it_was(as_fed_a, tree):
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D, decision_ref="05/QĐ-LĐLĐ")
    assert as_fed_a.get(url(tree.cdcs_a2)).status_code == 404
    response = as_fed_a.get(url(tree.cdcs_a2, BEFORE))
    assert response.status_code == 200
    assert "05/QĐ-LĐLĐ" in response.content.decode()


def test_it_offers_changes_only_to_officers_and_not_on_their_own_unit(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    body = client.get(url(tree.cdcs_a1)).content.decode()
    assert reverse("org:unit_edit", args=[tree.cdcs_a1.pk]) not in body
    assert client.get(reverse("org:unit_edit", args=[tree.cdcs_a1.pk])).status_code == 403

    client.force_login(make_user(tree.fed_a))
    own = client.get(url(tree.fed_a)).content.decode()
    assert reverse("org:unit_edit", args=[tree.fed_a.pk]) in own
    assert reverse("org:unit_dissolve", args=[tree.fed_a.pk]) not in own
    assert client.get(reverse("org:unit_dissolve", args=[tree.fed_a.pk])).status_code == 403
    below = client.get(url(tree.district_a1)).content.decode()
    assert reverse("org:unit_dissolve", args=[tree.district_a1.pk]) in below


def test_it_lists_units_with_filters_and_exports_them(as_fed_a, tree):
    response = as_fed_a.get(reverse("org:unit_list"), {"level": "grassroots"})
    assert {r.unit for r in response.context["rows"]} == {tree.cdcs_a1, tree.cdcs_a2, tree.guild}
    response = as_fed_a.get(reverse("org:unit_list"), {"sector": "public_service_unit"})
    assert [r.unit for r in response.context["rows"]] == [tree.cdcs_a1]
    response = as_fed_a.get(reverse("org:unit_list"), {"kind": UnitKind.UPPER_GRASSROOTS})
    assert [r.unit for r in response.context["rows"]] == [tree.district_a1]
    assert response.context["rows"][0].parent_name == tree.fed_a.name
    bad = as_fed_a.get(reverse("org:unit_list"), {"kind": "khong-co", "ngay": "abc"})
    assert bad.status_code == 200
    assert "không hợp lệ" in bad.content.decode()

    export = as_fed_a.get(reverse("org:unit_export"), {"level": "grassroots"})
    assert export.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))
    lines = book.get_sheet_by_index(0).to_python()
    assert (
        lines[0][0] == tree.fed_a.name.upper()
        and lines[3][0] == "Điều kiện lọc: Nhóm: CĐCS và nghiệp đoàn cơ sở"
    )
    assert lines[5][:2] == ["Mã", "Tên đơn vị"]
    assert sorted(line[0] for line in lines[6:-1]) == ["CDCS-A1", "CDCS-A2", "ND-A"]
    assert lines[-1][0] == "Tổng cộng: 3 đơn vị"
    assert tree.cdcs_b1.code not in str(lines)


def test_the_unit_page_makes_as_many_queries_with_more_children(as_fed_a, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from org.services import create_unit

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_fed_a.get(url(tree.district_a1)).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    for i in range(5):
        spec = UnitSpec(code=f"CDCS-Q{i}", name=f"Công đoàn Công ty {i}", kind=UnitKind.GRASSROOTS)
        create_unit(SYSTEM, spec=spec, parent=tree.district_a1, on=date(2021, 1, 1))
    assert queries() == first


def test_the_children_are_listed_a_page_at_a_time(as_fed_a, tree, monkeypatch):
    """A province lists hundreds of children: the unit page shows them a page at a time, every one once."""
    from org import views

    monkeypatch.setattr(views, "UNIT_CHILDREN_PAGE", 2)
    names = [tree.cdcs_a1.name, tree.cdcs_a2.name, tree.guild.name]
    shown = []
    for n in (1, 2):
        response = as_fed_a.get(reverse("org:unit_detail", args=[tree.district_a1.pk]), {"page": n})
        assert response.status_code == 200
        listed = [node.name for node in response.context["children"].object_list]
        assert len(listed) == (2 if n == 1 else 1)
        assert "Phân trang" in response.content.decode()
        shown += listed
    assert sorted(shown) == sorted(names)
