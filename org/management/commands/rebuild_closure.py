from django.core.management.base import BaseCommand

from org import closure


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng bao đóng của cây đơn vị từ các liên kết cấp trên (có hiệu lực theo ngày)."

    def handle(self, *args, **options) -> None:
        count = closure.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Đã tính lại bảng bao đóng: {count:,} dòng.".replace(",", ".")))
