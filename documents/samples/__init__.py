"""The project's own sample documents, for its tests and its demo.

Five documents in the genres the unions exchange (công văn, kế hoạch, hướng dẫn, báo cáo, quyết định),
written with the project's writer from written.py, and three hand-made ones in the layouts real
documents arrive in: a web page copy with the site's lines above the header, the text layer of a PDF
(two header columns run together, page footers), and a .docx with its header in a bordered table.

The real seed documents (settings.SEEDS_DIR) are an extra corpus: seed_files() lists them when the
folder is there and says why not otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from .layouts import table_header_docx
from .written import WRITTEN

TEXTS = Path(__file__).resolve().parent / "texts"


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    make: Callable[[], bytes]

    def content(self) -> bytes:
        return _content(self.name)


def _written(name: str) -> Callable[[], bytes]:
    def make() -> bytes:
        from ..writing import render_docx

        return render_docx(WRITTEN[name]())

    return make


def _text(filename: str) -> Callable[[], bytes]:
    return lambda: (TEXTS / filename).read_bytes()


SAMPLES: dict[str, Sample] = {
    **{name: Sample(name, f"{name}.docx", _written(name)) for name in WRITTEN},
    "web-copy": Sample("web-copy", "web-copy-cong-van.txt", _text("web-copy-cong-van.txt")),
    "pdf-text-layer": Sample("pdf-text-layer", "pdf-text-layer-ke-hoach.txt", _text("pdf-text-layer-ke-hoach.txt")),
    "table-header": Sample("table-header", "thong-bao-05.docx", table_header_docx),
}  # fmt: skip


@cache
def _content(name: str) -> bytes:
    return SAMPLES[name].make()


def sample(name: str) -> Sample:
    return SAMPLES[name]


# --- the real seeds, when present -----------------------------------------------------------


def seeds_dir() -> Path:
    return Path(settings.SEEDS_DIR)


def seed_files() -> list[Path]:
    return sorted(seeds_dir().glob("0*.txt")) if seeds_dir().is_dir() else []


def seeds_missing_reason() -> str:
    """Why the seed corpus is skipped ('' when it is there)."""
    if seed_files():
        return ""
    return f"seed documents not found in SEEDS_DIR ({seeds_dir()}); set SEEDS_DIR to read them"
