"""Look inside an .xlsx or .ods upload before any spreadsheet library builds its cell range.

A reader builds one rectangle from A1 to the farthest cell holding a value: a 5 KB file whose only far
cell is XFD1048576 asks for 17 billion cells and kills the process. So the zip is checked first (entry
count, bytes once inflated, read through a counting stream), the sheet the user left active is found,
and its XML is walked as a stream to find the farthest cell with a value. Only then does calamine read
it. Memory stays flat: elements are dropped as soon as they are seen.
"""

import bisect
import io
import operator
import re
import struct
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

MAX_ZIP_ENTRIES = 2_000
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # every part read, once inflated
_CHUNK = 1 << 16

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CONFIG = "{urn:oasis:names:tc:opendocument:xmlns:config:1.0}"
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


class TooLarge(Exception):
    """The file asks for more than the limits allow; the message says what, in Vietnamese."""


class Unreadable(Exception):
    """Not a well-formed workbook."""


@dataclass(frozen=True)
class SheetExtent:
    name: str  # the sheet the reader must open
    rows: int  # 1-based number of the last row holding a value (0: empty sheet)
    columns: int  # likewise for columns


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def column_letters(index: int) -> str:
    """1 -> A, 16384 -> XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise TooLarge(
                f"dữ liệu giải nén vượt quá {MAX_INFLATED_BYTES // (1024 * 1024)} MB (tệp nén bất thường)"
            )


class _CountingStream(io.RawIOBase):
    """A zip member read through the shared inflated-bytes budget."""

    def __init__(self, raw: IO[bytes], budget: _Budget) -> None:
        self.raw, self.budget = raw, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.raw.read(len(buffer))
        self.budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)


def _check_entry_count(data: bytes) -> None:
    """The central directory is listed before any of it is parsed: zipfile keeps one object per entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise Unreadable("no end of central directory")
    (entries,) = struct.unpack("<H", data[end + 10 : end + 12])
    if entries == 0xFFFF or entries > MAX_ZIP_ENTRIES:
        raise TooLarge(f"tệp nén chứa quá nhiều thành phần (hơn {_n(MAX_ZIP_ENTRIES)})")


def _open(archive: zipfile.ZipFile, name: str, budget: _Budget) -> io.BufferedReader:
    try:
        raw = archive.open(name)
    except KeyError:
        raise Unreadable(f"missing {name}") from None
    return io.BufferedReader(_CountingStream(raw, budget), _CHUNK)


def _parse(archive: zipfile.ZipFile, name: str, budget: _Budget) -> ElementTree.Element:
    with _open(archive, name, budget) as stream:
        try:
            return ElementTree.parse(stream).getroot()
        except ElementTree.ParseError as exc:
            raise Unreadable(str(exc)) from exc


def _events(stream: IO[bytes], tags: tuple[str, ...]) -> Iterator[tuple[str, ElementTree.Element]]:
    try:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            if element.tag in tags:
                yield event, element
    except ElementTree.ParseError as exc:
        raise Unreadable(str(exc)) from exc


def _spend_on_other_parts(archive: zipfile.ZipFile, skip: str, budget: _Budget) -> None:
    """The reader inflates the shared strings, styles and the rest too: count them against the budget."""
    for info in archive.infolist():
        if info.filename == skip or info.is_dir():
            continue
        with _open(archive, info.filename, budget) as stream:
            while stream.read(_CHUNK):
                pass


