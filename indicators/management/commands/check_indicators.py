"""manage.py check_indicators [--code INDICATOR]

Compares the stored summary rows of every built indicator with the rows its records give now, and prints
every difference (unit, day, part, stored, from the records). Exit status 1 if there is any.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from indicators import summary
from org.models import Unit


class Command(BaseCommand):
    help = "Đối chiếu dòng tổng hợp của chỉ tiêu với số đếm trực tiếp từ bản ghi gốc."

    def add_arguments(self, parser):
        parser.add_argument("--code", action="append", help="Mã chỉ tiêu (có thể lặp lại).")
        parser.add_argument("--limit", type=int, default=50, help="Số dòng khác biệt in ra cho mỗi chỉ tiêu.")

    def handle(self, *args, **opts):
        built = summary.built_codes()
        wanted = set(opts["code"] or ())
        known = {i.code for i in summary.summarised()}
        if wanted - known:
            raise CommandError(f"Chỉ tiêu không có dòng tổng hợp: {', '.join(sorted(wanted - known))}.")
        total = 0
        for ind in summary.summarised():
            if wanted and ind.code not in wanted:
                continue
            if ind.code not in built:
                self.stdout.write(f"{ind.code}: chưa có dòng tổng hợp (đếm trực tiếp từ bản ghi gốc).")
                continue
            differences = summary.diff(ind)
            total += len(differences)
            if not differences:
                self.stdout.write(f"{ind.code}: khớp.")
                continue
            self.stdout.write(f"{ind.code}: {len(differences)} dòng khác biệt.")
            codes = dict(
                Unit.objects.filter(pk__in={k[0] for k, _s, _w in differences}).values_list("pk", "code")
            )
            for (unit, day, part, *value), have, want in differences[: opts["limit"]]:
                counted = f", giá trị {value[0]}" if value else ""  # distinct counts: the value counted
                self.stdout.write(
                    f"  đơn vị {codes.get(unit, unit)}, ngày {day:%d/%m/%Y}, phần “{part or '—'}”{counted}: "
                    f"tổng hợp {have if have is not None else 'không có'}, đếm trực tiếp "
                    f"{want if want is not None else 'không có'}"
                )
        if total:
            self.stderr.write(f"Có {total} dòng tổng hợp khác với bản ghi gốc.")
            sys.exit(1)
        self.stdout.write("Mọi dòng tổng hợp khớp với bản ghi gốc.")
