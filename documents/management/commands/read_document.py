"""manage.py read_document FILE [--json]: read a .txt, .docx or .pdf document and print its fields."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.fields import DocumentFields, Section
from documents.reading import DocumentReadError, read_file
from documents.reading.codes import kind_label


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # reads a file only; needs no models, URLs or database
    help = "Đọc một văn bản (.txt, .docx, .pdf) và in các trường đọc được (--json: một đối tượng JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Đường dẫn tệp văn bản")
        parser.add_argument("--json", action="store_true", help="In một đối tượng JSON")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        if not path.is_file():
            raise CommandError(f"“{path}” không phải là một tệp.")
        try:
            fields = read_file(path)
        except DocumentReadError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc}.") from exc
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.") from exc
        if options["json"]:
            self.stdout.write(json.dumps(fields.to_json(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(summary_lines(fields)))


def summary_lines(fields: DocumentFields) -> list[str]:
    """A readable Vietnamese summary of the fields."""
    signer = " / ".join(x for x in (fields.signer.authority, fields.signer.title, fields.signer.name) if x)
    lines = [
        f"Loại văn bản: {kind_label(fields.kind) if fields.kind else '(không rõ)'}",
        f"Số, ký hiệu: {fields.symbol or '(không có)'}",
        f"Cơ quan ban hành: {fields.issuer or '(không rõ)'}"
        + (f" (cấp trên: {fields.issuer_parent})" if fields.issuer_parent else ""),
        f"Địa danh, ngày: {fields.place or '(không rõ)'}, "
        + (fields.date.strftime("%d/%m/%Y") if fields.date else "(không rõ ngày)"),
        f"Trích yếu: {fields.subject or '(không có)'}",
    ]
    if fields.addressees:
        lines.append("Kính gửi: " + "; ".join(fields.addressees))
    lines.append(f"Người ký: {signer or '(không có)'}")
    lines.append(f"Nơi nhận ({len(fields.recipients)}):")
    lines.extend(f"  - {r.name}" + (f" ({r.purpose})" if r.purpose else "") for r in fields.recipients)
    lines.append(f"Văn bản trích dẫn ({len(fields.citations)}):")
    for c in fields.citations:
        extra = [
            kind_label(c.kind) if c.kind else "",
            c.date.strftime("%d/%m/%Y") if c.date else "",
            c.issuer,
        ]
        detail = ", ".join(x for x in extra if x)
        lines.append(f"  - {c.symbol}" + (f" ({detail})" if detail else ""))
    lines.append("Đề mục:")
    lines.extend(_section_lines(fields.sections, 1))
    lines.append(f"Nhiệm vụ ({len(fields.tasks)}):")
    recurrence = {"yearly": "hằng năm", "quarterly": "hằng quý", "half_yearly": "6 tháng"}
    for t in fields.tasks:
        notes = []
        if t.deadline:
            notes.append(f"hạn {t.deadline:%d/%m/%Y}")
        if t.recurrence:
            notes.append(f"định kỳ {recurrence.get(t.recurrence, t.recurrence)}")
        text = t.text if len(t.text) <= 120 else t.text[:119] + "…"
        lines.append(f"  - {text}" + (f" [{'; '.join(notes)}]" if notes else ""))
    lines.append(f"Cảnh báo ({len(fields.warnings)}):")
    lines.extend(f"  - {w}" for w in fields.warnings)
    return lines


def _section_lines(sections: list[Section], depth: int) -> list[str]:
    out = []
    for s in sections:
        label = f"{s.number})" if s.level == 4 and s.number.isalpha() else f"{s.number}."
        title = s.title if len(s.title) <= 100 else s.title[:99] + "…"
        out.append(f"{'  ' * depth}{label} {title}")
        out.extend(_section_lines(s.children, depth + 1))
    return out
