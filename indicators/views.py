"""The "Số liệu" page of the acting unit and the drill-down to the records behind each figure.

Every number on the page comes from the engine through `selectors`; every number links to the list of
the records it counts (same subtree, period and part). Both pages export to .xlsx with the same figures.
"""

import functools
import io
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from lamtheo.lib.dates import today
from lamtheo.lib.lists import format_figure, paginate
from lamtheo.lib.text import nfc
from lamtheo.lib.urls import ID, IdUrl
from lamtheo.lib.xlsx_export import XLSX_CONTENT_TYPE, Column, Table, TitleBlock, tables_bytes, write_list
from lamtheo.schemas import MAX_ID
from org.models import Unit, UnitClosure

from . import engine, selectors
from .registry import Kind, get

PAGE_SIZE = 50
CHILDREN_SHOWN = 50  # rows of the breakdown by child unit, lagging first; "?tat_ca=1" shows every one
EXPORT_LIMIT = 20_000  # rows a drill-down exports at once (about 10 s); past that the user narrows it first


@functools.lru_cache(maxsize=4096)
def _records_query(start: date, end: date, extra: tuple[tuple[str, Any], ...]) -> str:
    params = {"from": start.isoformat(), "to": (end - timedelta(days=1)).isoformat(), **dict(extra)}
    return urlencode({k: v for k, v in params.items() if v})


def records_url(code: str, unit_id: int, start: date, end: date, **extra) -> str:
    """The drill-down of one figure: the records `code` counts for the unit over [start, end).
    A page links hundreds of cells with a few periods and parts: the path is reversed once per
    indicator, each query string encoded once."""
    path = IdUrl.reverse("indicators:records", ID, code)(int(unit_id))
    return path + "?" + _records_query(start, end, tuple(extra.items()))


# The two tables' cells are written here, not in the template: a five-year page links about 500
# figures, and the template's lookups and filters per cell cost more than the rest of the page (7 of
# 9 ms at province scale). The markup is the template's, byte for byte; every value is escaped here.


def _figure_link(value, url: str, unit_of_measure: str, title: str = "", muted: bool = False) -> str:
    """One figure as the table shows it: a link to its records (grey when 0), or the figure alone
    when it has none; `title` already escaped (one indicator's description, on all its cells)."""
    text = escape(format_figure(value, unit_of_measure))
    if not url:
        return f'<span title="{title}">{text}</span>'
    title_attr = f' title="{title}"' if title else ""
    muted_attr = ' class="link-secondary"' if muted else ""
    return f'<a href="{escape(url)}"{title_attr}{muted_attr}>{text}</a>'


HIDDEN = "Chỉ cán bộ công đoàn xem được số liệu này và các bản ghi của nó."


def _table(rows: list[selectors.Row], unit_id: int, window) -> list[dict]:
    out = []
    for r in rows:
        part = {"part": r.part or ""} if r.part else {}
        ind = r.indicator
        linkable = ind.records is not None and not r.hidden
        title, uom = escape(HIDDEN if r.hidden else ind.description), ind.unit_of_measure

        def url(start, end, part=part, ind=ind, linkable=linkable):
            return records_url(ind.code, unit_id, start, end, **part) if linkable else ""

        years = [(v, url(*selectors.year_window(window, y))) for y, v in r.years]
        total_url = url(window.start, window.end)
        cells = "".join(
            f'<td class="text-end">{_figure_link(v, u, uom, title, muted=not v)}</td>' for v, u in years
        )
        cells += (  # the template's line break and indent kept: the same page, byte for byte
            f'\n      <td class="text-end{"" if r.part else " fw-bold"}" data-cell="total">'
            f"{_figure_link(r.total, total_url, uom, title)}</td>"
        )
        out.append({"row": r, "cells": mark_safe(cells)})
    return out


def _shown_parts(chosen, rows: list[selectors.ChildRow]) -> list[tuple[str, str]]:
    """The parts with something in the breakdown (a column of zeros tells nothing)."""
    used = {code for c in rows for code, v in c.parts if v}
    return [(code, label) for code, label in chosen.parts if code in used]


def _children(chosen, rows: list[selectors.ChildRow], unit_id: int, window) -> list[dict]:
    shown = {code for code, _ in _shown_parts(chosen, rows)}
    uom = chosen.unit_of_measure
    out = []
    for c in rows:
        where = {"within": unit_id} if c.unit else {"own": "1"}
        target = c.unit.pk if c.unit else unit_id

        def link(value, target=target, where=where, **part) -> str:
            url = records_url(chosen.code, target, window.start, window.end, **part, **where)
            return _figure_link(value, url, uom)

        cells = "".join(
            f'<td class="text-end">{link(v, part=code)}</td>' for code, v in c.parts if code in shown
        )
        cells += f'\n          <td class="text-end fw-semibold">{link(c.total)}</td>'
        out.append({"row": c, "cells": mark_safe(cells)})
    return out


