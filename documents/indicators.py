"""Indicators counted from the document registry (indicators.registry)."""

from indicators.registry import Indicator, Kind, Summary, register

from .kinds import DIRECTIVE_KINDS
from .models import Direction, Document, Status


def _plans():
    return Document.objects.active().filter(
        direction=Direction.OUTGOING,
        status=Status.ISSUED,
        kind__in=DIRECTIVE_KINDS,
        issuer_unit__isnull=False,
    )


register(
    Indicator(
        code="plans_issued",
        label="Văn bản chỉ đạo đã ban hành",
        unit_of_measure="văn bản",
        kind=Kind.COUNT,
        description="Số kế hoạch, hướng dẫn, công văn và văn bản chỉ đạo khác (văn bản đi, đã ban hành, "
        "không tính văn bản đã thu hồi) do các đơn vị trong cây ban hành, theo ngày ban hành trong kỳ.",
        records=lambda w: _plans(),
        unit_field="issuer_unit",
        date_field="date",
        part_field="kind",
        parts=tuple((k.value, k.label) for k in sorted(DIRECTIVE_KINDS, key=lambda k: k.label)),
        order=30,
        summary=Summary(source=_plans),
    )
)
