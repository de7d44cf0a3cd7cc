"""/api/v1/units: the tree as it stood on a date, filters, pages, constant query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.scoping import SYSTEM
from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from lamtheo.testing import unit
from org.models import Sector, UnitKind
from org.services import move_unit, rename_unit

pytestmark = pytest.mark.django_db

MOVE_DAY = date(2025, 7, 1)


@pytest.fixture
def key(tree):
    return issue_token(tree.fed_a)


def get(client, key, path, **params):
    return client.get(f"{API_ROOT}{path}", params, headers=bearer(key))


def by_code(body):
    return {item["code"]: item for item in body["items"]}


def test_it_lists_the_subtree_of_the_token(client, tree, key):
    body = get(client, key, "/units").json()
    assert set(by_code(body)) == {"LDLD-A", "LDLD-A1", "CDCS-A1", "CDCS-A2", "ND-A"}
    assert body["count"] == 5
    a1 = by_code(body)["CDCS-A1"]
    assert a1 == {
        "id": tree.cdcs_a1.pk,
        "code": "CDCS-A1",
        "name": "Công đoàn Trường Tiểu học Đông Sơn",
        "kind": "grassroots",
        "subkind": "",
        "sector": "public_service_unit",
        "parent_id": tree.district_a1.pk,
        "valid_from": "2020-01-01",
        "valid_to": None,
    }


def test_it_shows_the_parent_as_of_the_date(client, tree, key):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=MOVE_DAY)
    before = by_code(get(client, key, "/units", as_of="2025-06-30").json())
    after = by_code(get(client, key, "/units", as_of="2025-07-01").json())
    assert before["CDCS-A2"]["parent_id"] == tree.district_a1.pk
    assert after["CDCS-A2"]["parent_id"] == tree.fed_a.pk


def test_it_shows_the_children_as_of_the_date(client, tree, key):
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=MOVE_DAY)
    path = f"/units/{tree.district_a1.pk}/children"
    before = get(client, key, path, as_of="2025-06-30").json()
    after = get(client, key, path, as_of="2025-07-01").json()
    assert set(by_code(before)) == {"CDCS-A1", "CDCS-A2", "ND-A"}
    assert set(by_code(after)) == {"CDCS-A1", "ND-A"}
    assert after["as_of"] == "2025-07-01"


def test_it_shows_the_name_as_of_the_date(client, tree, key):
    rename_unit(SYSTEM, unit=tree.cdcs_a1, new_name="Công đoàn Trường Tiểu học Đông Sơn 1", on=MOVE_DAY)
    path = f"/units/{tree.cdcs_a1.pk}"
    assert get(client, key, path, as_of="2025-06-30").json()["name"] == "Công đoàn Trường Tiểu học Đông Sơn"
    assert get(client, key, path, as_of="2025-07-01").json()["name"] == "Công đoàn Trường Tiểu học Đông Sơn 1"


def test_it_follows_the_subtree_as_it_stood(client, tree, key):
    """A unit moved to province B on MOVE_DAY was province A's before, and is not after."""
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_b, on=MOVE_DAY)
    assert "CDCS-A2" in by_code(get(client, key, "/units", as_of="2025-06-30").json())
    assert "CDCS-A2" not in by_code(get(client, key, "/units", as_of="2025-07-01").json())
    assert get(client, key, f"/units/{tree.cdcs_a2.pk}", as_of="2025-07-01").status_code == 404


