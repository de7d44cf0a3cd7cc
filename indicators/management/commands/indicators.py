"""manage.py indicators --list | --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD [--as-of D] [--json]

--to is the last day of the period (inclusive); a state indicator is read on --to, or on --as-of.
"""

import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from accounts.scoping import SYSTEM
from indicators.engine import IndicatorError, total_of, window_for
from indicators.output import definition, figures_for
from indicators.registry import all_indicators
from lamtheo.lib.dates import parse_date
from lamtheo.lib.errors import ServiceError
from org.models import Unit


class Command(BaseCommand):
    help = "Liệt kê các chỉ tiêu, hoặc tính các chỉ tiêu của một đơn vị trong một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Liệt kê định nghĩa các chỉ tiêu.")
        parser.add_argument("--unit", help="Mã đơn vị.")
        parser.add_argument("--from", dest="start", help="Ngày đầu kỳ (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", help="Ngày cuối kỳ, tính cả ngày đó (YYYY-MM-DD).")
        parser.add_argument("--as-of", dest="as_of", help="Ngày đọc các chỉ tiêu trạng thái (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true", help="In JSON.")

    def handle(self, *args, **opts):
        if opts["list"]:
            defs = [definition(i) for i in all_indicators()]
            if opts["json"]:
                self.stdout.write(json.dumps(defs, ensure_ascii=False, indent=2))
            else:
                for d in defs:
                    self.stdout.write(
                        f"{d['code']}\t{d['label']} ({d['unit_of_measure']})\t{d['description']}"
                    )
            return
        if not opts["unit"] or not opts["start"] or not opts["end"]:
            raise CommandError("Cần --list, hoặc --unit, --from và --to.")
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{opts['unit']}”.")
        start, end = self._date(opts["start"], "--from"), self._date(opts["end"], "--to")
        as_of = self._date(opts["as_of"], "--as-of") if opts["as_of"] else None
        try:
            figures = figures_for(SYSTEM, unit.pk, window_for(start, end + timedelta(days=1), as_of))
        except IndicatorError as exc:
            raise CommandError(exc.message) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for f in figures:
            self.stdout.write(
                f"{f['label']}: {total_of(f['value']):,} {f['unit_of_measure']}".replace(",", ".")
            )

    def _date(self, text: str, name: str):
        try:
            day = parse_date(text)
        except ServiceError as exc:
            raise CommandError(f"{name}: {exc.message}") from exc
        if day is None:
            raise CommandError(f"{name}: ngày “{text}” không hợp lệ (dạng YYYY-MM-DD).")
        return day
