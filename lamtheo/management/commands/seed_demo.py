"""manage.py seed_demo [--if-empty] [--seed N]: the Lai Châu demo (see lamtheo/demo)."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from lamtheo.demo.build import PASSWORD, Login, build_demo, demo_exists, demo_logins
from lamtheo.demo.units import AS_OF


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa: LĐLĐ tỉnh Lai Châu (85 CĐCS, 4.101 đoàn viên) và LĐLĐ tỉnh Điện Biên."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Không làm gì (chỉ in tài khoản) khi dữ liệu đã có."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Hạt giống sinh số ngẫu nhiên.")
        parser.add_argument(
            "--address", default="http://127.0.0.1:8000", help="Địa chỉ máy chủ để in hướng dẫn đăng nhập."
        )

    def handle(self, *args, **options):
        if demo_exists():
            if not options["if_empty"]:
                raise CommandError(
                    "Dữ liệu minh họa LĐLĐ tỉnh Lai Châu đã có. Dùng --if-empty để bỏ qua, "
                    "hoặc xóa cơ sở dữ liệu để nạp lại."
                )
            self.stdout.write("Dữ liệu minh họa đã có, không nạp lại.")
            self._logins(demo_logins(), options["address"])
            return
        summary = build_demo(seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu minh họa trong {summary.seconds:.1f} giây: LĐLĐ tỉnh Lai Châu với "
                f"{summary.grassroots_units} CĐCS và {_n(summary.members)} đoàn viên "
                f"(ngày {AS_OF:%d/%m/%Y}), lịch sử sắp xếp tổ chức từ 01/7/2025; LĐLĐ tỉnh Điện Biên."
            )
        )
        if summary.documents:
            docs = summary.documents
            self.stdout.write(
                f"Sổ văn bản: {docs.registered} văn bản mẫu đã vào sổ; Hướng dẫn số {docs.guidance_symbol} "
                f"năm 2026 đã giao {_n(docs.assignments)} nhiệm vụ cho các đơn vị trực thuộc."
            )
        self._logins(summary.logins, options["address"])

    def _logins(self, logins: list[Login], address: str) -> None:
        url = address.rstrip("/") + reverse("accounts:login")
        self.stdout.write(f"Đăng nhập tại {url} — mật khẩu chung cho mọi tài khoản: {PASSWORD}")
        width = max((len(login.username) for login in logins), default=8)
        for login in logins:
            who = f" ({login.full_name})" if login.full_name else ""
            self.stdout.write(f"  {login.username:<{width}}  {login.role} — {login.unit}{who}")
