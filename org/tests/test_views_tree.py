from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.lib.dates import today
from lamtheo.testing import make_user
from members.models import Membership
from org import views
from org.figures import members_in_subtree as count_members_in_subtree
from org.models import UnitKind
from org.services import UnitSpec, create_unit, move_unit, rename_unit

D = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)
TREE = reverse("org:tree")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_fed_a(client, tree):
    client.force_login(make_user(tree.fed_a))
    return client


@pytest.fixture
def as_fed_b(client, tree):
    client.force_login(make_user(tree.fed_b))
    return client


def fragment(unit, on: date | None = None) -> str:
    url = reverse("org:tree_children", args=[unit.pk])
    return f"{url}?on={on.isoformat()}" if on else url


def test_it_shows_the_acting_units_tree(as_fed_a, tree):
    response = as_fed_a.get(TREE)
    assert response.status_code == 200
    body = response.content.decode()
    assert tree.fed_a.name in body
    assert tree.district_a1.name in body
    assert tree.fed_b.name not in body
    root = response.context["root"]
    assert root.unit == tree.fed_a
    assert root.members == count_members_in_subtree(tree.fed_a.pk, response.context["on"])


def test_it_loads_children_lazily_with_their_member_counts(as_fed_a, tree):
    response = as_fed_a.get(fragment(tree.district_a1), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment, not a page
    names = {node.unit.pk: node for node in response.context["nodes"]}
    assert set(names) == {tree.cdcs_a1.pk, tree.cdcs_a2.pk, tree.guild.pk}
    today = response.context["on"]
    for node in names.values():
        assert node.members == Membership.objects.valid_on(today).filter(unit=node.unit).count()
    assert tree.cdcs_a1.name in body


def test_it_refuses_the_fragment_of_a_unit_outside_the_actors_subtree(as_fed_b, tree):
    assert as_fed_b.get(fragment(tree.district_a1)).status_code == 404
    assert as_fed_b.get(fragment(tree.fed_a)).status_code == 404
    assert as_fed_b.get(fragment(tree.root)).status_code == 404
    assert as_fed_b.get(fragment(tree.fed_b)).status_code == 200


def test_it_shows_the_tree_as_it_stood_before_and_after_a_move(as_fed_a, tree):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=D, decision_ref="12/QĐ-LĐLĐ")

    before = as_fed_a.get(TREE, {"ngay": "30/06/2025"})
    after = as_fed_a.get(TREE, {"ngay": "01/07/2025"})
    assert before.context["on"] == BEFORE and after.context["on"] == D
    assert tree.cdcs_a2.pk not in {n.unit.pk for n in before.context["nodes"]}
    assert tree.cdcs_a2.pk in {n.unit.pk for n in after.context["nodes"]}

    under_district_before = as_fed_a.get(fragment(tree.district_a1, BEFORE)).context["nodes"]
    under_district_after = as_fed_a.get(fragment(tree.district_a1, D)).context["nodes"]
    assert tree.cdcs_a2.pk in {n.unit.pk for n in under_district_before}
    assert tree.cdcs_a2.pk not in {n.unit.pk for n in under_district_after}
    district_before = next(n for n in before.context["nodes"] if n.unit == tree.district_a1)
    district_after = next(n for n in after.context["nodes"] if n.unit == tree.district_a1)
    assert district_before.members == count_members_in_subtree(tree.district_a1.pk, BEFORE)
    assert district_after.members == count_members_in_subtree(tree.district_a1.pk, D)
    assert district_before.members == district_after.members + 1


def test_it_shows_names_as_they_stood_that_day(as_fed_a, tree):
    old = tree.district_a1.name
    rename_unit(SYSTEM, unit=tree.district_a1, new_name="Công đoàn xã Đông Sơn", on=D)
    before = as_fed_a.get(TREE, {"on": BEFORE.isoformat()}).content.decode()
    after = as_fed_a.get(TREE, {"on": D.isoformat()}).content.decode()
    assert old in before and "Công đoàn xã Đông Sơn" not in before
    assert "Công đoàn xã Đông Sơn" in after and old not in after


