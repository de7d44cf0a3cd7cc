"""The reader on the project's corpus of documents in real-world layouts (issue 10 point 7).

documents/tests/corpus/ holds 40 documents of the project's own, 37 written by make_corpus.py and 3 by
hand (hand.json), in nine layouts (.docx pasted into Word among them):
clean copies, web-page copies (with and without lost spaces), PDF text layers, copies that lost their
header (title only, or a sentence-case heading), the old tone placement "CỘNG HOÀ", and a header without
its title line. Each document's fields are asserted, and the share read correctly is the figure
reported in docs/performance.md ("Reading documents in real-world layouts: the corpus")."""

import re

import pytest

from documents.reading import read_file
from documents.tests.corpus import FIELDS, HERE, expected, got, score

EXPECTED = expected()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_reader_reads_every_field_of_a_corpus_document(name):
    truth = EXPECTED[name]
    read = got(read_file(HERE / name))
    assert {k: read[k] for k in FIELDS} == {k: truth[k] for k in FIELDS}


def test_the_corpus_has_thirty_documents_in_every_layout():
    layouts = {t["layout"] for t in EXPECTED.values()}
    assert len(EXPECTED) >= 30
    assert layouts == {
        "clean",
        "web",
        "web-squeezed",
        "pdf",
        "lost-title",
        "lost-heading",
        "old-tone",
        "no-title",
        "docx",
    }


def test_the_share_of_fields_read_correctly(capsys):
    right, total, wrong = score()
    with capsys.disabled():
        print(f"\nbộ văn bản mẫu: {right}/{total} trường đọc đúng ({right / total:.1%})")
    assert total == len(EXPECTED) * len(FIELDS)
    assert right == total, wrong


@pytest.mark.parametrize("name", sorted(n for n, t in EXPECTED.items() if t["layout"].startswith("web")))
def test_a_web_copy_says_what_it_skipped_above_the_header(name):
    warnings = read_file(HERE / name).warnings
    assert any(re.match(r"Đã bỏ qua \d+ dòng phía trên phần đầu văn bản", w) for w in warnings)


@pytest.mark.parametrize("name", sorted(n for n, t in EXPECTED.items() if t["layout"] == "pdf"))
def test_a_pdf_text_layer_says_it_dropped_its_page_marks(name):
    warnings = read_file(HERE / name).warnings
    assert any(re.match(r"Đã bỏ [23] dòng số trang", w) for w in warnings)


@pytest.mark.parametrize("name", sorted(n for n, t in EXPECTED.items() if t["layout"].startswith("lost")))
def test_a_copy_without_header_takes_its_kind_from_the_title_line(name):
    f = read_file(HERE / name)
    assert f.kind == EXPECTED[name]["kind"] != "cong_van"
    assert any("Không tìm thấy số, ký hiệu" in w for w in f.warnings)
