"""manage.py prune_uploads [--hours N]: remove uploads abandoned between a preview and its save."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def upload_dirs() -> list[Path]:
    """Where unconfirmed uploads wait: spreadsheet imports, and documents read but not yet registered."""
    return [Path(settings.IMPORT_UPLOAD_DIR), Path(settings.MEDIA_ROOT) / "documents" / "tmp"]


def prune(older_than_hours: float) -> int:
    cutoff = time.time() - older_than_hours * 3600
    removed = 0
    for folder in upload_dirs():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


class Command(BaseCommand):
    help = "Xóa các tệp tải lên bị bỏ dở (nhập dữ liệu, vào sổ văn bản) cũ hơn số giờ cho trước."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=24, help="Tuổi tối thiểu của tệp, tính bằng giờ (24)."
        )

    def handle(self, *args, **options):
        removed = prune(options["hours"])
        self.stdout.write(f"Đã xóa {removed} tệp tải lên bị bỏ dở.")
