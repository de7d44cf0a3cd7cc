"""Reading never changes the text (issue 10 point 5): the body a registered document stores is its source
text up to whitespace, NFC and markup; numbered paragraphs stay whole; citations keep their own issuer;
an issuer abbreviation resolves to the issuing unit, never becomes its name."""

import re
import unicodedata

import pytest

from documents import services
from documents.reading import read_file, read_text
from documents.reading.citations import find_citations
from documents.reading.prep import _PAGE_MARK_RE, _clean
from documents.samples import SAMPLES, seed_files
from lamtheo.testing import actor_for


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _label(section: dict) -> str:
    number = section["number"]
    return f"{number})" if section["level"] == 4 and number.isalpha() else f"{number}."


def stored_text(body: dict) -> str:
    """The stored body as text: opening, each heading with its paragraphs, closing."""
    out = [body["opening"]]

    def walk(sections: list[dict]) -> None:
        for s in sections:
            out.append(f"{_label(s)} {s['title']}")
            out.extend(s["paragraphs"])
            walk(s["children"])

    walk(body["sections"])
    out.append(body["closing"])
    return "\n".join(p for p in out if p)


def source_text(text: str) -> str:
    """The source as the reader sees it: markup and OCR marks, page numbers removed."""
    lines = [_clean(line)[0] for line in text.splitlines() if not _PAGE_MARK_RE.match(line.strip())]
    return "\n".join(lines)


def _register(tree, content: bytes, filename: str):
    fields = read_file(content, filename)
    fields.subject = fields.subject or "Văn bản chưa có trích yếu"
    return services.register_incoming(
        actor_for(tree.fed_a), fields=fields, owner_unit=tree.fed_a, original_file=content, filename=filename
    )


def _assert_body_is_source(document, text: str) -> None:
    stored = _squeeze(stored_text(document.body))
    source = _squeeze(source_text(text))
    assert stored, "the body is empty"
    assert stored in source, "the stored body is not the source text"
    # every body line of the source is in the stored body: nothing dropped between the first and last
    start = source.index(stored)
    assert source[start : start + len(stored)] == stored


