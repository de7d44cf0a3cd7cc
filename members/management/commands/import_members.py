"""manage.py import_members FILE [--unit CODE] [--dry-run] [--json] [--as USER] [--encoding E] [--only-valid]

The same preview as the import wizard (rows to create, update, leave unchanged, skip; every error and
warning with its row, column and reason), then the save unless --dry-run. Exit 0 when the file could be
saved, 1 when it has errors."""

from lamtheo.imports.command import ImportCommand


class Command(ImportCommand):
    importer_name = "members"
    help = "Nhập danh sách đoàn viên từ tệp .xlsx/.csv (xem trước với --dry-run)."
