"""Forms of the registry pages, and the plain-text syntax of their multi-line fields.

- Kính gửi: one addressee per line.
- Nơi nhận: one recipient per line, the purpose in brackets: "Tổng LĐLĐ Việt Nam (b/c)".
- Nội dung: lines starting "I.", "1.", "1.1.", "a)" are headings (levels 1-4); other lines are
  paragraphs of the heading above them.
- Dẫn chiếu: one cited document per line, as written: "Kế hoạch số 80/KH-TLĐ ngày 27/3/2026".
"""

import re
import unicodedata
from dataclasses import replace

from django import forms

from lamtheo.lib.forms import DateField
from lamtheo.lib.text import nfc

from .fields import Citation, DocumentFields, Recipient, Section, Signer
from .kinds import DocumentKind

HEADING_RES = [
    (3, re.compile(r"^(?P<num>\d+\.\d+)\.?\s+(?P<title>\S.*)$")),
    (1, re.compile(r"^(?P<num>[IVXLC]+)\.\s+(?P<title>\S.*)$")),
    (2, re.compile(r"^(?P<num>\d+)\.\s+(?P<title>\S.*)$")),
    (4, re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<title>\S.*)$")),
]
_BULLET = re.compile(r"^[-–—•]\s*")


def _lines(text: str) -> list[str]:
    return [nfc(line) for line in unicodedata.normalize("NFC", text or "").splitlines() if nfc(line)]


# --- Kính gửi ----------------------------------------------------------------------------------


def parse_addressees(text: str) -> list[str]:
    out = []
    for line in _lines(text):
        line = _BULLET.sub("", line).rstrip(";.").strip()
        if line:
            out.append(line)
    return out


# --- Nơi nhận ----------------------------------------------------------------------------------

_PURPOSE = re.compile(r"\s*\((?P<purpose>[^()]{1,30})\)\s*[;.,]?$")


def _purpose(text: str) -> str:
    value = " ".join(text.lower().split())
    value = re.sub(r"^để\s+", "", value)
    return value.replace(" ", "") if re.fullmatch(r"[a-zđ]\s*/\s*[a-zđ]", value) else value


def parse_recipients(text: str) -> list[Recipient]:
    """'Tên (b/c)' per line; '- ' bullets and the closing ';' or '.' are optional."""
    recipients = []
    for line in _lines(text):
        line = _BULLET.sub("", line).strip()
        purpose = ""
        m = _PURPOSE.search(line)
        if m and not _is_archive(line):
            purpose = _purpose(m["purpose"])
            line = line[: m.start()]
        name = line.rstrip(";.,").strip()
        if name:
            recipients.append(Recipient(name, purpose))
    return recipients


def _is_archive(name: str) -> bool:
    return name.casefold().startswith("lưu")


def recipients_text(recipients: list[Recipient]) -> str:
    """The inverse of parse_recipients; the archive line ("Lưu: VT, …") carries no purpose."""
    return "\n".join(
        f"{r.name} ({r.purpose})" if r.purpose and not _is_archive(r.name) else r.name for r in recipients
    )


# --- Nội dung (headings) -----------------------------------------------------------------------


def parse_body(text: str) -> tuple[list[str], list[Section]]:
    """Paragraphs before the first heading, and the tree of headings with their paragraphs."""
    before: list[str] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for line in _lines(text):
        heading = None
        for level, pattern in HEADING_RES:
            m = pattern.match(line)
            if m:
                heading = Section(level=level, number=m["num"], title=m["title"].strip())
                break
        if heading is None:
            if stack:
                stack[-1].paragraphs.append(line)
            else:
                before.append(line)
            continue
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(heading)
        stack.append(heading)
    return before, roots


def _heading_line(section: Section) -> str:
    if section.level == 4:
        return f"{section.number}) {section.title}"
    return f"{section.number}. {section.title}"


