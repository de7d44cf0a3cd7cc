import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Role
from lamtheo.lib.dates import today
from lamtheo.testing import make_user
from members.models import Membership
from org.models import GRASSROOTS_KINDS, Sector, Unit, UnitKind

HOME = reverse("home")


def figures_of(response) -> dict:
    """The figures panel's summary as the home page rendered it."""
    return next(p.context for p in response.context["panels"] if p.template == "org/_home_figures.html")[
        "summary"
    ]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def expected(unit) -> dict:
    """The figures, counted straight from the fixture's records."""
    on = today()
    units = Unit.objects.subtree_of(unit.pk, on)
    grassroots = units.filter(kind__in=GRASSROOTS_KINDS)
    members = Membership.objects.valid_on(on).filter(unit__in=units)
    return {
        "grassroots": grassroots.count(),
        "members": members.count(),
        "by_kind": {
            k: units.filter(kind=k).count() for k in UnitKind.values if units.filter(kind=k).exists()
        },
        "by_sector": {
            s: (grassroots.filter(sector=s).count(), members.filter(unit__sector=s).count())
            for s in Sector.values
            if s and grassroots.filter(sector=s).exists()
        },
    }


def test_it_shows_the_figures_of_the_acting_units_subtree(client, tree):
    client.force_login(make_user(tree.fed_a))
    response = client.get(HOME)
    assert response.status_code == 200
    summary = figures_of(response)
    want = expected(tree.fed_a)
    assert summary["grassroots_total"] == want["grassroots"] == 3
    assert summary["members_total"] == want["members"] == 2
    assert {row["code"]: row["units"] for row in summary["kinds"]} == want["by_kind"]
    assert {row["code"]: (row["units"], row["members"]) for row in summary["sectors"]} == want["by_sector"]
    assert sum(row["units"] for row in summary["sectors"]) + summary["sector_unknown"]["units"] == 3
    body = response.content.decode()
    assert f"Số liệu ngày {today():%d/%m/%Y}" in body
    assert tree.fed_a.name in body


def test_each_figure_links_to_the_records_behind_it(client, tree):
    client.force_login(make_user(tree.fed_a))
    body = client.get(HOME).content.decode()
    members = reverse("members:member_list")
    units = reverse("org:unit_list")
    assert f'{members}?sector=public_service_unit"' in body
    assert f'{members}?unit={tree.fed_a.pk}"' in body
    assert f"{units}?level=grassroots&amp;sector=non_state_enterprise" in body
    assert f"{units}?kind=upper_grassroots" in body
    # The linked unit list shows exactly the counted units.
    listed = client.get(units, {"level": "grassroots", "sector": "public_service_unit"}).context["rows"]
    assert [row.unit for row in listed] == [tree.cdcs_a1]


def test_the_national_view_adds_up_both_provinces(client, tree):
    client.force_login(make_user(tree.root, Role.NATIONAL_STAFF))
    summary = figures_of(client.get(HOME))
    want = expected(tree.root)
    assert summary["grassroots_total"] == want["grassroots"]
    assert summary["members_total"] == want["members"] == 3
    public = next(row for row in summary["sectors"] if row["code"] == Sector.PUBLIC_SERVICE_UNIT)
    assert (public["units"], public["members"]) == want["by_sector"][Sector.PUBLIC_SERVICE_UNIT] == (2, 2)


def test_it_shows_the_figures_as_of_a_chosen_date(client, tree):
    client.force_login(make_user(tree.fed_a))
    response = client.get(HOME, {"ngay": "01/01/2019"})  # before the tree existed
    assert figures_of(response)["grassroots_total"] == 0
    assert "Số liệu ngày 01/01/2019" in response.content.decode()
    bad = client.get(HOME, {"ngay": "hôm qua"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()


def test_a_user_without_assignment_gets_a_friendly_message(client, db):
    user = get_user_model().objects.create_user(username="moi-tao", password="matkhau-rat-dai")
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "chưa được phân công" in response.content.decode()
