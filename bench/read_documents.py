"""Benchmark: read each sample (and seed, when SEEDS_DIR has them) document (median of 30), the whole
layout corpus of documents/tests/corpus (median of 10), write one
.docx per kind (median of 10), and read one 40,000-line text of 20,000 headings once (the reader used to
be quadratic in the number of headings: 19 s; now linear).

.venv/bin/python bench/read_documents.py
"""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")

import django  # noqa: E402

django.setup()

from documents.reading import read_file, read_text  # noqa: E402
from documents.samples import SAMPLES, seed_files  # noqa: E402
from documents.tests.samples import sample_fields  # noqa: E402
from documents.writing import render_docx  # noqa: E402


def many_headings(lines: int = 40_000) -> str:
    """20,000 sibling headings ("I.", "V.", "X." in turn), each followed by one paragraph."""
    out = []
    for i in range(lines // 2):
        out.append(f"{'IVX'[i % 3]}. NỘI DUNG")
        out.append("Các công đoàn cơ sở triển khai thực hiện và báo cáo kết quả.")
    return "\n".join(out)


def once_s(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(fn, runs: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> dict:
    results: dict[str, float] = {}
    for sample in SAMPLES.values():
        data = sample.content()
        results[f"read sample {sample.name}"] = median_ms(
            lambda d=data, n=sample.filename: read_file(d, n), 30
        )
    for path in seed_files():
        text = path.read_text(encoding="utf-8")
        results[f"read seed {path.name[:3]} (.txt)"] = median_ms(lambda t=text: read_text(t), 30)
    from documents.tests.corpus import HERE as CORPUS
    from documents.tests.corpus import expected as corpus_expected

    corpus = [(CORPUS / name).read_bytes() for name in sorted(corpus_expected())]
    results[f"read the corpus ({len(corpus)} documents)"] = median_ms(
        lambda: [read_file(d, "x.txt") for d in corpus], 10
    )
    text = many_headings()
    results["read 40,000 lines (20,000 headings)"] = once_s(lambda: read_text(text)) * 1000
    for kind in ("cong_van", "ke_hoach", "bao_cao"):
        fields = sample_fields(kind)
        results[f"write {kind} (.docx)"] = median_ms(lambda f=fields: render_docx(f), 10)
        data = render_docx(fields)
        results[f"read back {kind} (.docx)"] = median_ms(lambda d=data: read_file(d, "x.docx"), 10)
    print(f"{'operation':40} {'median ms':>10}")
    for name, ms in results.items():
        print(f"{name:40} {ms:10.1f}")
    out = ROOT / "bench" / "results" / "read_documents.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    out.write_text(json.dumps({"machine": machine, "median_ms": results}, indent=2, ensure_ascii=False))
    return results


if __name__ == "__main__":
    main()
