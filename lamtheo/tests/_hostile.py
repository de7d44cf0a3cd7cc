"""Hostile and odd workbooks, generated at test time (xlsxwriter, zipfile): nothing is checked in."""

import io
import zipfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter


def xlsx_cells(cells: Sequence[tuple[int, int, Any]], *, sheets: Sequence[str] = ("Dữ liệu",),
               active: int = 0, hidden: Sequence[int] = (), on_sheet: int | None = None) -> bytes:  # fmt: skip
    """cells (0-based row, col, value) on sheet `on_sheet` (default: the active one)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheets = [book.add_worksheet(name) for name in sheets]
    target = worksheets[active if on_sheet is None else on_sheet]
    for row, col, value in cells:
        target.write(row, col, value)
    worksheets[active].activate()
    for index in hidden:
        worksheets[index].hide()
    book.close()
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
)


def ods(tables: dict[str, str], *, active: str = "") -> bytes:
    """tables: name -> the XML of its rows."""
    body = "".join(f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>")  # fmt: skip
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
        if active:
            archive.writestr(
                "settings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings {_ODS_NS}><office:settings>'
                '<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed '
                'config:name="Views"><config:config-item-map-entry>'
                f'<config:config-item config:name="ActiveTable" config:type="string">{active}</config:config-item>'
                "</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>"
                "</office:settings></office:document-settings>",
            )
    return out.getvalue()


def ods_row(*values: str, repeat_last: int = 1, rows_repeated: int = 1) -> str:
    cells = [
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    ]
    if repeat_last > 1 and cells:
        cells[-1] = cells[-1].replace(
            "<table:table-cell ", f'<table:table-cell table:number-columns-repeated="{repeat_last}" ', 1
        )
    attr = f' table:number-rows-repeated="{rows_repeated}"' if rows_repeated > 1 else ""
    return f"<table:table-row{attr}>{''.join(cells)}</table:table-row>"