def body_text(sections: list[Section]) -> str:
    """The inverse of parse_body for the sections."""
    lines: list[str] = []

    def walk(items: list[Section]) -> None:
        for s in items:
            paragraphs = list(s.paragraphs)
            if not s.title and paragraphs:  # a numbered point read as a paragraph: "1. Rà soát …."
                lines.append(_heading_line(replace(s, title=paragraphs.pop(0))))
            else:
                lines.append(_heading_line(s))
            lines.extend(paragraphs)
            walk(s.children)

    walk(sections)
    return "\n".join(lines)


# --- Dẫn chiếu ---------------------------------------------------------------------------------


def find_citations(text: str, exclude: str = "") -> list[Citation]:
    """Citations in free text, by the reader's grammar (DOMAIN.md §1.3)."""
    from .reading.citations import find_citations as reader_find

    citations, _warnings = reader_find(text or "", exclude=exclude)
    return citations


def citation_line(c: Citation) -> str:
    label = DocumentKind(c.kind).label if c.kind in DocumentKind.values else ""
    parts = [f"{label} số {c.symbol}" if label else c.symbol]
    if c.date:
        parts.append(f"ngày {c.date.day}/{c.date.month}/{c.date.year}")
    if c.issuer:
        parts.append(f"của {c.issuer}")
    return " ".join(parts)


def citations_text(citations: list[Citation]) -> str:
    return "\n".join(citation_line(c) for c in citations)


def merge_citations(*groups: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for group in groups:
        for c in group:
            if c.symbol not in seen:
                seen[c.symbol] = c
    return list(seen.values())


# --- forms -------------------------------------------------------------------------------------


def _textarea(rows: int, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


def _text(placeholder: str = "") -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": placeholder})


class _DocumentFieldsForm(forms.Form):
    """The fields an officer writes or corrects, turned into DocumentFields by to_fields()."""

    kind = forms.ChoiceField(
        label="Loại văn bản", choices=[("", "— Chọn loại —")] + list(DocumentKind.choices)
    )
    subject = forms.CharField(label="Trích yếu", widget=_textarea(2), max_length=2000)
    date = DateField(label="Ngày ban hành", required=False)
    place = forms.CharField(label="Địa danh", required=False, max_length=100, widget=_text("Lai Châu"))
    addressees = forms.CharField(
        label="Kính gửi (mỗi dòng một nơi)",
        required=False,
        widget=_textarea(2, "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"),
    )
    opening = forms.CharField(
        label="Mở đầu (căn cứ, dẫn chiếu)",
        required=False,
        widget=_textarea(
            3, "Thực hiện Kế hoạch số 80/KH-TLĐ ngày 27/3/2026 của Tổng Liên đoàn Lao động Việt Nam …"
        ),
    )
    body = forms.CharField(
        label="Nội dung",
        required=False,
        help_text="Dòng bắt đầu bằng “I.”, “1.”, “1.1.”, “a)” là đề mục; các dòng khác là đoạn văn của đề mục bên trên.",
        widget=_textarea(14, "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n…"),
    )
    closing = forms.CharField(label="Kết thúc", required=False, widget=_textarea(2, "Trên đây là …"))
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)",
        required=False,
        help_text="Ghi mục đích trong ngoặc: “Tổng LĐLĐ Việt Nam (b/c)”. Dòng cuối: “Lưu: VT, Ban CTCĐ”.",
        widget=_textarea(5, "Như trên\nTổng LĐLĐ Việt Nam (b/c)\nLưu: VT, Ban CTCĐ"),
    )
    citations = forms.CharField(
        label="Văn bản dẫn chiếu (mỗi dòng một văn bản)",
        required=False,
        widget=_textarea(3, "Kế hoạch số 80/KH-TLĐ ngày 27/3/2026"),
    )
    signer_authority = forms.CharField(
        label="Thẩm quyền ký", required=False, max_length=120, widget=_text("TM. BAN THƯỜNG VỤ")
    )
    signer_title = forms.CharField(
        label="Chức vụ", required=False, max_length=120, widget=_text("PHÓ CHỦ TỊCH")
    )
    signer_name = forms.CharField(
        label="Họ và tên người ký", required=False, max_length=120, widget=_text("Lò Thị Hằng")
    )

    def clean_signer_authority(self) -> str:
        return nfc(self.cleaned_data["signer_authority"]).upper()

    def clean_signer_title(self) -> str:
        return nfc(self.cleaned_data["signer_title"]).upper()

    def _citations(self, d: dict) -> list[Citation]:
        return find_citations(d.get("citations", ""))

    def to_fields(self) -> DocumentFields:
        d = self.cleaned_data
        before, sections = parse_body(d.get("body", ""))
        opening_lines = _lines(d.get("opening", "")) + before
        return DocumentFields(
            kind=d["kind"],
            date=d.get("date"),
            place=nfc(d.get("place")),
            subject=nfc(d["subject"]),
            addressees=parse_addressees(d.get("addressees", "")),
            recipients=parse_recipients(d.get("recipients", "")),
            signer=Signer(
                d.get("signer_authority", ""), d.get("signer_title", ""), nfc(d.get("signer_name"))
            ),
            citations=self._citations(d),
            opening="\n".join(opening_lines),
            sections=sections,
            closing="\n".join(_lines(d.get("closing", ""))),
        )

    @classmethod
    def initial_from(cls, fields: DocumentFields) -> dict:
        return {
            "kind": fields.kind,
            "subject": fields.subject,
            "date": fields.date,
            "place": fields.place,
            "addressees": "\n".join(fields.addressees),
            "opening": fields.opening,
            "body": body_text(fields.sections),
            "closing": fields.closing,
            "recipients": recipients_text(fields.recipients),
            "citations": citations_text(fields.citations),
            "signer_authority": fields.signer.authority,
            "signer_title": fields.signer.title,
            "signer_name": fields.signer.name,
        }


