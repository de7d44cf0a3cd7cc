"""The "Số liệu" page and the drill-down: the list holds exactly the records the figure counts."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from documents.models import Direction, Document, Status
from indicators import engine, registry
from lamtheo.testing import build_small_tree, make_user
from members.services import create_member
from org.services import move_unit

pytestmark = pytest.mark.django_db
Y2024 = {"from": "2024-01-01", "to": "2024-12-31"}


@pytest.fixture
def tree(client):
    t = build_small_tree()
    move_unit(SYSTEM, unit=t.cdcs_a2, new_parent=t.fed_b, on=date(2024, 7, 1))
    client.force_login(make_user(t.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    return t


def doc(issuer, on: date) -> Document:
    return Document.objects.create(kind="ke_hoach", direction=Direction.OUTGOING, status=Status.ISSUED,
                                   issuer_unit=issuer, owner_unit=issuer, date=on, subject=f"Kế hoạch {on}")  # fmt: skip


def test_the_page_shows_figures_with_links(client, tree):
    for i in range(3):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name=f"Phạm Văn Số {i}", data={}, on=date(2020, 1, 1))
    response = client.get(reverse("indicators:figures"), {**Y2024, "chi_tieu": "members_by_sector"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đoàn viên công đoàn" in text and "Liên đoàn Lao động huyện Đông Sơn" in text
    assert reverse("indicators:records", args=[tree.district_a1.pk, "members_by_sector"]) in text
    assert client.get(reverse("indicators:figures"), {"ky": "so-ket-5-nam"}).status_code == 200
    assert client.get(reverse("indicators:figures"), {"from": "31/02/2024"}).status_code == 200


def test_the_drill_down_lists_exactly_what_is_counted(client, tree):
    docs = [doc(tree.cdcs_a1, date(2024, 2, 1)), doc(tree.cdcs_a2, date(2024, 3, 1))]
    doc(tree.cdcs_a2, date(2024, 9, 1))  # after the move: province B's
    doc(tree.cdcs_a1, date(2023, 9, 1))  # before the period
    ind = registry.get("plans_issued")
    window = engine.window_for(date(2024, 1, 1), date(2025, 1, 1))
    counted = engine.compute(SYSTEM, ind, tree.fed_a.pk, window).value["total"]
    response = client.get(reverse("indicators:records", args=[tree.fed_a.pk, "plans_issued"]), Y2024)
    listed = [row[0] for row in response.context["rows"]]
    assert counted == response.context["count"] == 2
    assert sorted(listed) == sorted(str(d) for d in docs)
    # The child cell of CĐCS A2 in province A's breakdown: only what it did while it was there.
    cell = client.get(reverse("indicators:records", args=[tree.cdcs_a2.pk, "plans_issued"]),
                      {**Y2024, "within": tree.fed_a.pk})  # fmt: skip
    assert cell.context["count"] == 1


def test_a_part_cell_lists_that_part(client, tree):
    response = client.get(
        reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"]),
        {**Y2024, "part": "public_service_unit"},
    )
    assert [row[0] for row in response.context["rows"]] == [tree.member_a1.full_name]


def test_another_province_gets_404(client, tree):
    url = reverse("indicators:records", args=[tree.fed_b.pk, "members_by_sector"])
    assert client.get(url, Y2024).status_code == 404
    assert client.get(reverse("indicators:records", args=[tree.fed_a.pk, "nope"])).status_code == 404


def test_the_period_is_typed_as_dd_mm_yyyy_not_in_a_native_date_picker(client, tree):
    """A native date input shows mm/dd/yyyy in an English browser: the period boxes are typed text."""
    response = client.get(reverse("indicators:figures"), {"from": "01/07/2024", "to": "31/12/2024"})
    text = response.content.decode()
    assert 'type="date"' not in text
    assert 'value="01/07/2024"' in text and 'value="31/12/2024"' in text
