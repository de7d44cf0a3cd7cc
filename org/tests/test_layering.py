"""The tree knows no app above it: reorganisations reach members (and later directives) only
through the handlers registered in org.reorganisation."""

import ast
from datetime import date
from pathlib import Path

import pytest

from accounts.scoping import SYSTEM
from org import reorganisation
from org.models import UnitChange
from org.services import dissolve_unit, merge_units

ABOVE = ("members", "documents", "directives")
ORG = Path(__file__).resolve().parent.parent
# Still to be moved by the work on counts (selectors) and on the shared date parser (importing).
PENDING = {"selectors.py", "importing.py"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_org_imports_no_app_above_the_tree():
    offending = {}
    for path in ORG.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name in PENDING:
            continue
        above = {m for m in imported_modules(path) if m.split(".")[0] in ABOVE}
        if above:
            offending[str(path.relative_to(ORG))] = sorted(above)
    assert offending == {}


def test_registered_handlers_hear_every_reorganisation_inside_its_transaction(tree):
    heard: list[reorganisation.Reorganisation] = []
    handler = heard.append
    reorganisation.on_reorganised(handler)
    reorganisation.on_reorganised(handler)  # registering twice calls it once
    try:
        merge_units(SYSTEM, sources=[tree.cdcs_a2], target=tree.cdcs_a1, parent=None, on=date(2025, 7, 1))
        dissolve_unit(SYSTEM, unit=tree.guild, on=date(2025, 8, 1))
    finally:
        reorganisation._handlers.remove(handler)
    merge, dissolve = heard
    assert merge.kind == UnitChange.Kind.MERGE and merge.sources == (tree.cdcs_a2,)
    assert merge.targets == (tree.cdcs_a1,) and merge.successor == {tree.cdcs_a2.pk: tree.cdcs_a1}
    assert merge.change.units.count() == 2 and merge.ends_units()
    assert dissolve.kind == UnitChange.Kind.DISSOLVE and dissolve.successor == {}


def test_a_refusing_handler_rolls_the_whole_reorganisation_back(tree):
    from lamtheo.lib.errors import ServiceError

    def refuse(event):
        raise ServiceError("Còn nhiệm vụ chưa hoàn thành.")

    reorganisation.on_reorganised(refuse)
    try:
        with pytest.raises(ServiceError, match="nhiệm vụ"):
            dissolve_unit(SYSTEM, unit=tree.guild, on=date(2025, 8, 1))
    finally:
        reorganisation._handlers.remove(refuse)
    tree.guild.refresh_from_db()
    assert tree.guild.valid_to > date(2025, 8, 1)
    assert not UnitChange.objects.filter(kind=UnitChange.Kind.DISSOLVE).exists()
