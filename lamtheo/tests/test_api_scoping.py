"""A province-B token gets nothing of province A from any endpoint of the JSON API."""

import re

import pytest

from accounts.models import Role
from lamtheo.api_catalog import (
    API_ROOT,
    api_endpoints_for,
    api_writes_for,
    bearer,
    issue_token,
    province_a_markers,
)
from members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_b(tree):
    return issue_token(tree.fed_b)


def test_province_b_sees_no_unit_of_province_a(client, tree, key_b):
    body = client.get(f"{API_ROOT}/units", headers=bearer(key_b)).json()
    assert {i["code"] for i in body["items"]} == {"LDLD-B", "CDCS-B1"}
    for unit in (tree.fed_a, tree.district_a1, tree.cdcs_a1):
        assert client.get(f"{API_ROOT}/units/{unit.pk}", headers=bearer(key_b)).status_code == 404
        assert client.get(f"{API_ROOT}/units/{unit.pk}/children", headers=bearer(key_b)).status_code == 404


def test_province_b_sees_no_member_of_province_a(client, tree, key_b):
    body = client.get(f"{API_ROOT}/members", headers=bearer(key_b)).json()
    assert [i["full_name"] for i in body["items"]] == ["Lê Văn Bình"]
    for member in (tree.member_a1, tree.member_a2):
        assert client.get(f"{API_ROOT}/members/{member.pk}", headers=bearer(key_b)).status_code == 404


def test_a_grassroots_token_sees_only_its_unit(client, tree):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    units = client.get(f"{API_ROOT}/units", headers=bearer(key)).json()["items"]
    assert [u["code"] for u in units] == ["CDCS-A1"]
    members = client.get(f"{API_ROOT}/members", headers=bearer(key)).json()["items"]
    assert [m["full_name"] for m in members] == ["Nguyễn Văn Đức"]
    assert client.get(f"{API_ROOT}/members/{tree.member_a2.pk}", headers=bearer(key)).status_code == 404


def test_every_endpoint_gives_province_b_nothing_of_province_a(client, tree, key_b):
    markers = province_a_markers(tree)
    for method, path in api_endpoints_for(tree):
        response = client.generic(method, path, headers=bearer(key_b))
        assert response.status_code in (200, 404), (path, response.status_code)
        text = response.content.decode()
        assert not [m for m in markers if m in text], path
    for method, path, body in api_writes_for(tree):
        before = Member.objects.count()
        response = client.generic(
            method, path, data=body, content_type="application/json", headers=bearer(key_b)
        )
        assert 400 <= response.status_code < 500, path
        assert Member.objects.count() == before


def test_the_catalog_covers_every_operation_of_the_schema(client, tree, key_b):
    schema = client.get(f"{API_ROOT}/openapi.json").json()
    catalog = [(m, p.split("?")[0]) for m, p in api_endpoints_for(tree)]
    catalog += [(m, p.split("?")[0]) for m, p, _ in api_writes_for(tree)]
    for template, item in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\{[^}]+\}", r"\\d+", template) + "$")
        for method in item:
            assert any(m == method.upper() and pattern.match(p) for m, p in catalog), (method, template)
