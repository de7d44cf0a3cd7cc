"""PDF from the official .docx through LibreOffice headless (ENGINEERING.md §B.3).

Each call runs its own soffice with a fresh user profile (-env:UserInstallation) in a temporary
directory: a profile must not be used by two processes at once, so concurrent conversions are safe.
PDF output is optional: without soffice, convert_to_pdf returns None and callers offer the .docx only.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_S = 120


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
