"""Indicators counted from memberships (indicators.registry)."""

from indicators.registry import Indicator, Kind, Summary, register
from org.indicators import SECTOR_PARTS

from .models import Membership

register(
    Indicator(
        code="members_by_sector",
        label="Đoàn viên công đoàn",
        unit_of_measure="người",
        kind=Kind.STATE,
        description="Số đoàn viên có quá trình sinh hoạt còn hiệu lực tại ngày cuối kỳ ở một công đoàn cơ sở "
        "của cây đơn vị như tại ngày đó, chia theo khu vực của công đoàn cơ sở nơi đoàn viên sinh hoạt.",
        records=lambda w: Membership.objects.valid_on(w.on),
        unit_field="unit",
        part_field="unit__sector",
        parts=SECTOR_PARTS,
        order=20,
        summary=Summary(
            source=lambda: Membership.objects.all(),
            valid_from="valid_from",
            valid_to="valid_to",
            depends_on=("org.unit",),  # the part is the unit's sector
        ),
    )
)
