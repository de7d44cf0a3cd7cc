"""Derive the dated closure table from the effective-dated parent links.

A path ancestor → descendant is valid while every link on it and both units are valid: the
intersection of their intervals. Only the reorganisation services and `manage.py rebuild_closure`
call rebuild(); `manage.py check_tree` compares the stored rows with a fresh derivation. rebuild()
tells the figures (lamtheo.lib.tallies.records_changed of UnitClosure) which units' ancestry it rewrote.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from django.db import transaction

from lamtheo.lib.tallies import records_changed

from .models import Unit, UnitClosure, UnitLink

Row = tuple[int, int, int, date, date]  # ancestor, descendant, depth, valid_from, valid_to


class TreeGraph:
    """Units and links in memory (ids and dates only: ~50 bytes a unit).

    With `unit_ids`, only those units are loaded, with their links; the parents outside the set keep
    the closure rows already stored for them (their ancestry is not what changed). A reorganisation
    then costs in proportion to the subtree it touches, not to the whole country's tree.
    """

    def __init__(self, unit_ids: set[int] | None = None) -> None:
        self._memo: dict[int, list[Row]] = {}
        units = Unit.objects.values_list("id", "valid_from", "valid_to")
        links = UnitLink.objects.values_list("child_id", "parent_id", "valid_from", "valid_to")
        if unit_ids is None:
            self.span = {pk: (vf, vt) for pk, vf, vt in units}
            link_rows = list(links)
        else:
            self.span, link_rows = {}, []
            for chunk in _chunks(unit_ids):
                self.span.update({pk: (vf, vt) for pk, vf, vt in units.filter(id__in=chunk)})
                link_rows += links.filter(child_id__in=chunk)
        self.parents: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
        for child, parent, vf, vt in link_rows:
            self.parents[child].append((parent, vf, vt))
        outside = {parent for rows in self.parents.values() for parent, _f, _t in rows} - set(self.span)
        for chunk in _chunks(outside):
            stored = UnitClosure.objects.filter(descendant_id__in=chunk).values_list(
                "ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"
            )
            for row in stored:
                self._memo.setdefault(row[1], []).append(row)

    def paths(self, unit_id: int) -> list[Row]:
        """Every path ending at unit_id, each with the days it holds."""
        return self._paths(unit_id, date.min, date.max, frozenset())

    def _paths(self, unit_id: int, lo: date, hi: date, visiting: frozenset[int]) -> list[Row]:
        """The paths ending at unit_id on the days [lo, hi).

        A unit may sit under another in one period and above it in a later one: the links then form a
        cycle that is no loop on any day. So the walk up carries the days it still follows (each step
        narrows them to its link) and only reaching a unit again on a day still followed is a loop."""
        if unit_id in self._memo:
            return _clip(self._memo[unit_id], lo, hi)
        if unit_id not in self.span:  # a parent outside a partial graph with no stored rows
            return []
        uf, ut = self.span[unit_id]
        lo, hi = max(lo, uf), min(hi, ut)
        if lo >= hi:
            return []
        if unit_id in visiting:
            raise ValueError(f"Vòng lặp trong cây đơn vị tại đơn vị #{unit_id} từ ngày {lo:%d/%m/%Y}")
        rows: list[Row] = [(unit_id, unit_id, 0, lo, hi)]
        for parent, lf, lt in self.parents.get(unit_id, ()):
            a, b = max(lf, lo), min(lt, hi)
            if a >= b:
                continue
            for anc, _desc, depth, af, at in self._paths(parent, a, b, visiting | {unit_id}):
                rows.append((anc, unit_id, depth + 1, af, at))
        rows = _merge_adjacent(rows)
        if (lo, hi) == (uf, ut):  # the unit's whole life: the same answer for every walk that asks
            self._memo[unit_id] = rows
        return rows


def _clip(rows: list[Row], lo: date, hi: date) -> list[Row]:
    out = []
    for anc, desc, depth, vf, vt in rows:
        a, b = max(vf, lo), min(vt, hi)
        if a < b:
            out.append((anc, desc, depth, a, b))
    return out


def _merge_adjacent(rows: list[Row]) -> list[Row]:
    """Join intervals of the same (ancestor, depth) that touch, e.g. a move between siblings."""
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    out: list[Row] = []
    for row in rows:
        if out and out[-1][0] == row[0] and out[-1][2] == row[2] and out[-1][4] == row[3]:
            prev = out[-1]
            out[-1] = (prev[0], prev[1], prev[2], prev[3], row[4])
        else:
            out.append(row)
    return out


def _chunks(ids: Iterable[int], size: int = 900) -> Iterator[list[int]]:
    """Stay under SQLite's limit on query parameters."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def affected_by(roots: Iterable[int]) -> set[int]:
    """roots and every unit ever below them: from the stored closure, and from links (maybe new) to them."""
    seen = set(roots)
    frontier = set(seen)
    while frontier:
        found: set[int] = set()
        for chunk in _chunks(frontier):
            found.update(
                UnitClosure.objects.filter(ancestor_id__in=chunk).values_list("descendant_id", flat=True)
            )
            found.update(UnitLink.objects.filter(parent_id__in=chunk).values_list("child_id", flat=True))
        frontier = found - seen
        seen |= frontier
    return seen


@transaction.atomic
def rebuild(unit_ids: Iterable[int] | None = None) -> int:
    """Recompute closure rows for unit_ids and everything ever below them (all units when None)."""
    if unit_ids is None:
        graph = TreeGraph()
        affected = set(graph.span)
        UnitClosure.objects.all().delete()
    else:
        affected = affected_by(unit_ids)
        graph = TreeGraph(affected)
        for chunk in _chunks(affected):
            UnitClosure.objects.filter(descendant_id__in=chunk).delete()
    batch: list[UnitClosure] = []
    count = 0
    for unit_id in affected:
        for anc, desc, depth, vf, vt in graph.paths(unit_id):
            batch.append(
                UnitClosure(ancestor_id=anc, descendant_id=desc, depth=depth, valid_from=vf, valid_to=vt)
            )
        if len(batch) >= 5000:
            UnitClosure.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    UnitClosure.objects.bulk_create(batch)
    # Figures kept per ancestry epoch of a unit (distinct counts) are recomputed for the units whose
    # ancestry changed; per-day summary rows join the tree at query time and are not concerned.
    records_changed(UnitClosure, affected)
    return count + len(batch)


def add_leaf(unit: Unit) -> int:
    """Closure rows of a unit that has just been created: itself, and its parent's ancestors.

    The general rebuild loads the whole tree; a new unit has no descendants, so its rows follow from
    its parent's in one query (this keeps imports of many units fast at national scale).
    """
    rows = [
        UnitClosure(
            ancestor=unit, descendant=unit, depth=0, valid_from=unit.valid_from, valid_to=unit.valid_to
        )
    ]
    for link in UnitLink.objects.filter(child=unit):
        for anc, depth, af, at in UnitClosure.objects.filter(descendant_id=link.parent_id).values_list(
            "ancestor_id", "depth", "valid_from", "valid_to"
        ):
            lo, hi = max(link.valid_from, af, unit.valid_from), min(link.valid_to, at, unit.valid_to)
            if lo < hi:
                rows.append(
                    UnitClosure(ancestor_id=anc, descendant=unit, depth=depth + 1, valid_from=lo, valid_to=hi)
                )
    UnitClosure.objects.bulk_create(rows)
    return len(rows)


def check() -> list[str]:
    """Vietnamese descriptions of every inconsistency of links, names and the closure (org.integrity)."""
    from .integrity import check as check_all

    return check_all()
