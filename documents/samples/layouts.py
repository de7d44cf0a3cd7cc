"""A hand-made .docx in the layout many offices use: the header in a bordered 2 × 2 table, the body as
plain paragraphs, no styles of the project's writer. Built with python-docx so the source is readable."""

from io import BytesIO

from docx import Document

HEADER = [
    ("LĐLĐ TỈNH LAI CHÂU\nCÔNG ĐOÀN CƠ SỞ TRƯỜNG THPT PHONG THỔ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
    ("Số: 05/TB-CĐCS", "Phong Thổ, ngày 02 tháng 4 năm 2026"),
]  # fmt: skip
BODY = [
    "THÔNG BÁO",
    "Kết quả Hội nghị Ban Chấp hành công đoàn cơ sở tháng 4 năm 2026",
    "Ngày 01/4/2026, Ban Chấp hành công đoàn cơ sở Trường THPT Phong Thổ họp thường kỳ; Ban Chấp hành "
    "thông báo kết quả như sau:",
    "1. Thống nhất tổ chức thăm hỏi 03 đoàn viên ốm đau dài ngày, mức 500.000 đồng mỗi người.",
    "2. Giao tổ công đoàn Khoa học tự nhiên chuẩn bị buổi sinh hoạt chuyên đề Quý II, hoàn thành trước "
    "ngày 30/6/2026.",
    "Ban Chấp hành thông báo để các tổ công đoàn biết, thực hiện./.",
]
TAIL = ("Nơi nhận:\n- Các tổ công đoàn;\n- Lưu: CĐCS.", "TM. BAN CHẤP HÀNH\nCHỦ TỊCH\n\n\nPhan Văn Hùng")


def table_header_docx() -> bytes:
    doc = Document()
    table = doc.add_table(rows=len(HEADER), cols=2)
    table.style = "Table Grid"
    for row, (left, right) in zip(table.rows, HEADER, strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    for text in BODY:
        doc.add_paragraph(text)
    tail = doc.add_table(rows=1, cols=2)
    tail.rows[0].cells[0].text, tail.rows[0].cells[1].text = TAIL
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
