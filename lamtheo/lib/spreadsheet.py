"""Read an uploaded spreadsheet (.xlsx, .xlsm, .ods via python-calamine; .csv via the csv module) into
rows of plain cell values, within bounds, once per upload.

Row i of `Sheet.rows` is row i + 1 as the spreadsheet program shows it (the active sheet, the one the
file opens on, is read from cell A1, empty leading rows and columns included), so importers can report
row numbers users find. Cell values are what calamine gives: str, float (every number, 1 → 1.0), bool,
date, datetime, time; an empty cell is "". CSV cells are always str.

Before calamine builds its cell range, sheet_bounds walks the file to find how far its values reach:
past MAX_ROWS rows, MAX_COLUMNS columns or MAX_CELLS cells the file is refused, naming the far cell.
The rows read are staged as JSON (stage_sheet / load_staged_sheet), so the preview and the save of an
import read the parsed rows again, never the file.
"""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from python_calamine import CalamineWorkbook

from lamtheo.lib import sheet_bounds, uploads
from lamtheo.lib.errors import ServiceError

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000  # rows x columns of the rectangle the reader fills
MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (*EXCEL_SUFFIXES, ".csv")
STAGING_AREA = "imports"
_CSV_DELIMITERS = (";", ",", "\t")
_CSV_MAX_FIELD = 32_767  # Excel's own limit for one cell


@dataclass
class ImportPreview[R]:
    """What an import would do, row by row, before anything is saved. R is the row type of the import;
    each row has an `action`: "create", "update" or "unchanged"."""

    filename: str
    rows: list[R] = field(default_factory=list)
    errors: list["Issue"] = field(default_factory=list)
    warnings: list["Issue"] = field(default_factory=list)
    data_rows: int = 0  # non-blank rows below the header

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def valid_count(self) -> int:
        return len(self.rows)

    def _count(self, action: str) -> int:
        return sum(getattr(r, "action", None) == action for r in self.rows)

    @property
    def create_count(self) -> int:
        return self._count("create")

    @property
    def update_count(self) -> int:
        return self._count("update")

    @property
    def unchanged_count(self) -> int:
        return self._count("unchanged")

    @property
    def can_save(self) -> bool:
        return not self.errors and bool(self.rows)

    def counts(self) -> dict[str, Any]:
        """The figures an import's summary audit event keeps."""
        return {
            "file": self.filename,
            "rows": self.valid_count,
            "created": self.create_count,
            "updated": self.update_count,
            "unchanged": self.unchanged_count,
        }

    def saved_summary(self, what: str) -> str:
        """'Nhập đoàn viên từ tệp “x.xlsx”: 3 thêm mới, 1 cập nhật' for the audit log."""
        return f"Nhập {what} từ tệp “{self.filename}”: {self.create_count} thêm mới, {self.update_count} cập nhật"

    def summary(self) -> str:
        return (
            f"{self.valid_count} dòng hợp lệ, {self.create_count} dòng sẽ thêm mới, "
            f"{self.update_count} dòng sẽ cập nhật, {self.unchanged_count} dòng không đổi, "
            f"{len(self.errors)} lỗi"
        )


class SpreadsheetError(ServiceError):
    """The file itself cannot be read (wrong type, damaged, empty)."""


@dataclass
class Sheet:
    filename: str
    rows: list[list[Any]]
    sheet_name: str = ""  # the sheet read ("" for CSV)

    def row_number(self, index: int) -> int:
        """The row number the user sees for rows[index]."""
        return index + 1


def suffix_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def check_suffix(filename: str) -> str:
    suffix = suffix_of(filename)
    if suffix == ".xls":
        raise SpreadsheetError(
            f"Tệp “{filename}” ở dạng Excel 97–2003 (.xls): hãy mở bằng Excel và lưu lại dạng .xlsx.",
            field="file",
        )
    if suffix not in SUFFIXES:
        raise SpreadsheetError(
            f"Tệp “{filename}” không phải bảng tính Excel (.xlsx) hoặc .csv.", field="file"
        )
    return suffix


def check_size(size: int, filename: str) -> None:
    if size > MAX_BYTES:
        raise SpreadsheetError(
            f"Tệp “{filename}” quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).", field="file"
        )