def _charts(chosen, table_rows: list[selectors.Row], children: list[selectors.ChildRow]) -> dict:
    """What the two charts draw: the chosen indicator per year (one series per part), and per child
    unit. The table beside them holds the same numbers, as text."""
    mine = [r for r in table_rows if chosen and r.indicator.code == chosen.code]
    series = [r for r in mine if r.part is not None and any(v for _, v in r.years)] or mine[:1]
    return {
        "unit": chosen.unit_of_measure if chosen else "",
        "years": {
            "labels": [str(y) for y, _ in (mine[0].years if mine else [])],
            "series": [{"label": r.label, "data": [v or 0 for _, v in r.years]} for r in series],
        },
        "children": {
            "labels": [c.name for c in children],
            "data": [c.total for c in children],
        },
    }


@require_GET
@login_required
def figures(request):
    actor = request.actor
    if actor.unit_id is None:
        raise Http404
    now = today()
    period = selectors.resolve_period(request.GET, now)
    window = engine.window_for(period.start, period.end)
    unit = Unit.objects.get(pk=actor.unit_id)
    rows = selectors.table(actor, unit.pk, window)
    if request.GET.get("xuat") == "xlsx":
        return _export_figures(actor, unit, period, window, rows)
    chosen = selectors.chosen_indicator(request.GET.get("chi_tieu", ""))
    if chosen is not None and not engine.may_see(actor, chosen, window):
        chosen = None  # no breakdown of figures the actor may not see
    child_rows = selectors.children(actor, chosen, unit.pk, window) if chosen else []
    every_child = request.GET.get("tat_ca") == "1"
    shown = child_rows if every_child else child_rows[:CHILDREN_SHOWN]
    query = period.query()
    return render(request, "indicators/figures.html", {
        "unit": unit, "period": period, "start": period.start, "last": period.last,
        "presets": selectors.presets(now), "period_options": selectors.period_options(now),
        "years": selectors.years_of(window), "table": _table(rows, unit.pk, window),
        "chosen": chosen, "children": _children(chosen, shown, unit.pk, window) if chosen else [],
        "chosen_parts": _shown_parts(chosen, shown) if chosen else [],
        "children_count": len(child_rows), "children_hidden": len(child_rows) - len(shown),
        "charts": _charts(chosen, rows, shown),
        "period_query": urlencode(query),
        "export_query": urlencode({**query, **({"chi_tieu": chosen.code} if chosen else {}), "xuat": "xlsx"}),
    })  # fmt: skip


def _export_figures(actor, unit: Unit, period: selectors.PeriodChoice, window, rows) -> FileResponse:
    """The page's table and every indicator's breakdown by child unit, one sheet each."""
    years = selectors.years_of(window)
    by_year = Table(
        "Theo năm",
        [Column("Chỉ tiêu", width=44), Column("Đơn vị tính", width=12)]
        + [Column(str(y), "number", 12) for y in years]
        + [Column("Cả kỳ", "number", 12)],
        [
            [r.label if r.part is None else f"   {r.label}", r.indicator.unit_of_measure]
            + [v for _, v in r.years]
            + [r.total]
            for r in rows
        ],
        caption="Các chỉ tiêu theo năm (mỗi chỉ tiêu có các phần ở các dòng thụt vào)",
    )
    sheets = [by_year]
    seen = set()
    for r in rows:
        ind = r.indicator
        if ind.code in seen or ind.kind is Kind.RATE:
            continue
        seen.add(ind.code)
        kids = selectors.children(actor, ind, unit.pk, window)
        sheets.append(
            Table(
                f"{ind.label}",
                [Column("Đơn vị trực thuộc", width=48)]
                + [Column(label, "number", 14) for _, label in ind.parts]
                + [Column(f"Tổng ({ind.unit_of_measure})", "number", 14)],
                [
                    [c.name + (" (đã kết thúc)" if c.ended else "")] + [v for _, v in c.parts] + [c.total]
                    for c in kids
                ],
                caption=f"{ind.label} theo đơn vị trực thuộc, đơn vị có số thấp nhất trước. {ind.description}",
            )
        )
    title = TitleBlock(unit=unit.name, title=f"Số liệu {period.label}", on=today())
    data = tables_bytes(sheets, title=title)
    name = f"so-lieu-{slugify(unit.code or unit.pk)}-{period.start:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@require_GET