DELIVER_CHOICES = [
    ("", "Chỉ các đơn vị ghi trong Nơi nhận"),
    ("children", "Các đơn vị trực thuộc trực tiếp"),
    ("subtree", "Mọi đơn vị cấp dưới"),
]
DELIVERY_NAMES = {"children": "Các đơn vị trực thuộc", "subtree": "Các đơn vị cấp dưới"}
AUDIENCE_CHOICES = [
    ("", "Theo loại văn bản (hướng dẫn, kế hoạch, chương trình, thông báo: cho đoàn viên)"),
    ("members", "Dành cho đoàn viên (đoàn viên các đơn vị nhận được xem)"),
    ("internal", "Văn bản nội bộ (chỉ cán bộ công đoàn)"),
]


class ComposeForm(_DocumentFieldsForm):
    """Compose or edit an outgoing draft. Citations written in the text are found automatically;
    the citations field adds documents the text does not name by number."""

    drafting_code = forms.CharField(
        label="Chữ viết tắt đơn vị soạn thảo",
        required=False,
        max_length=30,
        help_text="Bắt buộc với công văn: 299/CĐCT-TGNC.",
        widget=_text("TGNC"),
    )
    deliver_to = forms.ChoiceField(
        label="Gửi qua hệ thống đến",
        choices=DELIVER_CHOICES,
        required=False,
        help_text="Mỗi đơn vị nhận có văn bản trong sổ văn bản đến khi văn bản được ban hành; "
        "các đơn vị ghi trong Nơi nhận đúng tên cũng nhận được.",
    )
    audience = forms.ChoiceField(label="Người được xem", choices=AUDIENCE_CHOICES, required=False)

    def for_members(self) -> bool | None:
        return {"members": True, "internal": False}.get(self.cleaned_data.get("audience") or "")

    def fields_for(self, unit) -> DocumentFields:
        """to_fields() with the delivery line ("Các đơn vị trực thuộc (t/h)") for `unit`."""
        fields = self.to_fields()
        reach = self.cleaned_data.get("deliver_to") or ""
        if reach:
            line = Recipient(DELIVERY_NAMES[reach], "t/h", unit_id=unit.pk, reach=reach)
            fields.recipients = [line, *[r for r in fields.recipients if r.name != line.name]]
        return fields

    @classmethod
    def initial_for(cls, document) -> dict:
        """initial_from() for an existing draft: its delivery line goes back to "Gửi qua hệ thống đến"."""
        fields = document.to_fields()
        rows = list(document.recipients.all())
        reach = next((r.reach for r in rows if r.reach and r.unit_id == document.issuer_unit_id), "")
        fields.recipients = [Recipient(r.name, r.purpose) for r in rows if not (reach and r.reach == reach)]
        initial = cls.initial_from(fields)
        initial["deliver_to"] = reach
        initial["audience"] = "members" if document.for_members else "internal"
        return initial

    def clean(self):
        d = super().clean()
        if d.get("kind") == DocumentKind.CONG_VAN and not nfc(d.get("drafting_code")):
            self.add_error("drafting_code", "Công văn cần chữ viết tắt của đơn vị soạn thảo (ví dụ TGNC).")
        code = nfc(d.get("drafting_code"))
        if code and not re.fullmatch(r"[A-ZĐ][A-ZĐa-z&-]*", code):
            self.add_error(
                "drafting_code", "Chỉ gồm chữ cái không dấu cách, bắt đầu bằng chữ in hoa (TGNC, ToC)."
            )
        return d

    def _citations(self, d: dict) -> list[Citation]:
        text = "\n".join([d.get("opening", ""), d.get("body", ""), d.get("closing", "")])
        return merge_citations(find_citations(text), find_citations(d.get("citations", "")))


