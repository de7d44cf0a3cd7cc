"""An empty database for one benchmark run.

A fresh SQLite file under var/bench/ (removed afterwards), or the database DATABASE_URL names (e.g. the
throwaway cluster of scripts/with_postgres.sh). Django is set up and migrated on entry: import models
inside the block.

`keep` builds into a SQLite file that stays afterwards (True: the default file; or a path), and `reuse`
measures such a file (or a database) again: it accepts data already there (bench/pages.py --keep,
--reuse).
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_database(name: str, *, keep: bool | str | Path = False, reuse: bool = False) -> Iterator[None]:
    sqlite = not os.environ.get("DATABASE_URL")
    default = ROOT / "var" / "bench" / f"{name}-{os.getpid()}.sqlite3"
    path = Path(keep) if isinstance(keep, str | Path) else default
    if sqlite:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from org.models import Unit

    try:
        call_command("migrate", verbosity=0)
        if not reuse and Unit.objects.exists():
            print("Cơ sở dữ liệu đã có dữ liệu: thử tải chỉ chạy trên cơ sở dữ liệu trống.", file=sys.stderr)
            raise SystemExit(2)
        yield
    finally:
        connection.close()
        if sqlite and not (keep or reuse):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
