"""The warm PDF converter: unoserver keeping one LibreOffice running (issue 10 point 6).

unoserver's server needs LibreOffice's `uno` module, which belongs to the system Python (Debian:
python3-uno), not to the project's virtual environment; its client side is plain XML-RPC (pdf.py).
serve() runs `<uno python> -m unoserver.server` with only the unoserver package on its path, and starts
it again whenever it dies (LibreOffice crashed, a conversion ran past its timeout), until stopped.
"""

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from django.conf import settings

from .pdf import TIMEOUT_S, _soffice, server_address, server_running

logger = logging.getLogger(__name__)
_CANDIDATES = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", sys.executable)
RESTART_DELAY_S = 2.0


def uno_python() -> str | None:
    """A Python interpreter that can import uno (settings.UNO_PYTHON first)."""
    configured = getattr(settings, "UNO_PYTHON", "") or ""
    for candidate in ([configured] if configured else []) + list(_CANDIDATES):
        path = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if not path:
            continue
        probe = subprocess.run([path, "-c", "import uno"], capture_output=True, timeout=30, check=False)
        if probe.returncode == 0:
            return path
    return None


def _package_path(work: Path) -> Path:
    """A folder holding only unoserver and its metadata, for the PYTHONPATH of the uno Python."""
    dist = metadata.distribution("unoserver")
    site = Path(str(dist.locate_file("")))
    target = work / "pythonpath"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("unoserver", f"unoserver-{dist.version}.dist-info"):
        link = target / name
        if not link.exists():
            link.symlink_to(site / name)
    return target


def command(work: Path) -> tuple[list[str], dict[str, str]]:
    """The unoserver command line and environment (raises RuntimeError when it cannot run here)."""
    python, soffice, address = uno_python(), _soffice(), server_address()
    if soffice is None:
        raise RuntimeError("Không tìm thấy LibreOffice (soffice).")
    if python is None:
        raise RuntimeError("Không tìm thấy Python có mô-đun uno của LibreOffice (gói python3-uno).")
    if address is None:
        raise RuntimeError("PDF_SERVER đang tắt (rỗng).")
    profile = str((work / "profile").resolve())  # unoserver makes the file:// URI itself
    argv = [
        python, "-m", "unoserver.server",
        "--interface", address[0], "--port", str(address[1]),
        "--uno-interface", "127.0.0.1", "--uno-port", str(address[1] + 1),
        "--executable", soffice, "--user-installation", profile,
        "--conversion-timeout", str(TIMEOUT_S),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(_package_path(work)), "HOME": str(work)}
    return argv, env


def serve(work: Path, *, once: bool = False, ready_timeout: float = 60.0) -> int:
    """Run unoserver, restarting it when it dies, until SIGTERM/SIGINT (or after one run with once)."""
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    argv, env = command(work)
    stopping = False
    proc: subprocess.Popen | None = None

    def stop(signum, frame):  # noqa: ARG001
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    delay = RESTART_DELAY_S
    while not stopping:
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=env, cwd=work, start_new_session=True)
        logger.info("unoserver started (pid %s) on %s", proc.pid, server_address())
        if wait_ready(proc, ready_timeout):
            warm_up()
        code = _wait(proc, lambda: stopping)
        if stopping or once:
            break
        # a converter that keeps dying at once is started less and less often (up to once a minute)
        delay = RESTART_DELAY_S if time.monotonic() - started > 30 else min(delay * 2, 60.0)
        logger.warning("unoserver stopped (exit %s); starting it again in %.0f s", code, delay)
        time.sleep(delay)
    return code


STOP_GRACE_S = 10.0


def warm_up() -> None:
    """Convert one small document right after a start: LibreOffice loads its Writer import and PDF export
    on the first document (7 s on the loaded bench machine against 1.5 s after), not a user's."""
    from .fields import DocumentFields
    from .pdf import convert_warm
    from .writing import render_docx

    fields = DocumentFields(
        kind="cong_van", issuer="LAMTHEO", subject="khởi động bộ chuyển PDF", opening="Thử."
    )
    started = time.monotonic()
    try:
        ok = convert_warm(render_docx(fields)) is not None
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first user the load time
        ok = False
    logger.info("PDF converter warm-up %s in %.1f s", "done" if ok else "failed", time.monotonic() - started)


def _wait(proc: subprocess.Popen, stopping) -> int:
    """Wait for the converter to exit; once stopping, SIGTERM its process group, SIGKILL after a grace
    period (unoserver can hang on a LibreOffice that died half-way)."""
    stop_at: float | None = None
    while True:
        try:
            return proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass
        if not stopping():
            continue
        try:
            if stop_at is None:
                stop_at = time.monotonic()
                os.killpg(proc.pid, signal.SIGTERM)
            elif time.monotonic() - stop_at > STOP_GRACE_S:
                os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wait_ready(proc: subprocess.Popen, timeout: float) -> bool:
    """Whether the converter answers on its port within timeout (polling; False if it exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if server_running():
            return True
        time.sleep(0.2)
    return False
