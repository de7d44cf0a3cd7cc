"""Issue a bearer token for the JSON API, bound to one of a user's current assignments."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Assignment
from accounts.scoping import SYSTEM
from accounts.services import issue_api_token
from lamtheo.lib.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Cấp token API cho một người dùng, gắn với một phân công còn hiệu lực (đơn vị, vai trò). "
        "Token chỉ được in ra một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập.")
        parser.add_argument("--name", required=True, help="Tên gợi nhớ của token (hệ thống dùng nó).")
        parser.add_argument("--unit", help="Mã đơn vị, khi người dùng có nhiều phân công.")

    def handle(self, *args, username: str, name: str, unit: str | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        if not user.is_active:
            raise CommandError(f"Tài khoản “{username}” đang bị khóa.")
        assignments = Assignment.objects.valid_on().filter(user=user).select_related("unit")
        if unit:
            assignments = assignments.filter(unit__code=unit.strip().upper())
        found = list(assignments)
        if not found:
            where = f" tại đơn vị {unit}" if unit else ""
            raise CommandError(f"“{username}” không có phân công nào còn hiệu lực{where}.")
        if len(found) > 1:
            codes = ", ".join(f"{a.unit.code} ({a.get_role_display()})" for a in found)
            raise CommandError(f"“{username}” có nhiều phân công: {codes}. Chọn một bằng --unit MÃ_ĐƠN_VỊ.")
        assignment = found[0]
        try:
            token, key = issue_api_token(SYSTEM, assignment=assignment, name=name)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Đã cấp token “{token.name}” cho {username}: {assignment.get_role_display()}, "
            f"{assignment.unit.name}. Lưu lại ngay, token chỉ hiện một lần:"
        )
        self.stdout.write(key)
