"""Pages of the union tree: the tree as of a date, the unit list, the unit page and its changes.

Views parse input, call one selector or service and render; scoping lives in the selectors.
"""

import io
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lamtheo.lib.dates import format_vn, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error
from lamtheo.lib.lists import page_of, paginate, parse_as_of, record_id
from lamtheo.lib.urls import ID, IdUrl
from lamtheo.lib.xlsx_export import XLSX_CONTENT_TYPE, Column, TitleBlock, write_list

from . import picker, selectors, services
from .filters import UnitFilterSet
from .forms import (
    MERGE_NEW,
    ChildCreateForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
    UnitEditForm,
)
from .models import GRASSROOTS_KINDS

TREE_SEARCH_PAGE = 25
UNIT_LIST_PAGE = 50
UNIT_CHILDREN_PAGE = 50  # the unit page lists its children in name order, 50 a page (a province has 340)


def _on_query(on) -> str:
    return "" if on == today() else f"?on={on.isoformat()}"


def _unit_url(unit, on=None) -> str:
    url = reverse("org:unit_detail", args=[unit.pk])
    return url + (_on_query(on) if on else "")


def _linked(nodes, on_iso: str):
    """Give each tree node its links and labels once, in Python: a province's page lists 340 units,
    and a {% url %} and two get_…_display calls per row cost more than the rest of the template."""
    detail = IdUrl.reverse("org:unit_detail", ID)
    branch = IdUrl.reverse("org:tree_children", ID)
    query = f"?on={on_iso}"
    for node in nodes:
        unit = node.unit
        node.key = str(unit.pk)
        node.url = detail(node.key) + query
        node.children_url = branch(node.key) + query
        node.kind_label = unit.get_kind_display()
        node.sector_label = unit.get_sector_display() if unit.sector else ""
    return nodes


@login_required
@require_GET
def tree(request):
    on, date_error = parse_as_of(request.GET)
    actor = request.actor
    root, children = selectors.tree_top(actor, on)
    _linked([*children, *([root] if root else [])], on.isoformat())
    search = UnitFilterSet(request.GET)
    q = search.values()["q"] or ""
    page = None
    if q:
        units = selectors.search_units(actor, on=on, q=q)
        page = paginate(request, units, TREE_SEARCH_PAGE)
        page.rows = selectors.unit_rows(page.object_list, on)
    return render(
        request,
        "org/tree.html",
        {
            "on": on,
            "on_iso": on.isoformat(),
            "date_error": date_error,
            "root": root,
            "nodes": children,
            "search": search.form,
            "q": q,
            "page": page,
            "has_unit": actor.unit_id is not None,
        },
    )


@login_required
@require_GET
def tree_children(request, pk: int):
    """htmx fragment: the children of one node on the chosen day, only inside the actor's subtree."""
    on, _error = parse_as_of(request.GET)
    nodes = selectors.tree_children(request.actor, pk, on)
    if nodes is None:
        raise Http404("Không tìm thấy đơn vị.")
    _linked(nodes, on.isoformat())
    return render(request, "org/tree.html#nodes", {"nodes": nodes, "on": on, "on_iso": on.isoformat()})


def _unit_query(request):
    on, date_error = parse_as_of(request.GET)
    filterset = UnitFilterSet(request.GET, queryset=selectors.search_units(request.actor, on=on))
    return on, date_error, filterset.form, filterset.used(), filterset.qs


