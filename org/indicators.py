"""Indicators counted from the union tree (indicators.registry)."""

from indicators.registry import Indicator, Kind, Summary, register

from .models import Sector, Unit

SECTOR_PARTS = tuple((s.value, s.label) for s in Sector if s.value)

register(
    Indicator(
        code="units_grassroots_by_sector",
        label="Công đoàn cơ sở",
        unit_of_measure="CĐCS",
        kind=Kind.STATE,
        description="Số công đoàn cơ sở và nghiệp đoàn cơ sở đang hoạt động tại ngày cuối kỳ trong cây đơn vị "
        "như tại ngày đó, chia theo khu vực của công đoàn cơ sở.",
        records=lambda w: Unit.objects.active_on(w.on).grassroots(),
        unit_field="id",
        part_field="sector",
        parts=SECTOR_PARTS,
        order=10,
        summary=Summary(
            source=lambda: Unit.objects.grassroots(), valid_from="valid_from", valid_to="valid_to"
        ),
    )
)
