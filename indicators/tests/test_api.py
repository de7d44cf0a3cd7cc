import pytest

from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from lamtheo.testing import build_small_tree

pytestmark = pytest.mark.django_db


def test_definitions(client):
    tree = build_small_tree()
    body = client.get(f"{API_ROOT}/indicators", headers=bearer(issue_token(tree.fed_a))).json()
    codes = [d["code"] for d in body]
    assert "members_by_sector" in codes and "tasks_late" in codes


def test_figures_of_a_unit_in_scope_and_404_outside(client):
    tree = build_small_tree()
    key = issue_token(tree.fed_a)
    url = f"{API_ROOT}/units/{tree.fed_a.pk}/indicators?from=2023-01-01&to=2024-12-31"
    body = client.get(url, headers=bearer(key)).json()
    assert body["from"] == "2023-01-01" and body["to"] == "2024-12-31"
    members = {i["code"]: i for i in body["items"]}["members_by_sector"]
    assert members["value"]["total"] == 2 and members["by_year"]["2023"]["total"] == 2
    assert client.get(f"{API_ROOT}/units/{tree.fed_b.pk}/indicators", headers=bearer(key)).status_code == 404
    bad = client.get(
        f"{API_ROOT}/units/{tree.fed_a.pk}/indicators?from=2024-12-01&to=2024-01-01", headers=bearer(key)
    )
    assert bad.status_code == 422 and "phải sau" in bad.json()["detail"]


def test_a_period_past_the_calendar_is_a_422_not_a_500(client):
    tree = build_small_tree()
    key = issue_token(tree.fed_a)
    for period in ("from=2020-01-01&to=9999-12-31", "from=2020-01-01&to=9999-12-30", "as_of=9999-12-31"):
        bad = client.get(f"{API_ROOT}/units/{tree.fed_a.pk}/indicators?{period}", headers=bearer(key))
        assert bad.status_code == 422, period
        assert "ngoài khoảng cho phép" in bad.json()["detail"]


def test_a_figure_the_token_may_not_see_is_null_not_zero(client):
    from accounts.models import Role

    tree = build_small_tree()
    key = issue_token(tree.cdcs_a1, Role.MEMBER, username="doanvien-a1")
    url = f"{API_ROOT}/units/{tree.cdcs_a1.pk}/indicators?from=2023-01-01&to=2024-12-31"
    response = client.get(url, headers=bearer(key))
    assert response.status_code == 200
    items = {i["code"]: i for i in response.json()["items"]}
    members = items["members_by_sector"]
    assert members["value"] is None and members["by_year"] == {"2023": None, "2024": None}
    assert members["records_url"] is None and "hidden" not in members
    assert items["units_grassroots_by_sector"]["value"]["total"] == 1  # a count of unions: theirs to see
    chair = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich-a1")
    seen = {i["code"]: i for i in client.get(url, headers=bearer(chair)).json()["items"]}["members_by_sector"]
    assert seen["value"]["total"] >= 1 and seen["records_url"]
