"""docs/permissions.md lists the permission table of accounts/permissions.py: the two must agree."""

import re
from pathlib import Path

from django.conf import settings

from accounts.models import Role
from accounts.permissions import PERMISSIONS, Action, Scope

DOC = Path(settings.BASE_DIR) / "docs" / "permissions.md"


def documented_table() -> dict[str, dict[str, frozenset[str]]]:
    """The "The table" section: a header row of actions, then one row per role."""
    section = DOC.read_text(encoding="utf-8").split("## The table", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        table[cells[0]] = {
            action: frozenset(s.strip() for s in re.split(r",", cell) if s.strip() not in ("", "—"))
            for action, cell in zip(header[1:], cells[1:], strict=True)
        }
    return table


def code_table() -> dict[str, dict[str, frozenset[str]]]:
    return {
        str(role): {
            str(action): frozenset(str(s) for s in PERMISSIONS[role].get(action, ())) for action in Action
        }
        for role in PERMISSIONS
    }


def test_the_documented_table_is_the_table_in_code():
    assert documented_table() == code_table()


def test_every_role_and_action_is_in_the_table():
    assert set(PERMISSIONS) == set(Role.values)
    assert set(next(iter(documented_table().values()))) == {a.value for a in Action}
    assert all(
        s in {x.value for x in Scope} for row in documented_table().values() for c in row.values() for s in c
    )
