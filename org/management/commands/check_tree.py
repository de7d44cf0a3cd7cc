from django.core.management.base import BaseCommand, CommandError

from org import closure


class Command(BaseCommand):
    help = (
        "Kiểm tra cây đơn vị: liên kết cấp trên chồng lấn, liên kết ngoài thời gian hoạt động của đơn vị "
        "hoặc đơn vị cấp trên, đơn vị không có đơn vị cấp trên, vòng lặp, tên chồng lấn và bảng "
        "bao đóng lệch so với liên kết. Trả mã thoát 1 khi có vấn đề."
    )

    def handle(self, *args, **options) -> None:
        problems = closure.check()
        if not problems:
            self.stdout.write(self.style.SUCCESS("Cây đơn vị nhất quán."))
            return
        for problem in problems:
            self.stdout.write(f"- {problem}")
        raise CommandError(
            f"Cây đơn vị có {len(problems)} vấn đề. Chạy “manage.py rebuild_closure” nếu chỉ bảng bao đóng bị lệch.",
            returncode=1,
        )