@login_required
@require_GET
def unit_list(request):
    on, date_error, form, filters, units = _unit_query(request)
    page = paginate(request, units, UNIT_LIST_PAGE)
    rows = selectors.unit_rows(page.object_list, on)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/unit_list.html",
        {
            "on": on,
            "on_iso": on.isoformat(),
            "date_error": date_error,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


UNIT_EXPORT_COLUMNS = [
    Column("Mã", kind="string", width=14), Column("Tên đơn vị", width=44), Column("Cấp", width=26),
    Column("Loại", width=16), Column("Khu vực", width=24), Column("Đơn vị cấp trên", width=40),
    Column("Số đoàn viên", kind="number", width=12), Column("Ngày thành lập", kind="date", width=14),
    Column("Ngày kết thúc", kind="date", width=14),
]  # fmt: skip


@login_required
@require_GET
def unit_export(request):
    """The filtered unit list as .xlsx, with the list kit's title block and total row (a province's
    5,000 units fit in one request: no background job needed)."""
    on, _error, form, filters, units = _unit_query(request)

    def rows():
        ids = list(units.values_list("pk", flat=True))
        for i in range(0, len(ids), 900):
            for row in selectors.unit_rows(units.filter(pk__in=ids[i : i + 900]), on):
                u = row.unit
                yield [u.code, row.name, u.get_kind_display(), u.subkind and u.get_subkind_display(),
                       u.sector and u.get_sector_display(), row.parent_name, row.members, u.valid_from,
                       None if u.valid_to.year == 9999 else u.valid_to]  # fmt: skip

    acting = selectors.get_unit(request.actor, request.actor.unit_id) if request.actor.unit_id else None
    used = [f"{label}: {value}" for label, value in filters]
    title = TitleBlock(unit=acting.name if acting else "", title="Danh sách đơn vị", on=on, filters=used,
                       total_label="đơn vị")  # fmt: skip
    buffer = io.BytesIO()
    write_list(buffer, UNIT_EXPORT_COLUMNS, rows(), title=title, sheet_name="Đơn vị")
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"don-vi-{on:%Y%m%d}.xlsx",
                        content_type=XLSX_CONTENT_TYPE)  # fmt: skip


@login_required
@require_GET
def unit_detail(request, pk: int):
    on, date_error = parse_as_of(request.GET)
    actor = request.actor
    unit = selectors.get_unit(actor, pk, on)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    page = selectors.unit_page(actor, unit, on)
    children = page_of(page.children, request.GET.get("page"), UNIT_CHILDREN_PAGE)
    for node in _linked(children.object_list, on.isoformat()):
        node.visible = node.unit.pk in page.visible_ids
    return render(
        request,
        "org/unit_detail.html",
        {
            "page": page,
            "children": children,
            "unit": unit,
            "on": on,
            "on_iso": on.isoformat(),
            "date_error": date_error,
            "can_write": selectors.is_writable(actor, unit),
            "can_reorganise": selectors.is_reorganisable(actor, unit),
            "is_grassroots": unit.is_grassroots,
            "open_end_year": 9999,
        },
    )


# --- Changes -----------------------------------------------------------------------------------------


def _writable(request, pk: int, *, reorganise: bool = False):
    """The unit when the actor may change it; 403 when they may not, 404 outside their scope."""
    unit = selectors.get_unit(request.actor, pk)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    if not selectors.is_writable(request.actor, unit):
        raise PermissionDenied("Bạn không có quyền thay đổi đơn vị này.")
    if reorganise and not selectors.is_reorganisable(request.actor, unit):
        raise PermissionDenied(
            "Việc sắp xếp tổ chức đối với đơn vị bạn đang làm việc do công đoàn cấp trên thực hiện."
        )
    return unit


def _hidden(post) -> list[tuple[str, str]]:
    skip = {"csrfmiddlewaretoken", "confirm", "back"}
    return [(key, value) for key, values in post.lists() if key not in skip for value in values]


def _form_page(
    request, unit, form, *, title: str, intro: str = "", template: str = "org/unit_form.html", **extra
):
    return render(request, template, {"unit": unit, "form": form, "title": title, "intro": intro, **extra})


def _confirmed(request) -> bool:
    return request.POST.get("confirm") == "1" and "back" not in request.POST