def _n(number: int) -> str:
    """4.101, the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def _too_many_rows(filename: str, max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"Tệp “{filename}” có hơn {_n(max_rows)} dòng: hãy chia thành nhiều tệp nhỏ hơn.",
        field="file",
    )


def read_spreadsheet(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Sheet:
    """Read the active sheet of an Excel/ODS file, or a CSV file; SpreadsheetError if unreadable or
    past the limits."""
    suffix = check_suffix(filename)
    check_size(len(data), filename)
    if not data:
        raise SpreadsheetError(f"Tệp “{filename}” rỗng.", field="file")
    sheet_name = ""
    if suffix == ".csv":
        rows = _read_csv(data, filename, max_rows + 1)
    else:
        sheet_name, rows = _read_excel(data, filename, suffix, max_rows)
    if len(rows) > max_rows:
        raise _too_many_rows(filename, max_rows)
    while rows and (all(_is_blank(v) for v in rows[-1]) or _is_total_row(rows[-1])):
        rows.pop()  # trailing blank lines, and the "Tổng cộng: …" line of the project's own exports
    if not rows:
        where = f" (trang “{sheet_name}”)" if sheet_name else ""
        raise SpreadsheetError(f"Tệp “{filename}”{where} không có dữ liệu.", field="file")
    return Sheet(filename=filename, rows=rows, sheet_name=sheet_name)


def read_path(path: Path, filename: str | None = None) -> Sheet:
    return read_spreadsheet(Path(path).read_bytes(), filename or Path(path).name)


def _is_total_row(row: Sequence[Any]) -> bool:
    filled = [v for v in row if not _is_blank(v)]
    return len(filled) == 1 and isinstance(filled[0], str) and filled[0].strip().startswith("Tổng cộng")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unreadable(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        f"Không đọc được tệp “{filename}”: tệp hỏng, có mật khẩu hoặc không đúng định dạng Excel.",
        field="file",
    )


def _read_excel(data: bytes, filename: str, suffix: str, max_rows: int) -> tuple[str, list[list[Any]]]:
    try:
        extent = sheet_bounds.measure(data, suffix, max_rows=max_rows, max_columns=MAX_COLUMNS)
    except sheet_bounds.TooLarge as exc:
        raise SpreadsheetError(
            f"Tệp “{filename}” vượt giới hạn nhập: {exc}. Hãy xóa các ô thừa ở xa hoặc chia nhỏ tệp.",
            field="file",
        ) from None
    except sheet_bounds.Unreadable:
        raise _unreadable(filename) from None
    if extent.rows > max_rows + 1:
        raise _too_many_rows(filename, max_rows)
    if extent.rows * extent.columns > MAX_CELLS:
        raise SpreadsheetError(
            f"Tệp “{filename}” (trang “{extent.name}”) có {_n(extent.rows)} dòng × {extent.columns} cột, "
            f"quá {_n(MAX_CELLS)} ô: hãy chia thành nhiều tệp nhỏ hơn.",
            field="file",
        )
    if extent.rows == 0:
        return extent.name, []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(extent.name)
        return extent.name, [list(row) for row in sheet.to_python(skip_empty_area=False, nrows=max_rows + 1)]
    except Exception as exc:  # calamine raises CalamineError, ZipError, XmlError, ValueError...
        raise _unreadable(filename) from exc


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1258, the legacy Vietnamese code page (Excel "CSV" on Vietnamese Windows).
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            f"Không đọc được tệp “{filename}”: hãy lưu tệp CSV với bảng mã UTF-8.", field="file"
        ) from None


def sniff_delimiter(text: str) -> str:
    """';' (Excel with a Vietnamese/European locale), ',' or tab: the one most used, outside quotes,
    in the first non-empty line (the header row, whose titles hold no delimiters)."""
    first_line = next((line for line in text[:20000].splitlines() if line.strip()), "")
    unquoted = "".join(part for i, part in enumerate(first_line.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in _CSV_DELIMITERS}
    best = max(_CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, filename: str, max_rows: int) -> list[list[Any]]:
    """At most max_rows rows; a row wider than MAX_COLUMNS or a cell longer than Excel allows is refused."""
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(f"Tệp “{filename}” không phải tệp CSV dạng văn bản.", field="file")
    text = _decode(data, filename)
    delimiter = sniff_delimiter(text)
    rows: list[list[Any]] = []
    previous_limit = csv.field_size_limit(_CSV_MAX_FIELD)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > MAX_COLUMNS:
                raise SpreadsheetError(
                    f"Tệp “{filename}”, dòng {len(rows) + 1} có {_n(len(row))} cột, quá giới hạn "
                    f"{MAX_COLUMNS} cột.",
                    field="file",
                )
            rows.append(row)
            if len(rows) >= max_rows:
                break
    except csv.Error:
        raise SpreadsheetError(
            f"Không đọc được tệp CSV “{filename}” ở dòng {len(rows) + 1}: có ô dài quá "
            f"{_n(_CSV_MAX_FIELD)} ký tự hoặc dấu ngoặc kép không đóng.",
            field="file",
        ) from None
    finally:
        csv.field_size_limit(previous_limit)
    return rows


# --- The parsed rows of an upload, kept between the preview and the save --------------------------


def _cell_to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, time):
        return {"t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"td": value.total_seconds()}
    return value


def _cell_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        if "t" in value:
            return time.fromisoformat(value["t"])
        if "td" in value:
            return timedelta(seconds=value["td"])
    return value


def stage_sheet(sheet: Sheet) -> str:
    """Keep the parsed rows under a token (the file itself is not kept)."""
    return uploads.store_json(
        STAGING_AREA,
        {"filename": sheet.filename, "sheet": sheet.sheet_name,
         "rows": [[_cell_to_json(v) for v in row] for row in sheet.rows]},
    )  # fmt: skip


def load_staged_sheet(token: str) -> Sheet:
    staged = uploads.load_json(STAGING_AREA, token)
    return Sheet(
        filename=staged["filename"],
        sheet_name=staged["sheet"],
        rows=[[_cell_from_json(v) for v in row] for row in staged["rows"]],
    )


def discard_staged_sheet(token: str) -> None:
    uploads.discard(STAGING_AREA, token, suffix=".json")


# --- Header matching and cell helpers shared by the importers -------------------------------------


@dataclass(frozen=True)
class Field:
    """A column an importer understands: its key in code, Vietnamese title and other accepted titles.

    Titles are compared folded (no accents, no case, punctuation as spaces): "HỌ VÀ TÊN" = "Ho va ten".
    kind / width / choices / note describe the column of the downloadable template (xlsx_export.Column).
    """

    key: str
    title: str
    aliases: tuple[str, ...] = ()
    kind: str = "text"
    width: float = 18
    choices: tuple[str, ...] = ()
    note: str = ""

    def title_keys(self) -> set[str]:
        return {header_key(self.title), *(header_key(a) for a in self.aliases)}


@dataclass
class Issue:
    """One problem, placed as the user sees it: row number (header = row 1), column title, reason."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row else "Tệp"
        return f"{where}, cột “{self.column}”: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class HeaderMatch:
    row_index: int  # index in Sheet.rows of the header row
    columns: dict[str, int]  # Field.key -> column index
    issues: list[Issue]  # duplicated columns (errors)
    unknown: list[str]  # titles nobody reads (warnings)

    def has(self, key: str) -> bool:
        return key in self.columns


