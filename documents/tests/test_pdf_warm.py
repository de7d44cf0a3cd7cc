"""The warm PDF converter (issue 10 point 6): `manage.py pdf_server` keeps unoserver running, a PDF is made
by it, the converter is started again when it dies, and without it the one-shot soffice still works.
Skipped where LibreOffice or its Python bridge (python3-uno) is absent."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from documents import pdf
from documents.pdf_server import uno_python, wait_ready
from documents.tests.samples import sample_fields
from documents.writing import render_docx

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not pdf.soffice_available() or uno_python() is None, reason="LibreOffice or python3-uno is absent"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _until(predicate, timeout: float = 120) -> bool:
    """Poll predicate until it holds (a process starting is not a timed assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # the port and the next one (LibreOffice's own socket) must be free
    port = _free_port()
    address = f"127.0.0.1:{port}"
    env = {**os.environ, "PDF_SERVER": address}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "pdf_server", "--work-dir", str(tmp_path_factory.mktemp("pdf"))],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    yield proc, address
    proc.terminate()
    proc.wait(timeout=60)


@pytest.fixture
def warm(server, settings):
    proc, address = server
    settings.PDF_SERVER = address
    assert wait_ready(proc, 180), "the converter did not start"
    return proc


def test_the_warm_converter_makes_the_pdf(warm, monkeypatch):
    monkeypatch.setattr(pdf, "convert_one_shot", lambda *a, **k: pytest.fail("the one-shot soffice ran"))
    out = pdf.convert_to_pdf(render_docx(sample_fields("ke_hoach")))
    assert out is not None and out.startswith(b"%PDF-")


def test_the_converter_is_started_again_when_it_dies(warm):
    (child,) = _children(warm.pid)
    os.killpg(child, signal.SIGKILL)  # unoserver and its LibreOffice
    assert _until(lambda: child not in _children(warm.pid))
    assert _until(lambda: bool(_children(warm.pid)) and pdf.server_running()), "not started again"
    assert pdf.convert_warm(render_docx(sample_fields("cong_van"))).startswith(b"%PDF-")


def test_without_the_converter_the_one_shot_soffice_is_used(settings, monkeypatch):
    settings.PDF_SERVER = f"127.0.0.1:{_free_port()}"  # nobody listens there
    calls = []
    monkeypatch.setattr(pdf, "convert_one_shot", lambda docx, soffice=None: calls.append(1) or b"%PDF-1.6 x")
    assert pdf.convert_to_pdf(render_docx(sample_fields("bao_cao"))) == b"%PDF-1.6 x"
    assert calls == [1]
