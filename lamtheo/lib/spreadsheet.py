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
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from django.db import IntegrityError, transaction
from python_calamine import CalamineWorkbook

from lamtheo.lib import legacy_vietnamese as legacy
from lamtheo.lib import sheet_bounds, uploads
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import nfc

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".ods")
MAX_ROWS = 101_000  # 100.000 members, and room for title rows, a header and signatures
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
    notes: list["Issue"] = field(default_factory=list)  # rows skipped (title, totals, signatures), and why
    encoding: str = ""  # the encoding the text was read in ("unicode", "tcvn3", ...)
    detected_encoding: str = ""
    only_valid: bool = False  # saved (or to be saved) without the rows in error

    @property
    def error_row_numbers(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    @property
    def file_errors(self) -> list["Issue"]:
        """Errors of the file itself (a missing column, a wrong encoding): no row can be saved."""
        return [e for e in self.errors if not e.row or e.row in self.header_rows]

    header_rows: tuple[int, ...] = ()

    @property
    def can_save_valid(self) -> bool:
        """Saving only the valid rows is possible: some rows are bad, some good, the file itself is fine."""
        return bool(self.errors) and bool(self.rows) and not self.file_errors

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

    def start_from(self, sheet: "Sheet", header: "HeaderMatch") -> None:
        """What every importer's preview takes from the reading: skipped rows, the encoding, and an
        encoding chosen by hand that does not fit the text (an error: nothing is read in it)."""
        self.notes.extend(header.notes)
        self.encoding, self.detected_encoding = sheet.encoding, sheet.detected_encoding
        self.header_rows = tuple(range(sheet.row_number(header.first_row_index),
                                       sheet.row_number(header.row_index) + 1))  # fmt: skip
        if sheet.encoding_error:
            self.errors.append(Issue(None, "Bảng mã", sheet.encoding_error))

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
    """The rows of one sheet. `rows` are converted to Unicode with `encoding`; `raw_rows` keep the cells
    as read (8-bit text as Windows-1252 characters) so that another encoding can be chosen later."""

    filename: str
    rows: list[list[Any]]
    sheet_name: str = ""  # the sheet read ("" for CSV)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1)
    encoding: str = legacy.UNICODE  # the one applied to rows
    detected_encoding: str = legacy.UNICODE
    candidates: tuple[str, ...] = (legacy.UNICODE, legacy.TCVN3, legacy.VNI)
    raw_rows: list[list[Any]] | None = None  # None: rows are the cells as read
    upper_cells: list[tuple[int, int]] = field(default_factory=list)  # cells in a .VnTimeH font
    font_hint: str = ""
    encoding_error: str = ""  # a chosen encoding that does not fit the text

    def row_number(self, index: int) -> int:
        """The row number the user sees for rows[index]."""
        return index + 1

    @property
    def encoding_label(self) -> str:
        return legacy.LABELS.get(self.encoding, self.encoding)

    def with_encoding(self, encoding: str | None) -> "Sheet":
        """This sheet read again in `encoding` (None: the detected one); a choice that does not fit the
        text sets encoding_error instead of passing garbage on."""
        raw = self.raw_rows if self.raw_rows is not None else self.rows
        chosen = encoding if encoding in self.candidates else self.detected_encoding
        error = ""
        if chosen != self.detected_encoding:
            error = legacy.check_choice(_texts(raw), chosen, candidates=self.candidates)
        rows = _convert_rows(raw, chosen, self.upper_cells)
        return Sheet(
            filename=self.filename, rows=rows, sheet_name=self.sheet_name, merges=self.merges,
            encoding=chosen, detected_encoding=self.detected_encoding, candidates=self.candidates,
            raw_rows=raw, upper_cells=self.upper_cells, font_hint=self.font_hint, encoding_error=error,
        )  # fmt: skip


def _texts(rows: list[list[Any]]) -> Iterator[str]:
    for row in rows:
        for value in row:
            if isinstance(value, str) and value and not value.isascii():
                yield value


def _convert_rows(
    raw: list[list[Any]], encoding: str, upper_cells: Sequence[tuple[int, int]]
) -> list[list[Any]]:
    if encoding == legacy.UNICODE and not upper_cells:
        return [list(row) for row in raw]
    upper = {(r, c) for r, c in upper_cells}
    out = []
    for r, row in enumerate(raw):
        out.append([
            legacy.convert(v, encoding, upper=(r, c) in upper) if isinstance(v, str) and v else v
            for c, v in enumerate(row)
        ])  # fmt: skip
    return out


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


def read_spreadsheet(
    data: bytes, filename: str, *, max_rows: int = MAX_ROWS, encoding: str | None = None
) -> Sheet:
    """Read the active sheet of an Excel/ODS file, or a CSV file; SpreadsheetError if unreadable or
    past the limits. Legacy Vietnamese text (TCVN3, VNI, Windows-1258) is detected and converted;
    `encoding` forces one (Sheet.encoding_error says when it does not fit)."""
    suffix = check_suffix(filename)
    check_size(len(data), filename)
    if not data:
        raise SpreadsheetError(f"Tệp “{filename}” rỗng.", field="file")
    sheet_name = ""
    merges: list[tuple[int, int, int, int]] = []
    upper_cells: list[tuple[int, int]] = []
    font_hint = ""
    candidates: tuple[str, ...] = (legacy.UNICODE, legacy.TCVN3, legacy.VNI)
    if suffix == ".csv":
        rows, eight_bit = _read_csv(data, filename, max_rows + 1)
        if eight_bit:
            candidates = (legacy.CP1258, legacy.TCVN3, legacy.VNI)
    else:
        sheet_name, rows, merges = _read_excel(data, filename, suffix, max_rows)
        if suffix != ".ods":
            font_hint, upper_cells = _xlsx_fonts(data)
    if len(rows) > max_rows:
        raise _too_many_rows(filename, max_rows)
    detected = legacy.detect(_texts(rows), candidates=candidates, font_hint=font_hint)
    raw = Sheet(
        filename=filename, rows=rows, sheet_name=sheet_name, merges=merges, encoding=candidates[0],
        detected_encoding=detected, candidates=candidates, upper_cells=upper_cells, font_hint=font_hint,
    )  # fmt: skip
    chosen = encoding if encoding in candidates else detected
    if chosen == detected == legacy.UNICODE and not upper_cells:
        # Nothing to convert: the rows calamine or the csv module made are ours, no copy to take.
        sheet = raw
    else:
        sheet = raw.with_encoding(encoding)
    rows = sheet.rows
    while rows and (all(_is_blank(v) for v in rows[-1]) or _is_total_row(rows[-1])):
        rows.pop()  # trailing blank lines, and the "Tổng cộng: …" line of the project's own exports
    if not rows:
        where = f" (trang “{sheet_name}”)" if sheet_name else ""
        raise SpreadsheetError(f"Tệp “{filename}”{where} không có dữ liệu.", field="file")
    if sheet.raw_rows is not None:
        del sheet.raw_rows[len(rows) :]
        if sheet.encoding == legacy.UNICODE and not upper_cells:
            sheet.raw_rows = None  # nothing converted: keep one copy
    return sheet


_FONT_NAME = re.compile(r'<(?:\w+:)?name val="([^"]*)"')


def _xlsx_fonts(data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """The legacy encoding the workbook's fonts suggest, and the cells of the active sheet written in a
    capitals-only TCVN3 font (.VnTimeH), whose lower-case codes show as capitals."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
            ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
            fonts = []
            for font in styles.iter(f"{ns}font"):
                name = font.find(f"{ns}name")
                fonts.append(name.get("val", "") if name is not None else "")
            xfs_parent = styles.find(f"{ns}cellXfs")
            xfs = [int(xf.get("fontId", "0") or 0) for xf in (xfs_parent if xfs_parent is not None else [])]
            hints = [legacy.font_encoding(f) for f in fonts]
            hint = next((h for h in hints if h != legacy.UNICODE), "")
            capital_styles = {
                str(i).encode() for i, font_id in enumerate(xfs)
                if font_id < len(fonts) and legacy.is_capitals_font(fonts[font_id])
            }  # fmt: skip
            cells: list[tuple[int, int]] = []
            if capital_styles:
                text = archive.read(sheet_bounds.active_sheet_path(data))
                for ref, style in re.findall(rb'<c r="([A-Z]+[0-9]+)"[^>]*?\ss="([0-9]+)"', text):
                    if style in capital_styles:
                        cells.append(_cell_index(ref.decode()))
            return hint, cells
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, sheet_bounds.Unreadable, ValueError):
        return "", []


def _cell_index(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


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


def _read_excel(
    data: bytes, filename: str, suffix: str, max_rows: int
) -> tuple[str, list[list[Any]], list[tuple[int, int, int, int]]]:
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
        return extent.name, [], []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_name(extent.name)
        rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + 1)  # new lists, ours to keep
        merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        return extent.name, rows, merges
    except Exception as exc:  # calamine raises CalamineError, ZipError, XmlError, ValueError...
        raise _unreadable(filename) from exc


def _decode(data: bytes, filename: str) -> tuple[str, bool]:
    """The text of a CSV file and whether it was 8-bit (then kept as raw Windows-1252 characters, to be
    read as Windows-1258, TCVN3 or VNI by the encoding detection). UTF-8 with or without BOM, UTF-16
    with a BOM (Excel's "Unicode text") or without one (NUL bytes every other byte)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), False
        except UnicodeDecodeError:
            raise SpreadsheetError(
                f"Không đọc được tệp “{filename}”: tệp UTF-16 bị hỏng.", field="file"
            ) from None
    head = data[:4096]
    if head.count(b"\x00") * 4 > len(head):
        for codec in ("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be",):
            try:
                return data.decode(codec), False
            except UnicodeDecodeError:
                break
        raise SpreadsheetError(f"Tệp “{filename}” không phải tệp CSV dạng văn bản.", field="file")
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    return legacy.to_raw(data), True


def sniff_delimiter(text: str) -> str:
    """';' (Excel with a Vietnamese/European locale), ',' or tab: the one most used, outside quotes,
    in the first non-empty line (the header row, whose titles hold no delimiters)."""
    first_line = next((line for line in text[:20000].splitlines() if line.strip()), "")
    unquoted = "".join(part for i, part in enumerate(first_line.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in _CSV_DELIMITERS}
    best = max(_CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, filename: str, max_rows: int) -> tuple[list[list[Any]], bool]:
    """At most max_rows rows; a row wider than MAX_COLUMNS or a cell longer than Excel allows is refused."""
    text, eight_bit = _decode(data, filename)
    if "\x00" in text[:4096]:
        raise SpreadsheetError(f"Tệp “{filename}” không phải tệp CSV dạng văn bản.", field="file")
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
    return rows, eight_bit


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
    """Keep the rows as read (before any conversion) under a token; the file itself is not kept."""
    raw = sheet.raw_rows if sheet.raw_rows is not None else sheet.rows
    return uploads.store_json(
        STAGING_AREA,
        {"filename": sheet.filename, "sheet": sheet.sheet_name,
         "rows": [[_cell_to_json(v) for v in row] for row in raw],
         "merges": sheet.merges, "detected": sheet.detected_encoding, "candidates": list(sheet.candidates),
         "upper": sheet.upper_cells, "font": sheet.font_hint, "converted": sheet.raw_rows is not None},
    )  # fmt: skip


def load_staged_sheet(token: str, *, encoding: str | None = None) -> Sheet:
    """The staged rows, converted with `encoding` (None: the one detected at upload)."""
    staged = uploads.load_json(STAGING_AREA, token)
    rows = [[_cell_from_json(v) for v in row] for row in staged["rows"]]
    candidates = tuple(staged.get("candidates") or (legacy.UNICODE, legacy.TCVN3, legacy.VNI))
    sheet = Sheet(
        filename=staged["filename"], sheet_name=staged["sheet"], rows=rows,
        merges=[tuple(m) for m in staged.get("merges", [])],  # type: ignore[misc]
        encoding=candidates[0], detected_encoding=staged.get("detected", candidates[0]),
        candidates=candidates, upper_cells=[tuple(c) for c in staged.get("upper", [])],  # type: ignore[misc]
        font_hint=staged.get("font", ""),
    )  # fmt: skip
    if encoding is None and not staged.get("converted"):
        return sheet  # nothing to convert
    return sheet.with_encoding(encoding)


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
    """Where the table is: its header rows, each known field's column, the data rows, and the rows
    around the table that are not members (title, column numbers, totals, date line, signatures)."""

    row_index: int  # index in Sheet.rows of the (last) header row
    columns: dict[str, int]  # Field.key -> column index
    issues: list[Issue]  # duplicated columns (errors)
    unknown: list[str]  # titles nobody reads (warnings)
    first_row_index: int = -1  # the first header row (several when titles are merged parent › child)
    titles: dict[int, str] = field(default_factory=dict)  # column index -> "Parent › Child"
    data_indices: list[int] = field(default_factory=list)  # the rows that hold records
    notes: list[Issue] = field(default_factory=list)  # rows skipped, and why

    def has(self, key: str) -> bool:
        return key in self.columns

    def title_of(self, key: str, default: str = "") -> str:
        col = self.columns.get(key)
        return self.titles.get(col, default) if col is not None else default


def header_key(title: Any) -> str:
    from lamtheo.lib.text import fold

    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(str(title))).split())


STT_TITLES = ("STT", "TT", "Số thứ tự", "Số TT")
REASONS_TITLE = "Lý do chưa nhập được"  # the last column of the error file (lamtheo.imports.report)
MAX_HEADER_ROWS = 3
_NUMBERING_CELL = re.compile(r"^[(\[]?\s*([0-9]{1,3}|[A-Za-z])\s*[)\]]?$")
_DATA_CELL = re.compile(r"^[0-9'’.,/ +\-]+$")
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
_FOOTER_WORDS = {  # header_key form: folded, punctuation as spaces; a line starting with these words
    "total": ("tong cong ", "tong so ", "trong do "),
    "signature": ("nguoi lap ", "tm ", "kt ", "thu truong ", "xac nhan ", "ky ten ", "ky ghi ro ", "noi nhan "),
}  # fmt: skip
# "Cộng" with a count, or a line holding nothing but a title of the signature block ("CHỦ TỊCH"): a
# sparse member row has a name beside its position ("Chủ tịch", "Kế toán"), so it is never one of these.
_FOOTER_CELL = re.compile(
    r"^(?:(?P<total>cong|tong)(?: [0-9].*)?|(?P<signature>chu tich|pho chu tich|truong ban|ban chap hanh|"
    r"nguoi duyet|giam doc|thu truong don vi))$"
)
NOTE_TEXT = {
    "title": "Dòng tiêu đề phía trên bảng: bỏ qua.",
    "numbering": "Dòng đánh số cột (1), (2)…: bỏ qua.",
    "total": "Dòng tổng cộng dưới bảng: bỏ qua.",
    "date": "Dòng ngày tháng dưới bảng: bỏ qua.",
    "signature": "Phần ký tên dưới bảng: bỏ qua.",
    "below": "Dưới bảng danh sách (hết cột STT): bỏ qua.",
    "section": "Dòng không có số thứ tự (tên nhóm hoặc ghi chú): bỏ qua.",
}


def _cell_str(value: Any) -> str:
    return cell_text(value) if not _is_blank(value) else ""


def _is_numbering_row(row: Sequence[Any]) -> bool:
    """ "(1) (2) (3) …" or "1 2 3 …" or "A B C …" under the header: column numbers, not data."""
    values = [_cell_str(v) for v in row if not _is_blank(v)]
    if len(values) < 3:
        return False
    parts = []
    for v in values:
        m = _NUMBERING_CELL.match(v)
        if m is None:
            return False
        parts.append(m[1])
    numbers = [int(p) for p in parts if p.isdigit()]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _looks_like_data(row: Sequence[Any]) -> bool:
    """A row with a number, a date or digits in a cell: never a header row."""
    for v in row:
        if _is_blank(v):
            continue
        if not isinstance(v, str):
            return True
        if _DATA_CELL.match(v.strip()):
            return True
    return False


def _footer_kind(row: Sequence[Any]) -> str:
    """ "total", "date", "signature" for the lines below a list (a few cells, one starting with the
    words of such a line), else ""."""
    cells = [" ".join(header_key(_cell_str(v)).split()) for v in row if not _is_blank(v)]
    if not cells or len(cells) > 3:
        return ""
    for text in cells:
        if _DATE_LINE.search(text):
            return "date"
        padded = f"{text} "
        for kind, words in _FOOTER_WORDS.items():
            if any(padded.startswith(w) for w in words):
                return kind
        m = _FOOTER_CELL.match(text)
        if m and m["total"] and len(cells) <= 2:
            return "total"
        if m and m["signature"] and len(cells) == 1:
            return "signature"
    return ""


def _grid(sheet: Sheet, first: int, depth: int) -> list[list[str]]:
    """The header rows' titles with merged cells filled: a parent spread over its children's columns.
    Without merge information (CSV) an empty cell above a filled one takes the title on its left when
    that column has a child too."""
    width = max((len(sheet.rows[i]) for i in range(first, first + depth)), default=0)
    grid = [[_cell_str(sheet.rows[i][c]) if c < len(sheet.rows[i]) else "" for c in range(width)]
            for i in range(first, first + depth)]  # fmt: skip
    for r0, c0, r1, c1 in sheet.merges:
        if r1 < first or r0 >= first + depth or r0 < first:
            continue
        value = grid[r0 - first][c0] if c0 < width else ""
        for r in range(r0, min(r1, first + depth - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r - first][c] = value
    if not sheet.merges:
        for r in range(depth - 1):
            for c in range(1, width):
                if not grid[r][c] and grid[r + 1][c] and grid[r][c - 1] and grid[r + 1][c - 1]:
                    grid[r][c] = grid[r][c - 1]
    return grid


def _column_titles(grid: list[list[str]]) -> dict[int, list[str]]:
    titles: dict[int, list[str]] = {}
    for c in range(len(grid[0]) if grid else 0):
        parts: list[str] = []
        for r in range(len(grid)):
            v = grid[r][c]
            if v and (not parts or parts[-1] != v):
                parts.append(v)
        if parts:
            titles[c] = parts
    return titles


def _shared(titles: dict[int, list[str]], col: int) -> bool:
    """The column's parent title spreads over its neighbours too ("Căn cước công dân › Số", "› Ngày cấp")."""
    parts = titles[col]
    return len(parts) > 1 and any(
        len(titles.get(n, ())) > 1 and titles[n][0] == parts[0] for n in (col - 1, col + 1)
    )


def _field_for(parts: list[str], lookup: dict[str, Field], *, shared: bool = False) -> Field | None:
    """Parent › child titles: the whole path first, then the child alone, then the parent alone (when it
    is the title of this one column: a parent over several columns names none of them)."""
    whole = lookup.get(header_key(" ".join(parts)))
    if whole is not None or len(parts) == 1:
        return whole
    child = lookup.get(header_key(parts[-1]))
    if child is not None or shared:
        return child
    return lookup.get(header_key(parts[0]))


def _assign(titles: dict[int, list[str]], lookup: dict[str, Field]) -> tuple[dict[str, int], int]:
    columns: dict[str, int] = {}
    clashes = 0
    for c, parts in titles.items():
        known = _field_for(parts, lookup, shared=_shared(titles, c))
        if known is None:
            continue
        if known.key in columns:
            clashes += 1
        else:
            columns[known.key] = c
    return columns, clashes


def _stt_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer() and value > 0
    text = str(value).strip().rstrip(".")
    return text.isdigit()


def match_header(
    sheet: Sheet,
    fields: Sequence[Field],
    *,
    ignore: Sequence[str] = STT_TITLES,
    scan_rows: int = 30,
) -> HeaderMatch:
    """Find the table: the header (one to three rows, merged titles read as parent › child) is the one,
    among the first `scan_rows` rows, that names the most known columns (at least two; else the first
    non-empty row). Rows above it are titles; a column-numbering row below it is skipped; the table
    ends at a totals, date or signature line, or where the STT column stops being a number. Titles in
    `ignore` are skipped silently; other unknown titles are returned."""
    ignored = {header_key(t) for t in (*ignore, *STT_TITLES, REASONS_TITLE)}
    stt_keys = {header_key(t) for t in STT_TITLES}
    lookup: dict[str, Field] = {}
    for f in fields:
        for k in f.title_keys():
            lookup.setdefault(k, f)
    best: tuple[int, int, int] | None = None  # (score, depth, first row)
    limit = min(scan_rows, len(sheet.rows))
    for first in range(limit):
        if row_is_blank(sheet.rows[first]) or _looks_like_data(sheet.rows[first]):
            continue
        above: dict[str, int] = {}
        for depth in range(1, MAX_HEADER_ROWS + 1):
            last = first + depth - 1
            if last >= len(sheet.rows):
                break
            row = sheet.rows[last]
            if depth > 1:
                if not above or row_is_blank(row) or _is_numbering_row(row) or _looks_like_data(row):
                    break
                # A second header row has children under titles spread over several columns and
                # nothing under a title of one column (merged down); a data row fills those too.
                top = _grid(sheet, first, depth)[0]
                single = [c for c in above.values()
                          if not any(0 <= n < len(top) and top[n] == top[c] for n in (c - 1, c + 1))]  # fmt: skip
                if any(c < len(row) and not _is_blank(row[c]) for c in single):
                    break
            found, clashes = _assign(_column_titles(_grid(sheet, first, depth)), lookup)
            if depth == 1:
                above = found
            score = len(found) - clashes
            if score >= 2 and (best is None or score > best[0] or (score == best[0] and first == best[2])):
                best = (score, depth, first)
    if best is None:
        first = next((i for i, row in enumerate(sheet.rows) if not row_is_blank(row)), 0)
        depth = 1
    else:
        _score, depth, first = best
    header_index = first + depth - 1
    titles = _column_titles(_grid(sheet, first, depth)) if sheet.rows else {}
    columns: dict[str, int] = {}
    shown: dict[int, str] = {c: " › ".join(parts) for c, parts in titles.items()}
    issues: list[Issue] = []
    unknown: list[str] = []
    stt_col = None
    for col, parts in titles.items():
        title = shown[col]
        known = _field_for(parts, lookup, shared=_shared(titles, col))
        if known is None:
            if header_key(parts[-1]) in stt_keys or header_key(parts[0]) in stt_keys:
                stt_col = col if stt_col is None else stt_col
            elif header_key(title) not in ignored and header_key(parts[-1]) not in ignored:
                unknown.append(title)
        elif known.key in columns:
            issues.append(
                Issue(sheet.row_number(header_index), known.title, f"Cột “{known.title}” xuất hiện hai lần.")
            )
        else:
            columns[known.key] = col
    match = HeaderMatch(header_index, columns, issues, unknown, first_row_index=first, titles=shown)
    for i in range(first):
        if not row_is_blank(sheet.rows[i]):
            match.notes.append(Issue(sheet.row_number(i), "", NOTE_TEXT["title"]))
    _find_rows(sheet, match, stt_col)
    return match


def _find_rows(sheet: Sheet, match: HeaderMatch, stt_col: int | None) -> None:
    index = match.row_index + 1
    if index < len(sheet.rows) and _is_numbering_row(sheet.rows[index]):
        match.notes.append(Issue(sheet.row_number(index), "", NOTE_TEXT["numbering"]))
        index += 1
    ended = ""
    seen_data = False
    for i in range(index, len(sheet.rows)):
        row = sheet.rows[i]
        if row_is_blank(row):
            continue
        if ended:
            kind = _footer_kind(row)
            match.notes.append(Issue(sheet.row_number(i), "", NOTE_TEXT[kind or ended]))
            if kind:
                ended = "signature" if kind in ("date", "signature") else ended
            continue
        stt = row[stt_col] if stt_col is not None and stt_col < len(row) else ""
        if stt_col is not None and _stt_number(stt):
            match.data_indices.append(i)
            seen_data = True
            continue
        kind = _footer_kind(row)
        if kind:
            match.notes.append(Issue(sheet.row_number(i), "", NOTE_TEXT[kind]))
            ended = "signature" if kind in ("date", "signature") else "below"
            continue
        if stt_col is not None and not _is_blank(stt):
            if seen_data:  # the STT column stops being a number: the table has ended
                match.notes.append(Issue(sheet.row_number(i), "", NOTE_TEXT["below"]))
                ended = "below"
            else:
                match.notes.append(Issue(sheet.row_number(i), "", NOTE_TEXT["section"]))
            continue
        match.data_indices.append(i)
        seen_data = True


def cell_text(value: Any) -> str:
    """A cell as NFC text: whole floats lose their ".0", dates become dd/mm/yyyy."""
    if value.__class__ is str:  # the common case first
        return nfc(value)
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a large list is checked and saved. Each row makes
    a few objects (its draft, values, the row to insert), none in a cycle, freed as soon as unused; yet
    the collector's full passes walk every one still alive, again and again as they pile up: a quarter of
    the time of a 100,000-row import. Put back as it was afterwards (a nested pause leaves it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def save_all_or_nothing[P: ImportPreview](
    actor: Any,
    sheet: Sheet,
    *,
    preview: Callable[[Any, Sheet], P],
    save: Callable[[Any, P], None],
    conflict: str = "Dữ liệu vừa bị thay đổi trong khi nhập",
    only_valid: bool = False,
) -> P:
    """The save step of every import: validate again, refuse while any row is bad, save in one transaction.

    A concurrent change that breaks a unique rule between preview and save rolls everything back too.
    `only_valid` is the officer's explicit choice to save the valid rows and leave the bad ones (listed
    in the error file) out; a file whose header or encoding is wrong is still refused.
    """
    if not actor.can_write:
        raise ServiceError("Bạn không có quyền nhập dữ liệu.")
    try:
        with transaction.atomic():
            result = preview(actor, sheet)
            if only_valid and result.can_save_valid:
                result.only_valid = True
            elif result.errors:
                raise ServiceError(
                    f"Tệp “{sheet.filename}” còn {len(result.errors)} lỗi: chưa lưu dòng nào.", field="file"
                )
            save(actor, result)
    except IntegrityError as exc:
        raise ServiceError(f"{conflict}: chưa lưu dòng nào, hãy xem trước lại.", field="file") from exc
    return result
