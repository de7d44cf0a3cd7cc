"""The study app's figures (DOMAIN.md §4.2), declared to the engine (indicators.registry).

An event held by several units has one host row per unit: study_events counts distinct events
(distinct_field), so a shared event counts once for the units' common ancestor and once for each host.
"""

from indicators.registry import Indicator, Kind, Summary, register

from .models import (
    ITEM_CHANNELS,
    PROGRAM_CHANNELS,
    Attendance,
    EventKind,
    OutreachChannel,
    OutreachItem,
    StudyEventHost,
    TrainingCourse,
)

EVENT_PARTS = tuple(EventKind.choices)
STUDY_KINDS = [k for k in EventKind.values if k != EventKind.CONTEST]


def _reached():
    return Attendance.objects.reached().filter(live=True)


def _items(channels):
    return OutreachItem.objects.live().filter(channel__in=channels)


def _hosts(kinds=None):
    qs = StudyEventHost.objects.filter(live=True)
    return qs.filter(kind__in=kinds) if kinds else qs


register(
    Indicator(
        code="study_events",
        label="Số hội nghị quán triệt, buổi học tập chuyên đề",
        unit_of_measure="cuộc",
        kind=Kind.COUNT,
        description="Số hoạt động học tập (hội nghị quán triệt, sinh hoạt chuyên đề, sinh hoạt định kỳ, tọa đàm, "
        "diễn đàn) do các đơn vị trong cây tổ chức, theo ngày tổ chức trong kỳ; hoạt động nhiều đơn vị cùng tổ "
        "chức được tính một lần cho đơn vị cấp trên chung và một lần cho mỗi đơn vị tổ chức.",
        records=lambda w: _hosts(STUDY_KINDS),
        date_field="held_on",
        distinct_field="event_id",
        summary=Summary(source=lambda: _hosts(STUDY_KINDS)),
        part_field="kind",
        parts=tuple(c for c in EVENT_PARTS if c[0] != EventKind.CONTEST),
        order=60,
    )
)
register(
    Indicator(
        code="study_participants",
        label="Lượt đoàn viên, CNVCLĐ tham gia học tập",
        unit_of_measure="lượt",
        kind=Kind.COUNT,
        description="Tổng số lượt người tham dự các hoạt động học tập trong kỳ: đoàn viên có mặt theo điểm danh "
        "và số người tham dự được ghi bằng số lượng (kể cả CNVCLĐ chưa là đoàn viên), của mỗi đơn vị tổ chức.",
        records=lambda w: _hosts(STUDY_KINDS),
        date_field="held_on",
        amount_field="participants",
        summary=Summary(source=lambda: _hosts(STUDY_KINDS)),
        order=61,
    )
)
register(
    Indicator(
        code="study_members_reached",
        label="Số đoàn viên được học tập",
        unit_of_measure="người",
        kind=Kind.COUNT,
        description="Số đoàn viên khác nhau có mặt ở ít nhất một hoạt động học tập hoặc tự học đạt yêu cầu trong "
        "kỳ, mỗi đoàn viên tính một lần, ở công đoàn nơi đoàn viên sinh hoạt lúc học.",
        records=lambda w: _reached(),
        date_field="on",
        distinct_field="member_id",
        summary=Summary(source=_reached),
        order=62,
    )
)
register(
    Indicator(
        code="contests",
        label="Số hội thi, cuộc thi (kể cả trực tuyến)",
        unit_of_measure="cuộc",
        kind=Kind.COUNT,
        description="Số hội thi, cuộc thi tìm hiểu (kể cả cuộc thi trực tuyến) do các đơn vị trong cây tổ chức, "
        "theo ngày tổ chức trong kỳ; cuộc thi nhiều đơn vị cùng tổ chức được tính một lần.",
        records=lambda w: _hosts([EventKind.CONTEST]),
        date_field="held_on",
        distinct_field="event_id",
        summary=Summary(source=lambda: _hosts([EventKind.CONTEST])),
        order=63,
    )
)
register(
    Indicator(
        code="outreach_items",
        label="Số tin, bài tuyên truyền",
        unit_of_measure="tin, bài",
        kind=Kind.COUNT,
        description="Số tin, bài viết, bài đăng trên cổng thông tin, website, fanpage, Zalo của các đơn vị trong "
        "cây, theo ngày đăng trong kỳ.",
        records=lambda w: _items(ITEM_CHANNELS),
        date_field="on",
        summary=Summary(source=lambda: _items(ITEM_CHANNELS)),
        part_field="channel",
        parts=tuple(c for c in OutreachChannel.choices if c[0] in ITEM_CHANNELS),
        order=64,
    )
)
register(
    Indicator(
        code="outreach_programs",
        label="Số chương trình, phóng sự phát sóng",
        unit_of_measure="chương trình",
        kind=Kind.COUNT,
        description="Số chương trình phát thanh, truyền hình và phóng sự do các đơn vị trong cây thực hiện, "
        "theo ngày phát sóng trong kỳ.",
        records=lambda w: _items(PROGRAM_CHANNELS),
        date_field="on",
        summary=Summary(source=lambda: _items(PROGRAM_CHANNELS)),
        part_field="channel",
        parts=tuple(c for c in OutreachChannel.choices if c[0] in PROGRAM_CHANNELS),
        order=65,
    )
)
register(
    Indicator(
        code="training_courses",
        label="Số lớp tập huấn",
        unit_of_measure="lớp",
        kind=Kind.COUNT,
        description="Số lớp tập huấn do các đơn vị trong cây tổ chức, theo ngày khai giảng trong kỳ.",
        records=lambda w: TrainingCourse.objects.live(),
        date_field="on",
        summary=Summary(source=lambda: TrainingCourse.objects.live()),
        order=66,
    )
)
register(
    Indicator(
        code="coverage_rate",
        label="Tỷ lệ đoàn viên được học tập",
        unit_of_measure="%",
        kind=Kind.RATE,
        description="Số đoàn viên được học tập trong kỳ (có mặt ở hoạt động học tập hoặc tự học đạt yêu cầu, mỗi "
        "người một lần) trên số đoàn viên tại ngày cuối kỳ.",
        numerator="study_members_reached",
        denominator="members_by_sector",
        order=67,
    )
)
