import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from documents.models import Direction, Document, Status
from lamtheo.testing import build_small_tree

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_list_names_every_definition():
    out = run("--list")
    assert "members_by_sector" in out and "plans_issued" in out and "tasks_late" in out


def test_json_for_a_unit_and_period():
    tree = build_small_tree()
    Document.objects.create(kind="ke_hoach", direction=Direction.OUTGOING, status=Status.ISSUED,
                            issuer_unit=tree.cdcs_a1, owner_unit=tree.cdcs_a1, date=date(2024, 12, 31))  # fmt: skip
    rows = {
        r["code"]: r
        for r in json.loads(run("--unit", "LDLD-A", "--from", "2023-01-01", "--to", "2024-12-31", "--json"))
    }
    members = rows["members_by_sector"]
    assert members["unit_of_measure"] == "người"
    assert members["value"]["total"] == 2 and members["value"]["public_service_unit"] == 1
    assert members["by_year"]["2023"]["total"] == 2
    plans = rows["plans_issued"]
    assert plans["value"]["total"] == 1 and plans["by_year"] == {
        "2023": plans["by_year"]["2023"],
        "2024": plans["value"],
    }
    assert plans["by_year"]["2023"]["total"] == 0
    assert rows["tasks_late"]["value"] == 0
    as_of = json.loads(
        run(
            "--unit",
            "LDLD-A",
            "--from",
            "2023-01-01",
            "--to",
            "2024-12-31",
            "--as-of",
            "2019-06-01",
            "--json",
        )
    )
    assert {r["code"]: r for r in as_of}["members_by_sector"]["value"]["total"] == 0


def test_bad_input_is_a_vietnamese_message():
    build_small_tree()
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run("--unit", "NOPE", "--from", "2024-01-01", "--to", "2024-12-31")
    with pytest.raises(CommandError, match="--from"):
        run("--unit", "LDLD-A", "--from", "2024-13-01", "--to", "2024-12-31")
    with pytest.raises(CommandError, match="phải sau"):
        run("--unit", "LDLD-A", "--from", "2024-12-01", "--to", "2024-01-31")
