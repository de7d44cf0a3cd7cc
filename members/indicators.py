"""Indicators counted from memberships (indicators.registry)."""

from datetime import date, timedelta

from indicators.registry import Indicator, Kind, Summary, register
from lamtheo.lib.urls import PLACEHOLDER, IdUrl
from org import figures
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


def _subtree_members(unit_ids: list[int], on: date) -> dict[int, int] | None:
    from indicators import summary
    from indicators.registry import get

    ind = get("members_by_sector")
    return summary.subtree_totals(ind, unit_ids, on) if ind is not None else None


def _own_members(unit_ids, on: date) -> dict[int, int] | None:
    from indicators import summary
    from indicators.registry import get

    ind = get("members_by_sector")
    return summary.own_totals(ind, unit_ids, on) if ind is not None else None


def _members_link(on: date) -> IdUrl:
    from indicators.views import records_url

    return IdUrl(records_url("members_by_sector", PLACEHOLDER, on, on + timedelta(days=1)))


# The tree's pages (org) read their member totals from the engine's summary rows, with their drill-down.
figures.register_engine(
    from_summary=_subtree_members, own_from_summary=_own_members, records_link=_members_link
)