def test_it_falls_back_to_today_on_an_invalid_date(as_fed_a, tree):
    response = as_fed_a.get(TREE, {"ngay": "31/02/2025"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert response.context["on"] == today()


def test_it_uses_one_query_for_the_member_counts_whatever_the_number_of_children(as_fed_a, tree):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_fed_a.get(fragment(tree.district_a1)).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    for i in range(6):
        create_unit(
            SYSTEM,
            spec=UnitSpec(code=f"CDCS-X{i}", name=f"Công đoàn Công ty số {i}", kind=UnitKind.GRASSROOTS),
            parent=tree.district_a1,
            on=date(2021, 1, 1),
        )
    assert queries() == first


def test_it_searches_units_without_accents_and_pages_the_results(as_fed_a, tree, monkeypatch):
    response = as_fed_a.get(TREE, {"q": "truong tieu hoc dong son"})
    assert [r.unit for r in response.context["page"].rows] == [tree.cdcs_a1]
    assert as_fed_a.get(TREE, {"q": "ĐÔNG SƠN"}).context["page"].paginator.count == 3
    # Units of another province are never found.
    assert as_fed_a.get(TREE, {"q": "benh vien binh son"}).context["page"].paginator.count == 0

    monkeypatch.setattr(views, "TREE_SEARCH_PAGE", 2)
    first = as_fed_a.get(TREE, {"q": "dong son"})
    second = as_fed_a.get(TREE, {"q": "dong son", "page": 2})
    assert first.context["page"].paginator.num_pages == 2
    seen = [r.unit.pk for r in first.context["page"].rows] + [r.unit.pk for r in second.context["page"].rows]
    assert len(seen) == len(set(seen)) == 3
    assert "page=2" in first.content.decode()


def test_it_tells_a_user_without_assignment_what_to_do(client, tree):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="chua-phan-cong", password="x" * 12)
    client.force_login(user)
    response = client.get(TREE)
    assert response.status_code == 200
    assert "chưa được phân công" in response.content.decode()


def test_a_grassroots_chair_sees_only_their_union(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR))
    response = client.get(TREE)
    assert response.context["root"].unit == tree.cdcs_a1
    assert response.context["nodes"] == []
    assert client.get(fragment(tree.district_a1)).status_code == 404


def test_the_member_totals_come_from_the_engines_summary_rows_and_link_to_their_records(as_fed_a, tree):
    """Built summary rows (rebuild_indicators): the tree, the unit list and the unit page read their
    totals from the engine, equal to a count of the memberships, each a link to the records counted."""
    from indicators import summary
    from indicators.models import SummaryRow, SummarySnapshot
    from members.selectors import member_counts as from_memberships

    summary.rebuild(["members_by_sector"])
    on = today()
    response = as_fed_a.get(TREE)
    root = response.context["root"]
    nodes = [root, *response.context["nodes"]]
    expected = from_memberships([n.unit.pk for n in nodes], on)
    assert root.members > 0
    assert {n.unit.pk: n.members for n in nodes if n.members} == expected
    body = response.content.decode()
    for node in nodes:
        assert f'href="{escape(node.members_url)}"' in body
        drill = as_fed_a.get(node.members_url)
        assert drill.status_code == 200
        assert drill.context["count"] == node.members
    unit_page = as_fed_a.get(reverse("org:unit_detail", args=[tree.fed_a.pk]))
    assert unit_page.context["page"].members == root.members
    assert escape(unit_page.context["page"].members_url) in unit_page.content.decode()
    unit_list = as_fed_a.get(reverse("org:unit_list"))
    rows = {r.unit.pk: r for r in unit_list.context["rows"]}
    assert rows[tree.fed_a.pk].members == root.members
    assert rows[tree.fed_a.pk].members_url == root.members_url

    # The figure is the engine's: a summary row changed behind its back shows on the page.
    for rows in (SummaryRow, SummarySnapshot):  # the rows, and the quarter-end snapshots read with them
        rows.objects.filter(code="members_by_sector", unit=tree.cdcs_a1).update(value=1000)
    assert as_fed_a.get(TREE).context["root"].members > 1000