@login_required
def records(request, unit_id: int, code: str):
    ind = get(code)
    if ind is None or ind.records is None:
        raise Http404
    actor = request.actor
    period = selectors.resolve_period(request.GET, today())
    try:
        within = int(request.GET["within"]) if request.GET.get("within") else None
    except ValueError:
        raise Http404 from None
    if not 0 < unit_id <= MAX_ID or within is not None and not 0 < within <= MAX_ID:
        raise Http404  # an id no database column holds: not a unit
    window = engine.window_for(period.start, period.end)
    try:
        # A child cell may name a unit that left the actor's subtree since: its upper unit is checked,
        # and the records are limited to the actor's subtree on their dates anyway.
        engine.check_unit(actor, within if within is not None else unit_id, window.on)
    except engine.IndicatorError:
        raise Http404 from None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    if (
        within is not None
        and not UnitClosure.objects.filter(
            ancestor_id=within, descendant_id=unit_id, valid_from__lt=window.end, valid_to__gt=window.start
        ).exists()
    ):
        raise Http404  # a child cell names a unit that was below `within` in the period: nothing else
    part = request.GET.get("part", "")
    query = nfc(request.GET.get("q", ""))[:100]
    own = request.GET.get("own") == "1"
    listed = selectors.drill_down(actor, ind, unit_id, window, within=within, own=own, part=part, query=query)
    scope = unit.name
    if within is not None:
        upper = Unit.objects.filter(pk=within).first()
        scope = f"{unit.name} (phần tính cho {upper.name})" if upper else unit.name
    elif own:
        scope = f"{unit.name} (tại đơn vị)"
    title = f"{ind.label}" + (f" — {selectors.part_label(ind, part)}" if part else "")
    if request.GET.get("xuat") == "xlsx":
        return _export_records(request, ind, listed, scope, title, period, query)
    page = paginate(request, listed.rows, PAGE_SIZE, count=listed.counted)
    keep = {k: v for k, v in request.GET.items() if k not in ("page", "q", "xuat")}
    return render(request, "indicators/records.html", {
        "indicator": ind, "unit": unit, "scope": scope, "title": title, "start": period.start,
        "last": period.last, "part_label": selectors.part_label(ind, part) if part else "", "page": page,
        "error": period.error, "rows": selectors.describe_rows(ind, page.object_list),
        "count": page.paginator.count, "q": query, "keep": keep.items(),
        "export_query": urlencode({**keep, **({"q": query} if query else {}), "xuat": "xlsx"}),
        "figures_query": urlencode(period.query()),
    })  # fmt: skip


def _export_records(request, ind, listed: selectors.Listed, scope: str, title: str, period, query: str):
    if listed.counted[: EXPORT_LIMIT + 1].count() > EXPORT_LIMIT:
        messages.warning(
            request,
            f"Danh sách có hơn {format_figure(EXPORT_LIMIT)} dòng, quá dài để xuất ngay: hãy thu hẹp kỳ, "
            "đơn vị hoặc phần trước khi xuất.",
        )
        keep = {k: v for k, v in request.GET.items() if k != "xuat"}
        return redirect(f"{request.path}?{urlencode(keep)}")
    columns = [
        Column("STT", "number", 6),
        Column("Bản ghi", width=48),
        Column("Đơn vị", width=40),
    ]
    if ind.date_field:
        columns.append(Column("Ngày", "date", 12))
    if ind.part_field:
        columns.append(Column("Phần", width=24))

    def described():
        chunk: list = []
        for obj in listed.rows.iterator(chunk_size=2000):
            chunk.append(obj)
            if len(chunk) == 2000:
                yield from selectors.describe_rows(ind, chunk)
                chunk = []
        yield from selectors.describe_rows(ind, chunk)

    def lines():
        for i, r in enumerate(described(), start=1):
            yield (
                [i, r.label, r.unit]
                + ([r.day] if ind.date_field else [])
                + ([r.part] if ind.part_field else [])
            )

    filters = [f"kỳ {period.start:%d/%m/%Y}–{period.last:%d/%m/%Y}", scope]
    if query:
        filters.append(f"tìm “{query}”")
    buffer = io.BytesIO()
    write_list(
        buffer,
        columns,
        lines(),
        title=TitleBlock(
            unit=scope, title=title, on=today(), filters=filters, total_label=ind.unit_of_measure
        ),
        sheet_name="Danh sách",
    )
    buffer.seek(0)
    name = f"{slugify(ind.code.replace('_', '-'))}-{period.start:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