@login_required
def unit_edit(request, pk: int):
    unit = _writable(request, pk)
    form = UnitEditForm(request.POST or None, initial=UnitEditForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(request.actor, unit=unit, data=form.cleaned_data)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã lưu thông tin của {unit.name}.")
            return redirect(_unit_url(unit))
    return _form_page(request, unit, form, title="Sửa thông tin đơn vị")


@login_required
def unit_create_child(request, pk: int):
    unit = _writable(request, pk)
    if unit.is_grassroots:
        raise PermissionDenied("Công đoàn cơ sở không thể có đơn vị trực thuộc trong hệ thống.")
    form = ChildCreateForm(request.POST or None, parent=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = services.create_unit(
                request.actor, spec=form.spec(), parent=unit, on=data["on"], decision_ref=data["decision_ref"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc, {"parent": "kind"})
        else:
            messages.success(request, f"Đã thành lập {child.name}.")
            return redirect(_unit_url(child, data["on"]))
    return _form_page(request, unit, form, title="Thành lập đơn vị trực thuộc")


@login_required
def unit_move(request, pk: int):
    unit = _writable(request, pk, reorganise=True)
    form = MoveForm(request.POST or None, actor=request.actor, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_unit(
                request.actor, unit=unit, new_parent=data["new_parent"], on=data["on"],
                decision_ref=data["decision_ref"],
            )  # fmt: skip
        except ServiceError as exc:
            apply_service_error(form, exc, {"parent": "new_parent"})
        else:
            messages.success(request, f"Đã chuyển {unit.name} về {data['new_parent'].name}.")
            return redirect(_unit_url(unit, data["on"]))
    return _form_page(request, unit, form, title="Chuyển đơn vị cấp trên")


@login_required
def unit_rename(request, pk: int):
    unit = _writable(request, pk, reorganise=True)
    form = RenameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        old = unit.name
        try:
            services.rename_unit(
                request.actor, unit=unit, new_name=data["new_name"], on=data["on"],
                decision_ref=data["decision_ref"],
            )  # fmt: skip
        except ServiceError as exc:
            apply_service_error(form, exc, {"name": "new_name"})
        else:
            messages.success(request, f"Đã đổi tên {old} thành {unit.name}.")
            return redirect(_unit_url(unit, data["on"]))
    return _form_page(request, unit, form, title="Đổi tên đơn vị")


def _confirm_page(request, unit, form, *, title: str, preview, action_label: str):
    return render(
        request,
        "org/unit_confirm.html",
        {
            "unit": unit,
            "title": title,
            "preview": preview,
            "on": form.cleaned_data["on"],
            "decision_ref": form.cleaned_data["decision_ref"],
            "hidden": _hidden(request.POST),
            "action_label": action_label,
        },
    )


@login_required
def unit_merge(request, pk: int):
    unit = _writable(request, pk, reorganise=True)
    actor = request.actor
    current_parent = selectors.parent_on(unit.pk, today())
    form = MergeForm(
        request.POST or None,
        actor=actor,
        unit=unit,
        initial={"parent": current_parent.pk if current_parent else None},
    )
    title = "Hợp nhất, sáp nhập đơn vị"
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        data = form.cleaned_data
        on = data["on"]
        target = form.target_spec()
        is_new = data["mode"] == MERGE_NEW
        parent = (data.get("parent") or selectors.parent_on(unit.pk, on)) if is_new else None
        if is_new and parent is None:
            form.add_error("parent", "Vui lòng chọn đơn vị cấp trên của đơn vị mới.")
        elif not is_new and not target.is_active_on(on):
            form.add_error("target", f"“{target.name}” không hoạt động vào ngày {format_vn(on)}.")
        elif not _confirmed(request):
            preview = selectors.merge_preview(
                sources=form.sources,
                target_name=target.name,
                target_is_grassroots=target.kind in GRASSROOTS_KINDS,
                on=on,
            )
            preview.creating = [f"{target.name} ({target.code})"] if is_new else []
            preview.moves = selectors.reorganisation_moves(sources=form.sources, successor=target.name, on=on)
            return _confirm_page(
                request, unit, form, title=title, preview=preview, action_label="Xác nhận hợp nhất"
            )
        else:
            try:
                new = services.merge_units(
                    actor, sources=form.sources, target=target, parent=parent, on=on,
                    decision_ref=data["decision_ref"],
                )  # fmt: skip
            except ServiceError as exc:
                apply_service_error(form, exc, {"sources": "others", "on": "on"})
            else:
                messages.success(request, f"Đã hợp nhất vào {new.name}.")
                return redirect(_unit_url(new, on))
    return _form_page(request, unit, form, title=title, template="org/unit_merge.html")


@login_required
def unit_split(request, pk: int):
    unit = _writable(request, pk, reorganise=True)
    children = selectors.children_on(unit.pk, today())
    form = SplitForm(request.POST or None, unit=unit, children=children)
    title = "Chia tách đơn vị"
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if not _confirmed(request):
            preview = selectors.split_preview(
                source=unit,
                part_names=[f"{p.name} ({p.code})" for p in form.parts],
                child_part=form.child_part,
                on=data["on"],
            )
            preview.moves = selectors.reorganisation_moves(
                sources=[unit], successor=f"{form.parts[0].name} ({form.parts[0].code})", on=data["on"]
            )
            return _confirm_page(
                request, unit, form, title=title, preview=preview, action_label="Xác nhận chia tách"
            )
        try:
            parts = services.split_unit(
                request.actor, source=unit, parts=form.parts, on=data["on"],
                decision_ref=data["decision_ref"], child_part=form.child_part,
                task_part=form.placements.get("directives.taskassignment"),
            )  # fmt: skip
        except ServiceError as exc:
            apply_service_error(form, exc, {"parts": None})
        else:
            messages.success(request, f"Đã chia tách {unit.name} thành {', '.join(p.name for p in parts)}.")
            return redirect(_unit_url(parts[0], data["on"]))
    return _form_page(request, unit, form, title=title, template="org/unit_split.html")


@login_required
def unit_dissolve(request, pk: int):
    unit = _writable(request, pk, reorganise=True)
    form = DissolveForm(request.POST or None)
    title = "Giải thể, chấm dứt hoạt động"
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        data = form.cleaned_data
        on = data["on"]
        if not _confirmed(request):
            preview = selectors.dissolve_preview(unit=unit, on=on)
            return _confirm_page(
                request, unit, form, title=title, preview=preview, action_label="Xác nhận giải thể"
            )
        parent = selectors.parent_on(unit.pk, on - timedelta(days=1))
        try:
            services.dissolve_unit(request.actor, unit=unit, on=on, decision_ref=data["decision_ref"])
        except ServiceError as exc:
            apply_service_error(form, exc, {"unit": None})
        else:
            messages.success(request, f"Đã ghi nhận giải thể {unit.name} từ ngày {format_vn(on)}.")
            return redirect(_unit_url(parent, on) if parent else reverse("org:tree"))
    intro = ""
    if not unit.is_grassroots and selectors.children_on(unit.pk, today()):
        intro = "Đơn vị còn đơn vị trực thuộc: hãy chuyển hoặc sáp nhập chúng trước khi giải thể."
    return _form_page(request, unit, form, title=title, intro=intro)


# --- The unit picker's search ------------------------------------------------------------------------


@login_required
@require_GET
def unit_search(request):
    """JSON for the unit picker: {"results": [{"value": id, "text": "Name (code)"}]}, at most 20."""
    params = request.GET
    on, _error = parse_as_of(params)
    rule = picker.PickRule(
        kind=params.get("kind", "")[:40],
        on=on,
        not_under=record_id(params.get("not_under")),
        peers_of=record_id(params.get("peers_of")),
    )
    return JsonResponse({"results": picker.search(request.actor, rule, params.get("q", "")[:100])})
