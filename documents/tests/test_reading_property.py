"""Property: reading never raises. Any subset of a document's lines, in any order, gives a DocumentFields.

The documents are the project's own samples, and the seeds of settings.SEEDS_DIR when present."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.fields import DocumentFields
from documents.reading import read_text
from documents.reading.files import docx_text
from documents.samples import SAMPLES, seed_files, seeds_missing_reason
from documents.symbols import normalize_symbol


def _sample_text(name: str) -> str:
    s = SAMPLES[name]
    return docx_text(s.content()) if s.filename.endswith(".docx") else s.content().decode("utf-8")


SAMPLE_LINES = {name: _sample_text(name).split("\n") for name in SAMPLES}
SEED_LINES = {p.name[:3]: p.read_text(encoding="utf-8").split("\n") for p in seed_files()}

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(fields: DocumentFields) -> None:
    assert isinstance(fields, DocumentFields)
    assert all(isinstance(w, str) and w for w in fields.warnings)
    crashed = [w for w in fields.warnings if w.startswith("Lỗi khi đọc")]
    assert crashed == []  # no sub-parser failed (a failure would only have become a warning)
    for c in fields.citations:
        assert c.symbol == normalize_symbol(c.symbol)  # citations come out normalised
    symbols = [c.symbol for c in fields.citations]
    assert len(symbols) == len(set(symbols))
    json.dumps(fields.to_json(), ensure_ascii=False)  # the command can always print it


@st.composite
def mangled(draw, lines: list[str]) -> str:
    """Some lines removed (each kept with probability p), then maybe shuffled."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))  # one draw: fast, and replayable by Hypothesis
    p = draw(st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]))
    kept = [line for line in lines if rnd.random() < p]
    if draw(st.booleans()):
        rnd.shuffle(kept)
    return "\n".join(kept)


@pytest.mark.skipif(bool(seeds_missing_reason()), reason=seeds_missing_reason() or "seeds present")
def test_the_seeds_are_all_there():
    assert sorted(SEED_LINES) == ["000", "001", "002", "003", "004"]


def _subsets_read(lines: list[str]) -> None:
    @FAST
    @given(mangled(lines))
    def check(text: str) -> None:
        _check(read_text(text))

    check()


@pytest.mark.parametrize("name", sorted(SAMPLE_LINES))
def test_any_subset_of_sample_lines_in_any_order_reads(name):
    _subsets_read(SAMPLE_LINES[name])


@pytest.mark.skipif(bool(seeds_missing_reason()), reason=seeds_missing_reason() or "seeds present")
@pytest.mark.parametrize("name", sorted(SEED_LINES) or ["none"])
def test_any_subset_of_seed_lines_in_any_order_reads(name):
    _subsets_read(SEED_LINES[name])


@FAST
@given(st.text(alphabet=st.sampled_from("SốNơinhậ: /-–*}()\n ÂĐđIVX0123456789.;,TMKLĐCT"), max_size=300))
def test_arbitrary_fragments_read(text):
    _check(read_text(text))


@FAST
@given(st.text(max_size=200))
def test_arbitrary_unicode_reads(text):
    _check(read_text(text))
