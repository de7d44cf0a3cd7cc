"""The API and the command give every figure one shape (issue #9, point 6), within the caller's scope,
in the OpenAPI schema, and the API's query count does not grow with the number of units."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.scoping import SYSTEM
from documents.models import Direction, Document, Status
from indicators import registry
from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from lamtheo.testing import build_small_tree
from lamtheo.testing import unit as make_unit
from members.services import create_member
from org.models import Sector, UnitKind

pytestmark = pytest.mark.django_db
PERIOD = "from=2023-01-01&to=2024-12-31"


def check_shape(item: dict, years: list[str]) -> None:
    """code, label, unit_of_measure, value (a number, or named parts with a total) and by_year."""
    ind = registry.get(item["code"])
    assert ind is not None
    assert (item["label"], item["unit_of_measure"]) == (ind.label, ind.unit_of_measure)
    assert sorted(item["by_year"]) == years
    for value in [item["value"], *item["by_year"].values()]:
        if ind.parts:
            assert isinstance(value, dict) and "total" in value
            assert {c for c, _ in ind.parts} <= set(value)
            assert value["total"] == sum(v for k, v in value.items() if k != "total")
        else:
            assert value is None or isinstance(value, int | float)


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def plan(unit, on: date) -> Document:
    return Document.objects.create(kind="ke_hoach", direction=Direction.OUTGOING, status=Status.ISSUED,
                                   issuer_unit=unit, owner_unit=unit, date=on)  # fmt: skip


def test_the_schema_describes_both_endpoints_and_the_figure_shape(client):
    schema = client.get(f"{API_ROOT}/openapi.json").json()
    assert "/api/v1/indicators" in schema["paths"]
    op = schema["paths"]["/api/v1/units/{unit_id}/indicators"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"unit_id", "from", "to", "as_of"}
    figure = schema["components"]["schemas"]["FigureOut"]
    assert {"code", "label", "unit_of_measure", "value", "by_year"} <= set(figure["required"])
    assert {"404", "422"} <= set(op["responses"])


def test_the_api_and_the_command_give_the_same_figures_in_the_same_shape(client):
    tree = build_small_tree()
    plan(tree.cdcs_a1, date(2024, 3, 1))
    body = client.get(f"{API_ROOT}/units/{tree.fed_a.pk}/indicators?{PERIOD}",
                      headers=bearer(issue_token(tree.fed_a))).json()  # fmt: skip
    cli = json.loads(run("--unit", tree.fed_a.code, "--from", "2023-01-01", "--to", "2024-12-31", "--json"))
    assert (
        [i["code"] for i in body["items"]]
        == [i["code"] for i in cli]
        == [i.code for i in registry.all_indicators()]
    )
    for item, line in zip(body["items"], cli, strict=True):
        check_shape(item, ["2023", "2024"])
        check_shape(line, ["2023", "2024"])
        assert {k: v for k, v in item.items() if k != "records_url"} == line
    plans = {i["code"]: i for i in body["items"]}["plans_issued"]
    assert plans["value"]["total"] == 1 and plans["by_year"]["2024"]["total"] == 1
    assert plans["records_url"].startswith(f"/so-lieu/don-vi/{tree.fed_a.pk}/plans_issued/?from=2023-01-01")
    assert client.get(plans["records_url"]).status_code == 302  # the page asks for a login


def test_the_api_is_scoped_to_the_token(client):
    tree = build_small_tree()
    district = issue_token(tree.district_a1, Role.FEDERATION_STAFF, username="huyen")
    for unit in (tree.fed_a, tree.root, tree.cdcs_b1):
        answer = client.get(f"{API_ROOT}/units/{unit.pk}/indicators?{PERIOD}", headers=bearer(district))
        assert answer.status_code == 404
    own = client.get(f"{API_ROOT}/units/{tree.district_a1.pk}/indicators?{PERIOD}", headers=bearer(district))
    members = {i["code"]: i for i in own.json()["items"]}["members_by_sector"]
    assert members["value"]["total"] == 2


def api_queries(client, key: str, unit_id: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert (
            client.get(f"{API_ROOT}/units/{unit_id}/indicators?{PERIOD}", headers=bearer(key)).status_code
            == 200
        )
    return len(ctx.captured_queries)


def test_the_api_query_count_does_not_grow_with_units(client):
    tree = build_small_tree()
    key = issue_token(tree.fed_a)

    def grow(start: int, n: int) -> None:
        for i in range(start, start + n):
            u = make_unit(
                f"CDCS-Q{i}", f"Công đoàn Q{i}", UnitKind.GRASSROOTS, tree.district_a1, sector=Sector.GUILD
            )
            create_member(SYSTEM, unit=u, full_name=f"Nguyễn Văn Q{i}", data={}, on=date(2020, 1, 1))
            plan(u, date(2024, 2, 1))

    grow(0, 3)
    first = api_queries(client, key, tree.fed_a.pk)
    grow(3, 6)
    assert api_queries(client, key, tree.fed_a.pk) == first
