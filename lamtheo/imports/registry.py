"""The importers the wizard knows. Each app registers its own in AppConfig.ready():

from lamtheo.imports.registry import Importer, register
register(Importer(name="members", title="Đoàn viên", ...))
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lamtheo.lib.spreadsheet import Field, ImportPreview, Sheet


def can_write(actor: Any) -> bool:
    return bool(actor.can_write)


@dataclass(frozen=True)
class Importer:
    """What the wizard needs to run one kind of import.

    preview(actor, sheet) checks every row and saves nothing; save(actor, sheet) checks again and saves
    all rows in one transaction or none (ServiceError while any row is bad). columns say how the preview
    shows a valid row: (title, row -> value) pairs.
    """

    name: str  # the slug in the URLs: "members"
    title: str  # Vietnamese, what is imported: "Đoàn viên"
    template_filename: str  # "mau-nhap-doan-vien.xlsx"
    fields: Sequence[Field]  # the template's columns
    instructions: Sequence[str]  # the template's instructions sheet
    preview: Callable[[Any, Sheet], ImportPreview]
    save: Callable[[Any, Sheet], ImportPreview]
    columns: Sequence[tuple[str, Callable[[Any], Any]]]
    done_url: str  # URL name shown after saving: "members:member_list"
    permission: Callable[[Any], bool] = can_write
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)
    # The unit a file without a unit column goes to: chosen in the wizard / given by --unit, passed as
    # preview(..., unit=) and save(..., unit=).
    choose_unit: bool = False
    # save(..., only_valid=True) saves the valid rows only (the officer's explicit choice).
    save_valid: bool = False
    # A valid row as a dict of the model's field names (the command's --json and the wizard's report).
    as_fields: Callable[[Any], dict[str, Any]] | None = None

    def run_preview(
        self, actor: Any, sheet: Sheet, *, unit: Any = None, progress: Any = None
    ) -> ImportPreview:
        """`progress(done, total)` is passed on to an importer that reports it (a background preview)."""
        kwargs: dict[str, Any] = {}
        if self.choose_unit:
            kwargs["unit"] = unit
        if progress is not None and self.extra.get("preview_job_kind"):
            kwargs["progress"] = progress
        return self.preview(actor, sheet, **kwargs)  # type: ignore[call-arg]

    def run_save(
        self, actor: Any, sheet: Sheet, *, unit: Any = None, only_valid: bool = False
    ) -> ImportPreview:
        kwargs: dict[str, Any] = {}
        if self.choose_unit:
            kwargs["unit"] = unit
        if only_valid:
            if not self.save_valid:
                raise ValueError(f"importer {self.name!r} saves all rows or none")
            kwargs["only_valid"] = True
        return self.save(actor, sheet, **kwargs)  # type: ignore[call-arg]


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    if importer.name in _IMPORTERS and _IMPORTERS[importer.name] is not importer:
        raise ValueError(f"importer {importer.name!r} registered twice")
    _IMPORTERS[importer.name] = importer
    return importer


def get(name: str) -> Importer | None:
    return _IMPORTERS.get(name)


def available(actor: Any) -> list[Importer]:
    """The importers this actor may use, in menu order."""
    return sorted((i for i in _IMPORTERS.values() if i.permission(actor)), key=lambda i: (i.order, i.title))


def all_importers() -> list[Importer]:
    return sorted(_IMPORTERS.values(), key=lambda i: (i.order, i.title))
