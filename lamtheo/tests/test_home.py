"""The home page's figures panel: the acting unit's key figures of the year, from the indicators engine
(no second count of its own), each a link to exactly the records it counts."""

from datetime import date

from django.urls import reverse

from accounts.models import Role
from lamtheo.lib.dates import today
from lamtheo.testing import make_user
from members.models import Membership
from org.models import GRASSROOTS_KINDS, Sector, Unit

HOME = reverse("home")
PANEL = "indicators/_home_figures.html"


def panel_of(response) -> dict:
    return next(p.context for p in response.context["panels"] if p.template == PANEL)


def figures_of(response) -> dict:
    """code → (total, {part: value}) as the panel rendered it."""
    return {c["figure"].indicator.code: (c["figure"].value, {k: v for k, _, v in c["figure"].parts})
            for c in panel_of(response)["cards"]}  # fmt: skip


def expected(unit, on=None) -> dict:
    """Units and members, counted straight from the fixture's rows (not through the engine)."""
    on = on or today()
    units = Unit.objects.subtree_of(unit.pk, on).filter(kind__in=GRASSROOTS_KINDS)
    members = Membership.objects.valid_on(on).filter(unit__in=Unit.objects.subtree_of(unit.pk, on))
    return {
        "units": (units.count(), {s: units.filter(sector=s).count() for s in Sector.values if s}),
        "members": (members.count(), {s: members.filter(unit__sector=s).count() for s in Sector.values if s}),
    }


def nonzero(parts: dict) -> dict:
    return {k: v for k, v in parts.items() if v}


def test_it_shows_the_engines_figures_of_the_acting_units_subtree(client, tree):
    client.force_login(make_user(tree.fed_a))
    response = client.get(HOME)
    assert response.status_code == 200
    got, want = figures_of(response), expected(tree.fed_a)
    assert got["units_grassroots_by_sector"][0] == want["units"][0] == 3
    assert nonzero(got["units_grassroots_by_sector"][1]) == nonzero(want["units"][1])
    assert got["members_by_sector"][0] == want["members"][0] == 2
    assert nonzero(got["members_by_sector"][1]) == nonzero(want["members"][1])
    assert {"plans_issued", "tasks_assigned", "tasks_late"} <= set(got)
    body = response.content.decode()
    assert f"Số liệu ngày {today():%d/%m/%Y}" in body and tree.fed_a.name in body
    assert f"Số liệu chính năm {today().year}" in body


def test_the_twin_count_is_gone():
    """No figure of the home page is computed a second way: org has no home summary any more."""
    import org.selectors

    assert not hasattr(org.selectors, "home_summary")


def test_each_figure_links_to_the_records_behind_it(client, tree):
    client.force_login(make_user(tree.fed_a))
    response = client.get(HOME)
    body = response.content.decode()
    start, last = date(today().year, 1, 1), today()
    members = reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"])
    period = f"from={start:%Y-%m-%d}&amp;to={last:%Y-%m-%d}"
    assert f'href="{members}?{period}"' in body
    assert f'href="{members}?{period}&amp;part=public_service_unit"' in body
    units = reverse("indicators:records", args=[tree.fed_a.pk, "units_grassroots_by_sector"])
    assert f'href="{units}?{period}&amp;part=non_state_enterprise"' in body
    # The linked drill-down lists exactly the counted records.
    listed = client.get(
        members, {"from": start.isoformat(), "to": last.isoformat(), "part": "public_service_unit"}
    )
    assert [r.label for r in listed.context["rows"]] == [tree.member_a1.full_name]
    sector_units = client.get(units, {"from": start.isoformat(), "to": last.isoformat(), "part": "guild"})
    assert [r.label for r in sector_units.context["rows"]] == [str(tree.guild)]


def test_the_national_view_adds_up_both_provinces(client, tree):
    client.force_login(make_user(tree.root, Role.NATIONAL_STAFF))
    got, want = figures_of(client.get(HOME)), expected(tree.root)
    assert got["members_by_sector"][0] == want["members"][0] == 3
    assert got["members_by_sector"][1][Sector.PUBLIC_SERVICE_UNIT] == 2
    assert got["units_grassroots_by_sector"][1][Sector.PUBLIC_SERVICE_UNIT] == 2


def test_it_shows_the_figures_as_of_a_chosen_date(client, tree):
    client.force_login(make_user(tree.fed_a))
    response = client.get(HOME, {"ngay": "01/01/2019"})  # before the tree existed
    assert "Số liệu ngày 01/01/2019" in response.content.decode()
    got = figures_of(response)
    assert got["units_grassroots_by_sector"][0] == got["members_by_sector"][0] == 0
    bad = client.get(HOME, {"ngay": "hôm qua"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()


def test_a_user_without_assignment_gets_a_friendly_message(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="moi-tao", password="matkhau-rat-dai")
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "chưa được phân công" in response.content.decode()
