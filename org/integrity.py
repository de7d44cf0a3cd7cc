"""`manage.py check_tree`: every way the dated tree can be inconsistent, in Vietnamese.

Links: two parents at once, a link outside the unit's or the parent's lifetime, a gap after the
unit's first link (no root path that day), loops. Names: two at once, gaps, a Unit.name that is not
the name of today. Closure: rows missing or extra compared with a fresh derivation.
"""

from collections import defaultdict
from datetime import date

from lamtheo.lib.dates import OPEN_END, today

from .closure import TreeGraph
from .models import Unit, UnitClosure, UnitName

Interval = tuple[date, date]


def check() -> list[str]:
    graph = TreeGraph()
    problems: list[str] = []
    for child, links in graph.parents.items():
        problems += _link_problems(child, sorted(links, key=lambda link: link[1]), graph.span)
    problems += _name_problems(graph.span)
    return problems + _closure_problems(graph)


def _d(day: date) -> str:
    return "không thời hạn" if day == OPEN_END else f"{day:%d/%m/%Y}"


def _link_problems(child: int, links: list[tuple[int, date, date]], span: dict[int, Interval]) -> list[str]:
    problems: list[str] = []
    uf, ut = span[child]
    for (p1, _f1, t1), (p2, f2, _t2) in zip(links, links[1:], strict=False):
        if f2 < t1:
            problems.append(f"Đơn vị #{child} có hai đơn vị cấp trên cùng lúc (#{p1}, #{p2}) từ {_d(f2)}.")
    for parent, lf, lt in links:
        if lf < uf or lt > ut:
            problems.append(
                f"Liên kết #{child} → #{parent} nằm ngoài thời gian hoạt động của đơn vị #{child}."
            )
        pf, pt = span.get(parent, (lf, lt))
        if lf < pf or lt > pt:
            problems.append(
                f"Liên kết #{child} → #{parent} ({_d(lf)} – {_d(lt)}) nằm ngoài thời gian hoạt động của "
                f"đơn vị cấp trên #{parent} (thành lập {_d(pf)}, kết thúc {_d(pt)})."
            )
    # From its first link on, a unit has a parent every day until it ends (or it has no root path).
    cursor = links[0][1]
    for _parent, lf, lt in links:
        if lf > cursor:
            problems.append(f"Đơn vị #{child} không có đơn vị cấp trên từ {_d(cursor)} đến {_d(lf)}.")
        cursor = max(cursor, lt)
    if cursor < ut:
        problems.append(f"Đơn vị #{child} không có đơn vị cấp trên từ {_d(cursor)} đến {_d(ut)}.")
    return problems


def _name_problems(span: dict[int, Interval]) -> list[str]:
    names: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    for unit_id, name, vf, vt in UnitName.objects.order_by("unit_id", "valid_from").values_list(
        "unit_id", "name", "valid_from", "valid_to"
    ):
        names[unit_id].append((name, vf, vt))
    current = dict(Unit.objects.values_list("id", "name"))
    problems: list[str] = []
    for unit_id, (uf, ut) in span.items():
        rows = names.get(unit_id, [])
        for (n1, _f1, t1), (n2, f2, _t2) in zip(rows, rows[1:], strict=False):
            if f2 < t1:
                problems.append(f"Đơn vị #{unit_id} có hai tên cùng lúc (“{n1}”, “{n2}”) từ {_d(f2)}.")
        cursor = uf
        for _name, vf, vt in rows:
            if vf > cursor:
                problems.append(f"Đơn vị #{unit_id} không có tên từ {_d(cursor)} đến {_d(vf)}.")
            cursor = max(cursor, vt)
        if rows and (rows[0][1] < uf or cursor > ut):
            problems.append(f"Tên của đơn vị #{unit_id} nằm ngoài thời gian hoạt động của đơn vị.")
        elif cursor < ut:
            problems.append(f"Đơn vị #{unit_id} không có tên từ {_d(cursor)} đến {_d(ut)}.")
        day = min(max(today(), uf), date.fromordinal(ut.toordinal() - 1))
        name_then = next((n for n, vf, vt in reversed(rows) if vf <= day < vt), None)
        if name_then is not None and name_then != current[unit_id]:
            problems.append(
                f"Tên hiện tại của đơn vị #{unit_id} (“{current[unit_id]}”) khác tên theo lịch sử ngày "
                f"{_d(day)} (“{name_then}”)."
            )
    return problems


def _closure_problems(graph: TreeGraph) -> list[str]:
    try:
        expected = {row for unit_id in graph.span for row in graph.paths(unit_id)}
    except ValueError as exc:
        return [str(exc)]
    stored = set(
        UnitClosure.objects.values_list("ancestor_id", "descendant_id", "depth", "valid_from", "valid_to")
    )
    problems: list[str] = []
    missing, extra = expected - stored, stored - expected
    if missing:
        problems.append(f"Bảng bao đóng thiếu {len(missing)} dòng, ví dụ {sorted(missing)[:3]}.")
    if extra:
        problems.append(f"Bảng bao đóng thừa {len(extra)} dòng, ví dụ {sorted(extra)[:3]}.")
    return problems
