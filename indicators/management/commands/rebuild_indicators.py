"""manage.py rebuild_indicators [--unit CODE] [--code INDICATOR]

Recomputes the summary rows (indicators.summary) from the records. Without --unit, every row of every
indicator that opts in, which marks it built (from then on the engine reads its rows). With --unit, the
rows of that unit and of every unit ever below it, for the indicators already built.
"""

from django.core.management.base import BaseCommand, CommandError

from indicators import summary
from org.closure import affected_by
from org.models import Unit


class Command(BaseCommand):
    help = "Tính lại các dòng tổng hợp của chỉ tiêu từ bản ghi gốc."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Mã đơn vị: chỉ tính lại đơn vị này và các đơn vị trực thuộc.")
        parser.add_argument("--code", action="append", help="Mã chỉ tiêu (có thể lặp lại).")

    def handle(self, *args, **opts):
        unit_ids = None
        if opts["unit"]:
            unit = Unit.objects.filter(code=opts["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {opts['unit']}.")
            unit_ids = affected_by([unit.pk])
        known = {i.code for i in summary.summarised()}
        for code in opts["code"] or ():
            if code not in known:
                raise CommandError(f"Chỉ tiêu {code} không có dòng tổng hợp.")
        written = summary.rebuild(opts["code"], unit_ids)
        for code, n in written.items():
            self.stdout.write(f"{code}: {n:,} dòng".replace(",", "."))
