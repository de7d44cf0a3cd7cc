"""manage.py import_units FILE [--dry-run] [--json] [--as USER] [--encoding E]

The same preview as the import wizard, then the save (all rows or none) unless --dry-run. Exit 0 when
the file could be saved, 1 when it has errors."""

from lamtheo.imports.command import ImportCommand


class Command(ImportCommand):
    importer_name = "units"
    help = "Nhập danh sách đơn vị từ tệp .xlsx/.csv (xem trước với --dry-run)."
