"""Derive the dated closure table from the effective-dated parent links.

A path ancestor → descendant is valid while every link on it and both units are valid: the
intersection of their intervals. Only the reorganisation services and `manage.py rebuild_closure`
call rebuild(); `manage.py check_tree` compares the stored rows with a fresh derivation.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from .models import Unit, UnitClosure, UnitLink

Row = tuple[int, int, int, date, date]  # ancestor, descendant, depth, valid_from, valid_to


class TreeGraph:
    """All units and links in memory (ids and dates only: ~50 bytes a unit)."""

    def __init__(self) -> None:
        self.span: dict[int, tuple[date, date]] = {
            pk: (vf, vt) for pk, vf, vt in Unit.objects.values_list("id", "valid_from", "valid_to")
        }
        self.parents: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
        self.children: dict[int, set[int]] = defaultdict(set)
        for child, parent, vf, vt in UnitLink.objects.values_list(
            "child_id", "parent_id", "valid_from", "valid_to"
        ):
            self.parents[child].append((parent, vf, vt))
            self.children[parent].add(child)
        self._memo: dict[int, list[Row]] = {}

    def descendants_ever(self, roots: Iterable[int]) -> set[int]:
        """Every unit that has ever been below any of roots, and the roots themselves."""
        seen = set(roots)
        stack = list(seen)
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return seen

    def paths(self, unit_id: int, _visiting: frozenset[int] = frozenset()) -> list[Row]:
        if unit_id in self._memo:
            return self._memo[unit_id]
        if unit_id in _visiting:
            raise ValueError(f"Vòng lặp trong cây đơn vị tại đơn vị #{unit_id}")
        uf, ut = self.span[unit_id]
        rows: list[Row] = [(unit_id, unit_id, 0, uf, ut)]
        for parent, lf, lt in self.parents.get(unit_id, ()):
            for anc, _desc, depth, af, at in self.paths(parent, _visiting | {unit_id}):
                lo, hi = max(lf, af, uf), min(lt, at, ut)
                if lo < hi:
                    rows.append((anc, unit_id, depth + 1, lo, hi))
        rows = _merge_adjacent(rows)
        self._memo[unit_id] = rows
        return rows


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


@transaction.atomic
def rebuild(unit_ids: Iterable[int] | None = None) -> int:
    """Recompute closure rows for unit_ids and everything ever below them (all units when None)."""
    graph = TreeGraph()
    affected = set(graph.span) if unit_ids is None else graph.descendants_ever(unit_ids)
    if unit_ids is None:
        UnitClosure.objects.all().delete()
    else:
        ids = list(affected)
        for i in range(0, len(ids), 900):  # stay under SQLite's variable limit
            UnitClosure.objects.filter(descendant_id__in=ids[i : i + 900]).delete()
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
    """Vietnamese descriptions of every inconsistency between links, units and the closure table."""
    problems: list[str] = []
    graph = TreeGraph()
    for child, links in graph.parents.items():
        ordered = sorted(links, key=lambda link: link[1])
        for (p1, _f1, t1), (p2, f2, _t2) in zip(ordered, ordered[1:], strict=False):
            if f2 < t1:
                problems.append(
                    f"Đơn vị #{child} có hai đơn vị cấp trên cùng lúc (#{p1}, #{p2}) từ {f2:%d/%m/%Y}."
                )
        uf, ut = graph.span[child]
        for parent, lf, lt in links:
            if lf < uf or lt > ut:
                problems.append(
                    f"Liên kết #{child} → #{parent} nằm ngoài thời gian hoạt động của đơn vị #{child}."
                )
    try:
        expected = {row for unit_id in graph.span for row in graph.paths(unit_id)}
    except ValueError as exc:
        return [*problems, str(exc)]
    stored = set(
        UnitClosure.objects.values_list("ancestor_id", "descendant_id", "depth", "valid_from", "valid_to")
    )
    missing, extra = expected - stored, stored - expected
    if missing:
        problems.append(f"Bảng bao đóng thiếu {len(missing)} dòng, ví dụ {sorted(missing)[:3]}.")
    if extra:
        problems.append(f"Bảng bao đóng thừa {len(extra)} dòng, ví dụ {sorted(extra)[:3]}.")
    return problems
