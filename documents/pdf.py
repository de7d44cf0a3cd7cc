"""PDF from the official .docx through LibreOffice headless (ENGINEERING.md §B.3).

Two ways, the first that works (issue 10 point 6):
- a warm converter: unoserver (PyPI, pinned) keeps one LibreOffice running and converts over XML-RPC on
  settings.PDF_SERVER ("127.0.0.1:2003"; "" turns it off). `manage.py pdf_server` starts it and starts it
  again when it dies; `make demo` runs it beside the site and the worker. One PDF takes ~0.1-0.3 s;
- else a one-shot soffice with a fresh user profile (-env:UserInstallation) in a temporary directory,
  1.2-2.4 s: a profile must not be used by two processes at once, so concurrent calls are safe.
PDF output is optional: without soffice, convert_to_pdf returns None and callers offer the .docx only.
"""

import http.client
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import xmlrpc.client
from pathlib import Path

from django.conf import settings

TIMEOUT_S = 120
CONNECT_TIMEOUT_S = 0.5
logger = logging.getLogger(__name__)


def _soffice() -> str | None:
    return shutil.which(getattr(settings, "SOFFICE_PATH", "") or "soffice")


def soffice_available() -> bool:
    return _soffice() is not None


def convert_to_pdf(docx_bytes: bytes) -> bytes | None:
    """The PDF of a .docx, or None when LibreOffice is not installed.

    Raises RuntimeError (message in Vietnamese) when LibreOffice fails or runs past 120 s.
    """
    soffice = _soffice()
    if soffice is None:
        return None
    if not docx_bytes.startswith(b"PK"):
        raise RuntimeError("Dữ liệu đưa vào không phải tệp Word (.docx), không chuyển được sang PDF.")
    warm = convert_warm(docx_bytes)
    if warm is not None:
        return warm
    return convert_one_shot(docx_bytes, soffice)


# --- the warm converter (unoserver) -------------------------------------------------------------


def server_address() -> tuple[str, int] | None:
    """(host, port) of the warm converter from settings.PDF_SERVER, None when it is turned off."""
    value = str(getattr(settings, "PDF_SERVER", "") or "").strip()
    if not value:
        return None
    host, _, port = value.rpartition(":")
    try:
        return host or "127.0.0.1", int(port)
    except ValueError:
        return None


def server_running() -> bool:
    address = server_address()
    if address is None:
        return False
    try:
        with socket.create_connection(address, timeout=CONNECT_TIMEOUT_S):
            return True
    except OSError:
        return False


class _Transport(xmlrpc.client.Transport):
    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = TIMEOUT_S
        return connection


def convert_warm(docx_bytes: bytes) -> bytes | None:
    """The PDF from the warm converter; None when it is not running or fails (the caller falls back)."""
    address = server_address()
    if address is None or not server_running():
        return None
    proxy = xmlrpc.client.ServerProxy(
        f"http://{address[0]}:{address[1]}",
        transport=_Transport(use_builtin_types=True),
        use_builtin_types=True,
        allow_none=True,
    )
    try:
        result = proxy.convert(None, docx_bytes, None, "pdf")
    except (OSError, http.client.HTTPException, xmlrpc.client.Error) as exc:
        logger.warning("warm PDF converter failed, falling back to a one-shot soffice: %s", exc)
        return None
    data = result.data if isinstance(result, xmlrpc.client.Binary) else result
    if not isinstance(data, bytes) or not data.startswith(b"%PDF"):
        logger.warning("warm PDF converter returned no PDF, falling back to a one-shot soffice")
        return None
    return data


# --- the one-shot soffice -----------------------------------------------------------------------


def convert_one_shot(docx_bytes: bytes, soffice: str | None = None) -> bytes | None:
    """The PDF from a soffice started for this call alone (fresh profile)."""
    soffice = soffice or _soffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="lamtheo-pdf-") as tmp:
        work = Path(tmp)
        source = work / "van-ban.docx"
        source.write_bytes(docx_bytes)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        returncode, output = _run(command, cwd=work)
        target = work / "van-ban.pdf"
        if returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = output.decode("utf-8", "replace").strip()[-500:]
            raise RuntimeError(
                f"LibreOffice không chuyển được văn bản sang PDF (mã lỗi {returncode})"
                + (f": {detail}" if detail else ".")
            )
        return target.read_bytes()


def _run(command: list[str], *, cwd: Path) -> tuple[int, bytes]:
    """Run soffice in its own process group, killed whole (oosplash and soffice.bin) on timeout."""
    try:
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
    except OSError as exc:
        raise RuntimeError(f"Không chạy được LibreOffice ({command[0]}) để chuyển sang PDF: {exc}") from exc
    try:
        output, _ = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError(f"Chuyển văn bản sang PDF quá {TIMEOUT_S} giây, LibreOffice đã bị dừng.") from exc
    return proc.returncode, output
