"""Benchmark: one PDF from the official .docx, cold (a one-shot soffice with a fresh profile, as each
call used to be) against warm (the unoserver converter of `manage.py pdf_server`), median of N each.

The warm converter is started here on a private port (PDF_SERVER, default 127.0.0.1:2193) when none is
running, and stopped at the end. Results go to bench/results/pdf.json.

.venv/bin/python bench/pdf.py [runs]
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
os.environ.setdefault("PDF_SERVER", "127.0.0.1:2193")

import django  # noqa: E402

django.setup()

from documents.pdf import convert_one_shot, convert_warm, server_running, soffice_available  # noqa: E402
from documents.pdf_server import uno_python, wait_ready  # noqa: E402
from documents.tests.samples import sample_fields  # noqa: E402
from documents.writing import render_docx  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = fn()
        out.append(time.perf_counter() - start)
        assert pdf is not None and pdf.startswith(b"%PDF"), "no PDF"
    return out


def start_server(work: Path) -> subprocess.Popen | None:
    if server_running():
        return None
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "pdf_server", "--work-dir", str(work)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    if not wait_ready(proc, 120):
        proc.terminate()
        raise SystemExit("the warm converter did not start")
    return proc


def main(runs: int = 7) -> dict:
    if not soffice_available() or uno_python() is None:
        print("LibreOffice or python3-uno is absent: no PDF benchmark")
        return {}
    docx = render_docx(sample_fields("ke_hoach"))
    results: dict[str, dict] = {}
    cold = timed(lambda: convert_one_shot(docx), runs)
    with tempfile.TemporaryDirectory(prefix="lamtheo-bench-pdf-") as tmp:
        proc = start_server(Path(tmp))
        try:
            first = timed(lambda: convert_warm(docx), 1)  # the converter's first document loads filters
            warm = timed(lambda: convert_warm(docx), runs)
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=60)
    for name, times in (("cold: one-shot soffice", cold), ("warm: first, during warm-up", first),
                        ("warm: unoserver", warm)):  # fmt: skip
        results[name] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
                         "runs": len(times)}  # fmt: skip
    print(f"{'one PDF (kế hoạch, 1 page)':28} {'median s':>9} {'min s':>7} {'max s':>7} {'runs':>5}")
    for name, r in results.items():
        print(f"{name:28} {r['median_s']:9.2f} {r['min_s']:7.2f} {r['max_s']:7.2f} {r['runs']:5}")
    out = ROOT / "bench" / "results" / "pdf.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
               "load_1min": load}  # fmt: skip
    out.write_text(json.dumps({"machine": machine, "results": results}, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