@pytest.mark.django_db
@pytest.mark.skipif(not seed_files(), reason="seed documents not found in SEEDS_DIR")
@pytest.mark.parametrize("index", range(5))
def test_a_registered_seed_document_body_equals_its_text(tree, index):
    path = seed_files()[index]
    document = _register(tree, path.read_bytes(), path.name)
    _assert_body_is_source(document, path.read_text(encoding="utf-8"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["web-copy", "pdf-text-layer"])
def test_a_registered_sample_body_equals_its_text(tree, name):
    sample = SAMPLES[name]
    document = _register(tree, sample.content(), sample.filename)
    _assert_body_is_source(document, sample.content().decode("utf-8"))


def test_numbered_paragraphs_stay_whole_with_their_full_stops():
    f = read_text(
        "Ban Thường vụ đề nghị như sau:\n\n"
        "1. Đẩy mạnh công tác tuyên truyền. Tăng cường công tác chỉ đạo trong các cấp công đoàn.\n\n"
        "2. Gửi báo cáo về LĐLĐ tỉnh trước ngày 15/6/2026.\n\n"
        "3. Tổ chức thực hiện\n\n- Các CĐCS triển khai.\n"
    )
    first, second, third = f.sections
    assert (first.title, first.paragraphs) == (
        "",
        ["Đẩy mạnh công tác tuyên truyền. Tăng cường công tác chỉ đạo trong các cấp công đoàn."],
    )
    assert (second.title, second.paragraphs) == ("", ["Gửi báo cáo về LĐLĐ tỉnh trước ngày 15/6/2026."])
    assert (third.title, third.paragraphs) == ("Tổ chức thực hiện", ["- Các CĐCS triển khai."])


def test_each_citation_keeps_its_own_issuer():
    text = (
        "Thực hiện Kết luận số 01-KL/TW của Bộ Chính trị Chỉ thị số 05-CT/TW Công văn số 6713/TLĐ-TG "
        "ngày 25/5/2023 của Tổng LĐLĐ Việt Nam về việc đẩy mạnh học tập"
    )
    citations, _ = find_citations(text)
    assert [(c.symbol, c.issuer) for c in citations] == [
        ("01-KL/TW", "Bộ Chính trị"),
        ("05-CT/TW", ""),  # the text names no issuer; the code "TW" is not one
        ("6713/TLĐ-TG", "Tổng LĐLĐ Việt Nam"),
    ]


HEADERLESS = (
    "Số: 12/KH-{code}\n\nAn Hòa, ngày 02 tháng 3 năm 2026\n\nKẾ HOẠCH\n\nTập huấn cán bộ công đoàn năm 2026\n\n"
    "1. Tổ chức tập huấn trước ngày 30/6/2026.\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "expected"), [("LĐLĐ", "fed_a"), ("TLĐ", "root")])
def test_an_issuer_abbreviation_resolves_to_the_unit_above(tree, code, expected):
    fields = read_text(HEADERLESS.format(code=code))
    assert fields.issuer == ""  # never the abbreviation as a name
    document = services.register_incoming(
        actor_for(tree.district_a1), fields=fields, owner_unit=tree.district_a1, original_file=None
    )
    assert document.issuer_unit == getattr(tree, expected)
    assert (document.issuer_name, document.issuer_code) == ("", code)


@pytest.mark.django_db
def test_an_ambiguous_abbreviation_outside_the_line_above_stays_unresolved(tree):
    fields = read_text(HEADERLESS.format(code="LĐLĐ"))
    document = services.register_incoming(
        actor_for(tree.root), fields=fields, owner_unit=tree.root, original_file=None
    )
    assert document.issuer_unit is None  # two federations use "LĐLĐ"
    assert document.issuer_code == "LĐLĐ"


def test_the_citation_lines_of_the_form_read_back_with_their_own_issuers():
    """The draft form lists citations one a line ("… của Bộ Chính trị", "Chỉ thị số 05-CT/TW …"); read
    back, no issuer swallows the lines below it (the "của Bộ Chính trị Chỉ thị số 05-CT/TW của TW" bug)."""
    from documents.forms import citations_text
    from documents.forms import find_citations as form_citations

    citations, _ = find_citations(
        "Thực hiện Công văn số 6713/TLĐ-TG ngày 25/5/2023 của Tổng Liên đoàn Lao động Việt Nam về đẩy mạnh "
        "thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị "
        "05-CT/TW của TW và Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị"
    )
    assert [c.issuer for c in citations] == [
        "Tổng Liên đoàn Lao động Việt Nam", "Bộ Chính trị", "TW", "Bộ Chính trị"
    ]  # fmt: skip
    back = form_citations(citations_text(citations))
    assert [(c.symbol, c.issuer) for c in back] == [(c.symbol, c.issuer) for c in citations]
    assert all(len(c.issuer) < 40 for c in back)


def test_a_numbered_paragraph_edits_as_one_line_and_shows_its_number_inline():
    from django.template.loader import render_to_string

    from documents.forms import body_text

    f = read_text(
        "1. Rà soát danh sách đoàn viên. Gửi về LĐLĐ tỉnh trước ngày 15/6/2026.\n\n2. Tổ chức\n\n- Các CĐCS.\n"
    )
    assert body_text(f.sections).splitlines()[0] == (
        "1. Rà soát danh sách đoàn viên. Gửi về LĐLĐ tỉnh trước ngày 15/6/2026."
    )
    html = render_to_string("documents/_section.html", {"section": f.sections[0]})
    assert '<p class="mb-1">1. Rà soát danh sách đoàn viên.' in html and "fw-semibold" not in html


def test_a_body_item_naming_a_person_is_not_split_as_a_signature_column():
    f = read_text(
        "KẾ HOẠCH\nHội thao\n\nI. BAN TỔ CHỨC\n- Trưởng ban: Nguyễn Văn An\n- Phó ban: Lò Thị Hoa\n"
    )
    assert f.sections[0].paragraphs == ["- Trưởng ban: Nguyễn Văn An", "- Phó ban: Lò Thị Hoa"]
