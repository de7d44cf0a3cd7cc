"""read_text: the whole reader, one sub-parser after another; none of them may stop the others.

Each step runs under _safe(): an exception becomes a Vietnamese warning and the step's fields stay empty,
so any input text gives a DocumentFields.
"""

from collections.abc import Callable

from ..fields import Citation, DocumentFields, Recipient
from ..kinds import DocumentKind
from .body import Body, parse_body
from .citations import find_citations
from .codes import code_for_kind, split_symbol
from .header import HeaderInfo, parse_header
from .prep import NUMBER, build_paragraphs, prepare
from .recipients import parse_recipients
from .signature import Tail, find_tail_start, signature_warnings, split_tail
from .tasks import extract_tasks, find_period


def _safe[T](label: str, warnings: list[str], fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - reading never fails, it reports (in Vietnamese, without internals)
        warnings.append(f"Lỗi khi đọc {label}: phần này chưa đọc được, cần nhập tay")
        return default


def read_text(text: str, *, paragraph_mode: bool = False) -> DocumentFields:
    """Read the fields of an official document from its text. Never raises.

    paragraph_mode: every paragraph of the source is separated by a blank line (text from .docx);
    otherwise hard-wrapped text is detected from line lengths.
    """
    fields = DocumentFields()
    if not isinstance(text, str):
        text = text.decode("utf-8", "replace") if isinstance(text, bytes | bytearray) else str(text or "")
    _safe("văn bản", fields.warnings, lambda: _read(text, fields, paragraph_mode), None)
    return fields


def _read(text: str, fields: DocumentFields, paragraph_mode: bool) -> None:
    w = fields.warnings
    prepared = prepare(text, wrapped=False if paragraph_mode else None, page_marks=not paragraph_mode)
    if not prepared.lines:
        w.append("Văn bản trống")
        return
    if prepared.noise:
        w.append(f"Đã bỏ {prepared.noise} ký hiệu nhiễu (OCR) như “*Q*”")
    if prepared.page_marks:
        w.append(
            f"Đã bỏ {len(prepared.page_marks)} dòng số trang (đầu trang, chân trang) như "
            f"“{prepared.page_marks[0]}”"
        )
    lines = prepared.lines
    tail_start = _safe("phần cuối", w, lambda: find_tail_start(lines), len(lines))
    paragraphs = build_paragraphs(lines[:tail_start], prepared.wrapped, prepared.width)

    info, body_start = _safe(
        "phần đầu", w, lambda: parse_header(paragraphs, paragraph_mode=paragraph_mode), (HeaderInfo(), 0)
    )
    _apply_header(fields, info)
    body = _safe("nội dung", w, lambda: parse_body(paragraphs[body_start:]), Body())
    fields.opening, fields.sections, fields.closing = body.opening, body.sections, body.closing

    tail = _safe("nơi nhận, chữ ký", w, lambda: split_tail(lines[tail_start:]), Tail())
    fields.signer = tail.signer
    no_recipients: tuple[list[Recipient], list[str]] = ([], ["Không đọc được phần Nơi nhận"])
    recipients, recipient_warnings = _safe("nơi nhận", w, lambda: parse_recipients(tail.items), no_recipients)
    fields.recipients = recipients

    _safe("loại văn bản", w, lambda: _decide_kind(fields, info), None)
    w.extend(info.warnings)
    w.extend(body.warnings)

    flat = " ".join(p.text for p in paragraphs if p.kind != NUMBER)
    no_citations: tuple[list[Citation], list[str]] = ([], [])
    citations, citation_warnings = _safe(
        "văn bản trích dẫn", w, lambda: find_citations(flat, exclude=fields.symbol), no_citations
    )
    fields.citations = citations
    w.extend(citation_warnings)

    period = _safe("giai đoạn", w, lambda: find_period(fields.subject, fields.opening, flat), None)
    fields.tasks = _safe(
        "nhiệm vụ",
        w,
        lambda: extract_tasks(
            kind=fields.kind,
            sections=fields.sections,
            closing=fields.closing,
            doc_date=fields.date,
            period=period,
        ),
        [],
    )
    if not tail.noi_nhan:
        w.append("Không có phần Nơi nhận")
    w.extend(recipient_warnings)
    w.extend(signature_warnings(fields.signer))
    if not fields.sections and not fields.opening and not fields.closing:
        w.append("Không tìm thấy nội dung văn bản")


def _apply_header(fields: DocumentFields, info: HeaderInfo) -> None:
    fields.number = info.number
    fields.symbol = info.symbol
    # an abbreviation such as "CĐCT" in the symbol is not a name: the registry resolves it to a unit
    fields.issuer = info.issuer
    fields.issuer_parent = info.issuer_parent
    fields.date = info.date
    fields.place = info.place
    fields.subject = info.subject
    fields.addressees = info.addressees
    w = fields.warnings
    if info.draft:
        w.append("Văn bản mang dấu “DỰ THẢO”: đây là bản dự thảo, chưa phải văn bản ban hành")
    if not info.issuer and not info.motto:
        w.append("Thiếu phần đầu văn bản: không thấy tên cơ quan ban hành và quốc hiệu, tiêu ngữ")
    elif not info.issuer:
        w.append("Thiếu tên cơ quan ban hành ở phần đầu văn bản")
    elif not info.motto:
        w.append("Thiếu quốc hiệu, tiêu ngữ ở phần đầu văn bản")
    if not info.number_line:
        w.append("Không tìm thấy số, ký hiệu văn bản (dòng “Số: …”)")
    if info.date is None and not any(x.startswith("Ngày ban hành không hợp lệ") for x in info.warnings):
        w.append("Không tìm thấy địa danh và ngày tháng ban hành")


def _decide_kind(fields: DocumentFields, info: HeaderInfo) -> None:
    """By the title line, else the type code of the symbol, else a công văn."""
    w = fields.warnings
    parts = split_symbol(fields.symbol) if fields.symbol else None
    code_kind = parts.kind if parts else ""
    if info.title_kind:
        fields.kind = info.title_kind
        code = parts.type_code if parts else ""
        if code and code != code_for_kind(fields.kind):
            w.append(f"Tên loại “{info.title}” không khớp mã “{code}” trong ký hiệu “{fields.symbol}”")
        if not fields.subject:
            w.append("Thiếu trích yếu nội dung dưới tên loại văn bản")
        return
    if code_kind:
        fields.kind = code_kind
        w.append(f"Không thấy dòng tên loại văn bản; loại được suy ra từ ký hiệu “{fields.symbol}”")
        return
    fields.kind = DocumentKind.CONG_VAN.value
    if not info.vv:
        w.append("Không có tên loại văn bản (như KẾ HOẠCH, BÁO CÁO) hay dòng trích yếu “V/v …”")
