"""The import commands (manage.py import_members, import_units): the wizard's preview and save from a
terminal, acting as the system operator or as a given user (--as), printing the same preview as the page
(lamtheo.imports.report) in Vietnamese or as JSON. Exit status 0 when the file could be saved (or was),
1 when it has errors."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lamtheo.lib import legacy_vietnamese as legacy
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import read_spreadsheet

from . import registry, report


def actor_for(username: str | None) -> Any:
    """SYSTEM without --as; else the user's first current assignment (as the site would act)."""
    from django.contrib.auth import get_user_model

    from accounts.scoping import SYSTEM, Actor
    from accounts.selectors import current_assignments

    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}”.")
    assignments = current_assignments(user)
    if not assignments:
        raise CommandError(f"Người dùng “{username}” không có phân công nào đang hiệu lực.")
    a = assignments[0]
    return Actor(user=user, unit_id=a.unit_id, role=a.role, member_id=a.member_id)


class ImportCommand(BaseCommand):
    importer_name = ""
    help = "Xem trước (và lưu) dữ liệu nhập từ tệp .xlsx/.csv."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp .xlsx, .xlsm, .ods hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không lưu.")
        parser.add_argument("--json", action="store_true", help="In kết quả xem trước dạng JSON.")
        parser.add_argument(
            "--as", dest="as_user", help="Tên đăng nhập của người thực hiện (mặc định: hệ thống)."
        )
        parser.add_argument(
            "--encoding", choices=sorted(legacy.LABELS), help="Bảng mã chữ (mặc định: tự nhận ra)."
        )
        importer = registry.get(self.importer_name)
        if importer is not None and importer.choose_unit:
            parser.add_argument("--unit", help="Mã đơn vị nhận các dòng không ghi mã đơn vị.")
        if importer is not None and importer.save_valid:
            parser.add_argument("--only-valid", action="store_true",
                                help="Chỉ lưu các dòng hợp lệ, bỏ các dòng lỗi.")  # fmt: skip

    def handle(self, *args: Any, **opts: Any) -> None:
        importer = registry.get(self.importer_name)
        assert importer is not None
        actor = actor_for(opts.get("as_user"))
        if not actor.is_system and not importer.permission(actor):
            raise CommandError(f"Người dùng không có quyền nhập {importer.title.lower()}.")
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        unit = self._unit(actor, opts.get("unit"))
        try:
            sheet = read_spreadsheet(path.read_bytes(), path.name, encoding=opts.get("encoding"))
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        result = importer.run_preview(actor, sheet, unit=unit)
        data = report.build(importer, result, sheet)
        only_valid = bool(opts.get("only_valid")) and result.can_save_valid
        saved = False
        if not opts["dry_run"] and (result.can_save or only_valid):
            try:
                saved_result = importer.run_save(actor, sheet, unit=unit, only_valid=only_valid)
            except ServiceError as exc:
                raise CommandError(exc.message) from None
            data = report.build(importer, saved_result, sheet)
            saved = True
        data["saved"] = saved
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.as_text(data))
        if not (data["can_save"] or saved):
            sys.exit(1)

    def _unit(self, actor: Any, code: str | None) -> Any:
        if not code:
            return None
        from org.models import Unit

        unit = Unit.objects.visible_to(actor).filter(code=code.strip().upper()).first() if not actor.is_system else (
            Unit.objects.filter(code=code.strip().upper()).first()
        )  # fmt: skip
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{code}” trong phạm vi của người thực hiện.")
        return unit