def header_key(title: Any) -> str:
    from lamtheo.lib.text import fold

    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(str(title))).split())


def match_header(
    sheet: Sheet,
    fields: Sequence[Field],
    *,
    ignore: Sequence[str] = ("STT", "TT", "Số thứ tự"),
    scan_rows: int = 15,
) -> HeaderMatch:
    """Find the header row (the first of the first `scan_rows` rows that names at least two known
    columns, else the first non-empty row) and map each known field to its column. Titles in `ignore`
    (e.g. the STT column of exported lists) are skipped silently; other unknown titles are returned."""
    ignored = {header_key(t) for t in ignore}
    lookup: dict[str, Field] = {}
    for f in fields:
        for k in f.title_keys():
            lookup.setdefault(k, f)
    candidates = sheet.rows[:scan_rows]
    header_index = next(
        (i for i, row in enumerate(candidates) if sum(header_key(v) in lookup for v in row) >= 2), None
    )
    if header_index is None:
        header_index = next((i for i, row in enumerate(sheet.rows) if any(not _is_blank(v) for v in row)), 0)
    columns: dict[str, int] = {}
    issues: list[Issue] = []
    unknown: list[str] = []
    for col, title in enumerate(sheet.rows[header_index]):
        if _is_blank(title):
            continue
        known = lookup.get(header_key(title))
        if known is None:
            if header_key(title) not in ignored:
                unknown.append(str(title).strip())
        elif known.key in columns:
            issues.append(
                Issue(sheet.row_number(header_index), known.title, f"Cột “{known.title}” xuất hiện hai lần.")
            )
        else:
            columns[known.key] = col
    return HeaderMatch(header_index, columns, issues, unknown)


def cell_text(value: Any) -> str:
    """A cell as NFC text: whole floats lose their ".0", dates become dd/mm/yyyy."""
    from lamtheo.lib.text import nfc

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return nfc(str(value))


def row_is_blank(row: Sequence[Any]) -> bool:
    return all(_is_blank(v) for v in row)


def save_all_or_nothing[P: ImportPreview](
    actor: Any,
    sheet: Sheet,
    *,
    preview: Callable[[Any, Sheet], P],
    save: Callable[[Any, P], None],
    conflict: str = "Dữ liệu vừa bị thay đổi trong khi nhập",
) -> P:
    """The save step of every import: validate again, refuse while any row is bad, save in one transaction.

    A concurrent change that breaks a unique rule between preview and save rolls everything back too.
    """
    if not actor.can_write:
        raise ServiceError("Bạn không có quyền nhập dữ liệu.")
    try:
        with transaction.atomic():
            result = preview(actor, sheet)
            if result.errors:
                raise ServiceError(
                    f"Tệp “{sheet.filename}” còn {len(result.errors)} lỗi: chưa lưu dòng nào.", field="file"
                )
            save(actor, result)
    except IntegrityError as exc:
        raise ServiceError(f"{conflict}: chưa lưu dòng nào, hãy xem trước lại.", field="file") from exc
    return result