def test_it_gives_one_unit_with_children_and_member_count(client, tree, key):
    response = get(client, key, f"/units/{tree.district_a1.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "LDLD-A1"
    assert body["parent_id"] == tree.fed_a.pk
    assert sorted(body["children_ids"]) == sorted([tree.cdcs_a1.pk, tree.cdcs_a2.pk, tree.guild.pk])
    assert body["member_count"] == 2  # Đức in A1, Ánh in A2


def test_it_counts_members_as_of_the_date(client, tree, key):
    path = f"/units/{tree.district_a1.pk}"
    assert get(client, key, path, as_of="2020-01-01").json()["member_count"] == 2
    assert get(client, key, path, as_of="2019-12-31").status_code == 404  # not founded yet


def test_it_answers_404_for_a_unit_not_existing_on_the_date(client, tree, key):
    response = get(client, key, f"/units/{tree.cdcs_a1.pk}", as_of="2019-12-31")
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị" in response.json()["detail"]
    assert get(client, key, "/units/999999").status_code == 404


def test_it_answers_404_for_children_out_of_scope(client, tree, key):
    assert get(client, key, f"/units/{tree.fed_b.pk}/children").status_code == 404


def test_it_filters_by_kind_sector_parent_and_text(client, tree, key):
    assert set(by_code(get(client, key, "/units", kind="grassroots").json())) == {"CDCS-A1", "CDCS-A2"}
    assert set(by_code(get(client, key, "/units", sector="non_state_enterprise").json())) == {"CDCS-A2"}
    children = get(client, key, "/units", parent=tree.fed_a.pk).json()
    assert set(by_code(children)) == {"LDLD-A1"}
    # accent-insensitive: "đông sơn" / "dong son" both find the units named "... Đông Sơn"
    found = set(by_code(get(client, key, "/units", q="dong son").json()))
    assert found == {"LDLD-A1", "CDCS-A1", "ND-A"}
    assert set(by_code(get(client, key, "/units", q="ĐÔNG SƠN").json())) == found


def test_it_refuses_a_parent_out_of_scope(client, tree, key):
    response = get(client, key, "/units", parent=tree.fed_b.pk)
    assert response.status_code == 404


def test_it_refuses_bad_parameters_in_vietnamese(client, tree, key):
    response = get(client, key, "/units", as_of="30/06/2025")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Dữ liệu không hợp lệ")
    assert body["errors"] == [{"field": "as_of", "message": "Ngày không hợp lệ (dạng YYYY-MM-DD)."}]
    response = get(client, key, "/units", kind="tinh")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert response.json()["errors"][0]["message"].startswith("Giá trị không hợp lệ; chỉ nhận:")
    response = get(client, key, "/units", limit=0)
    assert response.json()["errors"] == [{"field": "limit", "message": "Phải lớn hơn hoặc bằng 1."}]


def test_it_pages_with_a_total_count(client, tree, key):
    first = get(client, key, "/units", limit=2).json()
    second = get(client, key, "/units", limit=2, offset=2).json()
    third = get(client, key, "/units", limit=2, offset=4).json()
    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    codes = [i["code"] for page in (first, second, third) for i in page["items"]]
    assert len(codes) == 5
    assert set(codes) == {"LDLD-A", "LDLD-A1", "CDCS-A1", "CDCS-A2", "ND-A"}


def count_queries(client, key, path, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, key, path, **params).status_code == 200
    return len(ctx.captured_queries)


def test_it_needs_the_same_queries_for_more_units(client, tree, key):
    district = tree.district_a1
    list_before = count_queries(client, key, "/units")
    detail_before = count_queries(client, key, f"/units/{district.pk}")
    children_before = count_queries(client, key, f"/units/{district.pk}/children")
    for i in range(5):
        unit(
            f"CDCS-X{i}",
            f"Công đoàn Trường số {i}",
            UnitKind.GRASSROOTS,
            district,
            sector=Sector.FDI_ENTERPRISE,
        )
    assert get(client, key, "/units").json()["count"] == 10
    assert count_queries(client, key, "/units") == list_before
    assert count_queries(client, key, f"/units/{district.pk}") == detail_before
    assert count_queries(client, key, f"/units/{district.pk}/children") == children_before


def test_it_names_the_bad_parameter_of_a_detail_request(client, tree, key):
    response = get(client, key, f"/units/{tree.cdcs_a1.pk}", as_of="2025-13-01")
    assert response.status_code == 422
    assert response.json()["errors"] == [  # the message of the one date parser, as on the pages
        {"field": "as_of", "message": "Ngày “2025-13-01” không tồn tại."}
    ]