class RegisterForm(_DocumentFieldsForm):
    """Confirm or correct what the reader found in a received document, then enter it in the registry."""

    symbol = forms.CharField(label="Số, ký hiệu", required=False, max_length=80, widget=_text("80/KH-TLĐ"))
    issuer = forms.CharField(
        label="Cơ quan ban hành",
        required=False,
        max_length=255,
        widget=_text("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"),
    )
    issuer_parent = forms.CharField(label="Cơ quan chủ quản", required=False, max_length=255, widget=_text())

    field_order = ["kind", "symbol", "issuer", "issuer_parent", "date", "place", "subject"]

    def to_fields(self) -> DocumentFields:
        fields = super().to_fields()
        fields.symbol = nfc(self.cleaned_data.get("symbol"))
        fields.issuer = nfc(self.cleaned_data.get("issuer"))
        fields.issuer_parent = nfc(self.cleaned_data.get("issuer_parent"))
        return fields

    @classmethod
    def initial_from(cls, fields: DocumentFields) -> dict:
        data = super().initial_from(fields)
        data.update({"symbol": fields.symbol, "issuer": fields.issuer, "issuer_parent": fields.issuer_parent})
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp văn bản (.txt, .docx, .pdf)",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".txt", ".docx", ".pdf")):
            raise forms.ValidationError("Chỉ nhận tệp .txt, .docx hoặc .pdf.")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("Tệp lớn hơn 20 MB.")
        return f


class ScanForm(forms.Form):
    file = forms.FileField(
        label="Bản scan có chữ ký, đóng dấu (.pdf, .jpg, .png)",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Lý do thu hồi", required=False, max_length=300, widget=_text())


class EntryForm(forms.Form):
    """Handling of a received document: status, the officer handling it, a note."""

    status = forms.ChoiceField(label="Tình trạng xử lý", choices=())
    handler = forms.ModelChoiceField(
        label="Người xử lý", queryset=None, required=False, empty_label="— Chưa giao —"
    )
    note = forms.CharField(label="Ghi chú xử lý", required=False, max_length=500)

    def __init__(self, *args, unit_id: int, **kwargs):
        from .models import EntryStatus
        from .services import handlers_of

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = EntryStatus.choices
        self.fields["handler"].queryset = handlers_of(unit_id)
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username
