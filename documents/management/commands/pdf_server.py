"""`manage.py pdf_server`: keep a warm LibreOffice converter (unoserver) running for PDF copies."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Chạy bộ chuyển PDF luôn sẵn sàng (unoserver + LibreOffice), tự khởi động lại khi bị dừng."

    def add_arguments(self, parser):
        default = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "pdf-server"
        parser.add_argument(
            "--work-dir", default=str(default), help="Thư mục hồ sơ LibreOffice của bộ chuyển"
        )

    def handle(self, *args, **options):
        from documents.pdf_server import serve

        try:
            return_code = serve(Path(options["work_dir"]))
        except RuntimeError as exc:
            raise CommandError(f"Không chạy được bộ chuyển PDF: {exc}") from exc
        if return_code:
            self.stderr.write(f"Bộ chuyển PDF đã dừng (mã {return_code}).")