def _xlsx_active_sheet(archive: zipfile.ZipFile, budget: _Budget) -> tuple[str, str]:
    """(sheet name, zip path) of the sheet the workbook opens on (activeTab), else the first visible."""
    workbook = _parse(archive, "xl/workbook.xml", budget)
    sheets = [
        (s.get("name", ""), s.get(f"{_REL}id", ""), s.get("state", "visible"))
        for s in workbook.iter(f"{_MAIN}sheet")
    ]
    if not sheets:
        raise Unreadable("no sheet")
    view = next(workbook.iter(f"{_MAIN}workbookView"), None)
    active = (
        int(view.get("activeTab", "0")) if view is not None and view.get("activeTab", "0").isdigit() else 0
    )
    if active >= len(sheets) or sheets[active][2] != "visible":
        active = next((i for i, s in enumerate(sheets) if s[2] == "visible"), 0)
    name, rel_id, _state = sheets[active]
    rels = _parse(archive, "xl/_rels/workbook.xml.rels", budget)
    target = next(
        (r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship") if r.get("Id") == rel_id), ""
    )
    if not target:
        raise Unreadable("sheet without a part")
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return name, path


# The sheet XML is scanned for its <row> and <c> start tags with regexes, chunk by chunk (an XML parser
# costs several times calamine's own read). Attribute values and text never hold a raw "<", so a tag is
# found whole. A self-closing <c .../> holds no value (formatting only: the reader skips it); any other
# cell is counted, which errs on the safe side. Every writer we know puts r="A1" first; a chunk where
# any row or cell tag is written otherwise (a prefix, r elsewhere or missing) takes the general pattern.
_ANY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:row|c)[\s/>]")
_CANONICAL_TAG = re.compile(rb'<(row|c) r="\$?([A-Za-z]*)\$?([0-9]*)"[^>]*?(/?)>')
_GENERAL_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b(?:(?=[^>]*?\sr\s*=\s*[\"']\$?([A-Za-z]*)\$?([0-9]*)[\"']))?[^>]*?(/?)>"
)
_MAX_TAG = 1 << 16


# Spellings of a row or cell tag that the canonical pattern does not read: a chunk holding any of them
# takes the general pattern (a prefix, whitespace other than one space, or no attribute).
_UNUSUAL = (b":c", b":row", b"<c\t", b"<c\n", b"<c\r", b"<c>", b"<c/", b"<row\t", b"<row\n", b"<row\r",
            b"<row>", b"<row/")  # fmt: skip


def _tags(text: bytes) -> list[tuple[bytes, bytes, bytes, bytes]]:
    canonical = _CANONICAL_TAG.findall(text)
    # Every "<c " and "<row " (plain bytes counts, at C speed) must be a canonical tag; "<col " and
    # "<cols" are not cells (the space or the letter after "c" tells them apart).
    plain = text.count(b"<c ") + text.count(b"<row ")
    if len(canonical) == plain and not any(u in text for u in _UNUSUAL):
        return canonical
    if len(canonical) == len(_ANY_TAG.findall(text)):
        return canonical
    return _GENERAL_TAG.findall(text)


# The common case read at C speed: every cell tag written <c r="B12" …> (or …/> when it holds nothing).
# The valued cells' column letters and row numbers are collected by one regex each chunk, their maximum
# taken by C loops; a chunk where any cell tag is written otherwise takes the tag walk below.
_VALUED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>')
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"[^>]*?/>')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
# The narrow sheet of most lists (columns A to Z, row numbers without a leading zero): one findall of
# the references, whose maximum as bytes is the last column and whose longest give the last row.
_NARROW_REF = re.compile(rb'<c r="([A-Z][1-9][0-9]{0,6})"')
_ROW_PART = operator.itemgetter(slice(1, None))
_ODD_CELL = re.compile(rb"<c[^ a-zA-Z]")  # <c>, <c/>, <c\t…: not the common spelling
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # <x:c …>


def _fast_extent(text: bytes, columns: dict[bytes, int]) -> tuple[int, int] | None:
    """(last row, last column) of the valued cells of a chunk; None when a tag needs the general walk."""
    if _ODD_CELL.search(text) or _PREFIXED_CELL.search(text):
        return None
    cells = text.count(b"<c ")
    if b"/>" not in text:  # no cell is formatting only: every one counts
        narrow = _narrow_extent(text, cells)
        if narrow is not None:
            return narrow
    empty = len(_EMPTY_CELL.findall(text))
    letters: Sequence[bytes]
    digits: Sequence[bytes]
    if empty:  # formatting-only cells are not part of the extent: the slower pattern tells them apart
        valued = _VALUED_CELL.findall(text)
        if len(valued) + empty != cells:
            return None
        if not valued:
            return 0, 0
        letters, digits = zip(*valued, strict=True)
    else:
        letters = _CELL_COLUMN.findall(text)
        if len(letters) != cells:
            return None
        if not letters:
            return 0, 0
        digits = _CELL_ROW.findall(text)
    last_col = max(columns.get(x) or columns.setdefault(x, _column_number(x.decode())) for x in set(letters))
    return max(map(int, digits)), last_col


def _narrow_extent(text: bytes, cells: int) -> tuple[int, int] | None:
    """(last row, last column) when every cell of the chunk is in columns A to Z, else None."""
    refs = _NARROW_REF.findall(text)
    if len(refs) != cells:
        return None
    if not refs:
        return 0, 0
    last_col = max(refs)[0] - 64
    # One letter, then the row: the longest references hold the last row, and among references of one
    # length the bytes compare as the numbers do. They come in row order, so the sort is one pass.
    refs.sort(key=len)
    longest = refs[bisect.bisect_left(refs, len(refs[-1]), key=len) :]
    return int(max(map(_ROW_PART, longest))), last_col


def _xlsx_extent(archive: zipfile.ZipFile, max_rows: int, max_columns: int, budget: _Budget) -> SheetExtent:
    name, path = _xlsx_active_sheet(archive, budget)
    last_row = last_col = row = col = 0
    columns: dict[bytes, int] = {}  # "AB" -> 28, computed once per column
    pending = b""
    with _open(archive, path, budget) as stream:
        while chunk := stream.read(_CHUNK * 16):
            text = pending + chunk
            cut = text.rfind(b"<")
            if cut >= 0 and text.find(b">", cut) < 0:
                text, pending = text[:cut], text[cut:]
                if len(pending) > _MAX_TAG:
                    raise Unreadable("tag too long")
            else:
                pending = b""
            fast = _fast_extent(text, columns)
            if fast is not None:
                last_row, last_col = max(last_row, fast[0]), max(last_col, fast[1])
                row, col = max(row, fast[0]), 0
                if last_col > max_columns or last_row > max_rows + 1:
                    break
                continue
            for kind, letters, digits, closed in _tags(text):
                if kind == b"row":
                    row = int(digits) if digits else row + 1
                    col = 0
                    continue
                if letters:
                    col = columns.get(letters) or columns.setdefault(
                        letters, _column_number(letters.decode())
                    )
                else:
                    col += 1
                if digits:
                    row = int(digits)
                if closed:
                    continue  # <c .../>: formatting only, the reader skips it
                if row > last_row:
                    last_row = row
                if col > last_col:
                    last_col = col
            if last_col > max_columns or last_row > max_rows + 1:
                break
    if last_col > max_columns or last_row > max_rows + 1:
        raise TooLarge(_far_cell(last_col, last_row, max_rows, max_columns, name))
    _spend_on_other_parts(archive, path, budget)
    return SheetExtent(name, last_row, last_col)


def _far_cell(col: int, row: int, max_rows: int, max_columns: int, sheet: str) -> str:
    return (
        f"dữ liệu trang “{sheet}” trải tới ô {column_letters(col)}{row}, ngoài giới hạn "
        f"{_n(max_rows)} dòng và {max_columns} cột"
    )


def _ods_active_table(archive: zipfile.ZipFile, budget: _Budget) -> str:
    if "settings.xml" not in archive.namelist():
        return ""
    settings = _parse(archive, "settings.xml", budget)
    for item in settings.iter(f"{_CONFIG}config-item"):
        if item.get(f"{_CONFIG}name") == "ActiveTable":
            return item.text or ""
    return ""


def _ods_extent(archive: zipfile.ZipFile, max_rows: int, max_columns: int, budget: _Budget) -> SheetExtent:
    """Rows and cells carry repeat counts (number-rows-repeated, number-columns-repeated): a repeated
    cell that holds a value is as many cells to the reader."""
    active = _ods_active_table(archive, budget)
    extents: dict[str, tuple[int, int]] = {}
    order: list[str] = []
    table = ""
    row = col = 0
    row_repeat = 1
    row_last_col = 0
    tags = (f"{_TABLE}table", f"{_TABLE}table-row", f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
    with _open(archive, "content.xml", budget) as stream:
        for event, element in _events(stream, tags):
            tag = element.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    table = element.get(f"{_TABLE}name", "")
                    order.append(table)
                    extents[table] = (0, 0)
                    row = 0
                else:
                    element.clear()
            elif tag == f"{_TABLE}table-row":
                if event == "start":
                    row_repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
                    col = row_last_col = 0
                else:
                    if row_last_col:
                        last = row + row_repeat
                        if last > max_rows + 1 or row_last_col > max_columns:
                            raise TooLarge(_far_cell(row_last_col, last, max_rows, max_columns, table))
                        rows, cols = extents[table]
                        extents[table] = (last, max(cols, row_last_col))
                    row += row_repeat
                    element.clear()
            elif event == "end":
                repeat = int(element.get(f"{_TABLE}number-columns-repeated", "1") or 1)
                holds_value = element.get(f"{_OFFICE}value-type") is not None or (
                    element.find(f"{_TEXT}p") is not None
                )
                col += repeat
                if holds_value:
                    row_last_col = col
                    if col > max_columns:
                        raise TooLarge(_far_cell(col, row + 1, max_rows, max_columns, table))
                element.clear()
    if not order:
        raise Unreadable("no table")
    name = active if active in extents else order[0]
    _spend_on_other_parts(archive, "content.xml", budget)
    rows, cols = extents[name]
    return SheetExtent(name, rows, cols)


def measure(data: bytes, suffix: str, *, max_rows: int, max_columns: int) -> SheetExtent:
    """The active sheet of an .xlsx/.xlsm/.ods file and how far its values reach; TooLarge past the
    limits, Unreadable when the file is not a well-formed workbook."""
    _check_entry_count(data)
    budget = _Budget(MAX_INFLATED_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if suffix == ".ods":
                return _ods_extent(archive, max_rows, max_columns, budget)
            return _xlsx_extent(archive, max_rows, max_columns, budget)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
    ) as exc:
        # RuntimeError: encrypted entries; NotImplementedError: unknown compression
        raise Unreadable(str(exc)) from exc


def active_sheet_path(data: bytes) -> str:
    """The zip path of the active sheet of an .xlsx file already measured (so within the limits)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _xlsx_active_sheet(archive, _Budget(MAX_INFLATED_BYTES))[1]
