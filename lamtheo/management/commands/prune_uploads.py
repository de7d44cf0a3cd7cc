"""manage.py prune_uploads [--hours N]: remove uploads abandoned between a preview and its save."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from lamtheo import submissions
from lamtheo.lib import uploads


def legacy_dirs() -> tuple[Path, ...]:
    """Documents read but not registered, while the documents pages still stage them there."""
    return (Path(settings.MEDIA_ROOT) / "documents" / "tmp",)


class Command(BaseCommand):
    help = "Xóa các tệp tải lên bị bỏ dở (nhập dữ liệu, vào sổ văn bản) cũ hơn số giờ cho trước."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=uploads.KEEP_HOURS,
            help="Tuổi tối thiểu của tệp, tính bằng giờ (24).",
        )

    def handle(self, *args, **options):
        removed = uploads.prune(older_than_hours=options["hours"], extra_dirs=legacy_dirs())
        self.stdout.write(f"Đã xóa {removed} tệp tải lên bị bỏ dở.")
        forgotten = submissions.prune()
        self.stdout.write(f"Đã xóa {forgotten} khóa gửi biểu mẫu cũ.")
