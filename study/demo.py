"""Demo study and outreach work of LĐLĐ tỉnh Lai Châu, 2021 – 31/3/2026, consistent with seed 002's
five-year review: over 1,800 conferences and study sessions, over 350 news items and articles, over 50
broadcast programmes and reportages, about 20 training courses; the 2024 topic with its four items and
quarterly schedule (seed 004) as data; a few unions that lag (they rarely meet, or skip an item). The
unions' study sessions go on past that period, up to the day the demo is built, so that its current
quarter is not empty.

Rows are bulk-inserted on the tree as it stood on each day (an event only for a unit that existed then,
attendance only for its members then), and summed up in one audit event, as the member demo does.
Called by lamtheo.demo.build (the one hook)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from audit.services import record
from lamtheo.lib.dates import today
from lamtheo.lib.lists import format_number
from lamtheo.lib.text import fold
from members.models import Membership
from org.models import GRASSROOTS_KINDS, Unit, UnitClosure

from . import services
from .models import (
    ITEM_CHANNELS,
    PROGRAM_CHANNELS,
    Attendance,
    AttendanceMode,
    AttendanceSource,
    AttendanceStatus,
    EventKind,
    OutreachItem,
    ProgrammeKind,
    StudyEvent,
    StudyEventHost,
    Topic,
    TopicScope,
    TrainingCourse,
)

START, END = date(2021, 1, 1), date(2026, 4, 1)  # [START, END): seed 002's period
LAGGING_SHARE = 0.1  # unions that rarely record a study session
TERM_TOPIC = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát "
    "triển đất nước phồn vinh, hạnh phúc"
)
TOPIC_2024 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về phát huy quyền làm chủ của Nhân dân, đẩy "
    "mạnh đổi mới sáng tạo, khơi dậy khát vọng xây dựng cuộc sống ấm no, hạnh phúc, đưa Lai Châu phát triển "
    "nhanh và bền vững"
)
ITEMS_2024 = [
    "Phát huy quyền làm chủ của Nhân dân theo tư tưởng Hồ Chí Minh",
    "Đẩy mạnh đổi mới sáng tạo theo tư tưởng Hồ Chí Minh",
    "Khơi dậy khát vọng xây dựng cuộc sống ấm no, hạnh phúc",
    "Nhiệm vụ, giải pháp học tập và làm theo Bác để Lai Châu phát triển nhanh và bền vững",
]
SCHEDULE_2024 = {1: [1, 4], 2: [2, 4], 3: [3, 4]}
REVIEW_2024 = "Tổng hợp, đánh giá kết quả thực hiện kế hoạch năm 2024; xây dựng báo cáo tổng kết năm"
# Other years' topics of the province (titles not in the seeds: invented, in the same spirit).
YEARLY = {
    2022: ("Chuyên đề năm 2022 của tỉnh Lai Châu về xây dựng đội ngũ cán bộ gương mẫu, tận tụy với công việc",
           ["Nêu gương trong cán bộ, đoàn viên", "Tận tụy, trách nhiệm với công việc", "Liên hệ, giải pháp"]),
    2023: ("Chuyên đề năm 2023 của tỉnh Lai Châu về đoàn kết, kỷ cương, sáng tạo trong lao động",
           ["Đoàn kết trong tập thể", "Kỷ cương, kỷ luật lao động", "Sáng tạo, năng suất", "Liên hệ, giải pháp"]),
    2025: ("Chuyên đề năm 2025 của tỉnh Lai Châu về phong cách làm việc khoa học, gần dân",
           ["Phong cách làm việc khoa học", "Gần dân, trọng dân", "Liên hệ, giải pháp"]),
}  # fmt: skip
PERIODIC_TITLES = [
    "Sinh hoạt định kỳ {q} – học tập chuyên đề",
    "Sinh hoạt công đoàn {q}: học tập và làm theo Bác",
]
CONFERENCE_TITLES = [
    "Hội nghị quán triệt chuyên đề năm {y}",
    "Hội nghị học tập, quán triệt Kết luận 01-KL/TW năm {y}",
]
OTHER_KINDS = [
    (EventKind.THEMATIC, "Sinh hoạt chuyên đề “Làm theo Bác” năm {y}"),
    (EventKind.SEMINAR, "Tọa đàm kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh năm {y}"),
    (EventKind.FORUM, "Diễn đàn “Người lao động làm theo Bác” năm {y}"),
]
OUTREACH_TITLES = {
    "news": "Tin: {u} học tập chuyên đề năm {y}",
    "article": "Bài viết: gương điển hình học tập và làm theo Bác tại {u}",
    "website": "Cổng thông tin: {u} triển khai Kết luận 01-KL/TW",
    "fanpage": "Fanpage Công đoàn Lai Châu: {u} sinh hoạt chuyên đề",
    "zalo": "Nhóm Zalo: {u} thông tin học tập chuyên đề",
    "radio": "Chương trình phát thanh: công đoàn Lai Châu làm theo Bác ({y})",
    "tv": "Chương trình truyền hình: người lao động Lai Châu làm theo Bác ({y})",
    "reportage": "Phóng sự: điển hình học tập và làm theo Bác ở {u}",
    "banner": "Pano, băng rôn tuyên truyền chuyên đề năm {y} tại {u}",
}
QUARTER_NAMES = {1: "quý I", 2: "quý II", 3: "quý III", 4: "quý IV"}


@dataclass
class DemoStudy:
    events: int
    attendance_rows: int
    outreach_items: int
    outreach_programs: int
    training_courses: int
    topic_2024_id: int


@dataclass(frozen=True)
class _Span:
    unit_id: int
    valid_from: date
    valid_to: date
    grassroots: bool


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 1)))


def _quarters(end: date):
    for y in range(START.year, end.year + 1):
        for q in (1, 2, 3, 4):
            start = date(y, 3 * q - 2, 1)
            if start >= end:
                return
            yield y, q, start, date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1)


def build_study(federation: Unit, seed: int = 2026) -> DemoStudy:
    return _Builder(federation, random.Random(seed)).run()


class _Builder:
    def __init__(self, federation: Unit, rng: random.Random) -> None:
        self.fed, self.rng = federation, rng
        self.end = max(END, today() + timedelta(days=1))  # the study sessions: up to and including today
        self.events: list[StudyEvent] = []
        self.hosts: list[list[tuple[int, int, int]]] = []  # per event: (unit id, members, workers)
        self.items: list[list[int]] = []
        self.lists: list[bool] = []

    def run(self) -> DemoStudy:
        self.programmes_and_topics()
        spans = [
            _Span(uid, vf, vt, kind in GRASSROOTS_KINDS)
            for uid, vf, vt, kind in UnitClosure.objects.filter(
                ancestor=self.fed, valid_from__lt=self.end, valid_to__gt=START
            ).values_list("descendant_id", "valid_from", "valid_to", "descendant__kind")
        ]
        grassroots = sorted({s.unit_id for s in spans if s.grassroots})
        self.lagging = set(self.rng.sample(grassroots, max(1, int(len(grassroots) * LAGGING_SHARE))))
        self.skips_item_2 = set(self.rng.sample([u for u in grassroots if u not in self.lagging], 6))
        self.plan_events(spans)
        n_events, n_rows = self.insert_events()
        items, programs = self.outreach(spans)
        courses = self.courses()
        record(SYSTEM, action=AuditEvent.Action.IMPORT, model="study.studyevent", unit_id=self.fed.pk,
               summary=f"Dữ liệu minh họa học tập, tuyên truyền 2021–2026: {format_number(n_events)} hoạt động, "
               f"{format_number(n_rows)} lượt điểm danh, {format_number(items + programs)} tin, bài, chương trình, "
               f"{format_number(courses)} lớp tập huấn")  # fmt: skip
        return DemoStudy(n_events, n_rows, items, programs, courses, self.topics[2024].pk)

    # ------------------------------------------------------------ programmes, topics, the 2024 schedule

    def programmes_and_topics(self) -> None:
        services.create_programme(SYSTEM, kind=ProgrammeKind.DIRECTIVE, code="05-CT/TW", valid_from=date(2016, 5, 15),
                                  title="Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                                  "phong cách Hồ Chí Minh")  # fmt: skip
        kl01 = services.create_programme(SYSTEM, kind=ProgrammeKind.CONCLUSION, code="01-KL/TW",
                                         valid_from=date(2021, 5, 18), title="Kết luận số 01-KL/TW về tiếp tục thực "
                                         "hiện Chỉ thị số 05-CT/TW")  # fmt: skip
        services.create_programme(SYSTEM, kind=ProgrammeKind.CONGRESS_TERM, code="ĐH-XIII", valid_from=date(2021, 1, 1),
                                  valid_to=date(2026, 1, 1), title="Nhiệm kỳ Đại hội XIII của Đảng")  # fmt: skip
        services.create_programme(SYSTEM, kind=ProgrammeKind.CONGRESS_TERM, code="ĐH-XIV", valid_from=date(2026, 1, 1),
                                  title="Nhiệm kỳ Đại hội XIV của Đảng")  # fmt: skip
        self.term_topic = services.create_topic(
            SYSTEM, issuer_unit=None, scope=TopicScope.TERM, term="XIII", title=TERM_TOPIC, programme=kl01,
            items=["Ý chí tự lực, tự cường", "Khát vọng phát triển đất nước phồn vinh, hạnh phúc",
                   "Liên hệ, giải pháp trong công nhân, viên chức, lao động"],
            valid_from=date(2021, 10, 28), valid_to=date(2026, 1, 1), guidance_ref="Hướng dẫn 37/HD-TLĐ ngày 28/10/2021",
        )  # fmt: skip
        self.topics: dict[int, Topic] = {}
        for y, (title, items) in YEARLY.items():
            self.topics[y] = services.create_topic(
                SYSTEM, issuer_unit=self.fed, scope=TopicScope.YEAR, year=y, term="XIII", title=title, items=items,
                valid_from=date(y, 1, 1), valid_to=date(y + 1, 1, 1), programme=kl01,
            )  # fmt: skip
        self.topics[2024] = services.create_topic(
            SYSTEM, issuer_unit=self.fed, scope=TopicScope.YEAR, year=2024, term="XIII", title=TOPIC_2024,
            items=ITEMS_2024, valid_from=date(2024, 1, 1), valid_to=date(2025, 1, 1), programme=kl01,
            party_committee="Ban Tuyên giáo Tỉnh ủy Lai Châu", guidance_ref="Hướng dẫn ngày 03/01/2024 của LĐLĐ tỉnh",
        )  # fmt: skip
        services.set_schedule(SYSTEM, unit=self.fed, topic=self.topics[2024], year=2024, quarters=SCHEDULE_2024,
                              notes={4: REVIEW_2024}, guidance_ref="Hướng dẫn ngày 03/01/2024 của LĐLĐ tỉnh")  # fmt: skip
        for y, topic in self.topics.items():
            if y != 2024:
                n = topic.items.count()
                quarters = {q: [min(q, n), n] for q in (1, 2, 3)}
                services.set_schedule(SYSTEM, unit=self.fed, topic=topic, year=y, quarters=quarters)
        self.item_ids = {
            (t.pk, i.number): i.pk for t in [*self.topics.values(), self.term_topic] for i in t.items.all()
        }

    def _topic_of(self, y: int) -> Topic:
        return self.topics.get(y, self.term_topic)

    def _quarter_items(self, topic: Topic, y: int, q: int, unit_id: int) -> list[int]:
        if topic.pk == self.term_topic.pk:
            numbers = [1 + (q - 1) % 3]
        elif y == 2024:
            numbers = SCHEDULE_2024.get(q, [1, 2, 3, 4])
            if q == 2 and unit_id in self.skips_item_2:
                numbers = [4]
        else:
            n = topic.items.count()
            numbers = [min(q, n), n] if q < 4 else list(range(1, n + 1))
        return [self.item_ids[(topic.pk, n)] for n in dict.fromkeys(numbers)]

    # ------------------------------------------------------------ events

    def _add(self, kind: str, title: str, unit_id: int, on: date, topic: Topic | None, items: list[int],
             co_hosts: tuple[int, ...] = (), listed: bool = False, entries: int | None = None,
             online: bool = False) -> None:  # fmt: skip
        self.events.append(StudyEvent(
            kind=kind, title=title, unit_id=unit_id, held_on=on, topic=topic, online=online, entries=entries,
            mode=AttendanceMode.LIST if listed else AttendanceMode.COUNTS, search_text=fold(title),
        ))  # fmt: skip
        counts = [(uid, 0 if listed else self.rng.randint(12, 60), self.rng.choice((0, 0, 2, 5))) for uid in
                  (unit_id, *co_hosts)]  # fmt: skip
        self.hosts.append(counts)
        self.items.append(items)
        self.lists.append(listed)

    def plan_events(self, spans: list[_Span]) -> None:
        rng = self.rng
        for y, q, qs, qe in _quarters(self.end):
            topic = self._topic_of(y)
            day_end = min(qe, self.end)
            share = (day_end - qs).days / (
                qe - qs
            ).days  # of the quarter gone by: the current one is partly done
            alive = [s for s in spans if s.valid_from < day_end and s.valid_to > qs]
            for s in alive:
                start, end = max(qs, s.valid_from), min(day_end, s.valid_to)
                if start >= end:
                    continue
                on = _day_in(rng, start, end)
                if s.grassroots:
                    chance = 0.3 if s.unit_id in self.lagging else 0.93
                    if rng.random() < chance * share:
                        title = rng.choice(PERIODIC_TITLES).format(q=QUARTER_NAMES[q])
                        items = self._quarter_items(topic, y, q, s.unit_id)
                        self._add(
                            EventKind.PERIODIC, title, s.unit_id, on, topic, items, listed=rng.random() < 0.5
                        )
                elif (
                    q == 1 or rng.random() < 0.35
                ):  # upper units: a conference each first quarter, more at times
                    title = rng.choice(CONFERENCE_TITLES).format(y=y)
                    self._add(EventKind.CONFERENCE, title, s.unit_id, on, topic,
                              [i for i in self._quarter_items(topic, y, q, s.unit_id)])  # fmt: skip
            # A few thematic sessions, seminars, forums; some held by two unions together.
            grassroots = [s for s in alive if s.grassroots and s.valid_from <= qs and s.valid_to >= day_end]
            for _ in range(round(10 * share) if grassroots else 0):
                kind, title = rng.choice(OTHER_KINDS)
                pair = rng.sample(grassroots, 2) if len(grassroots) > 1 else grassroots
                on = _day_in(rng, qs, day_end)
                co = (pair[1].unit_id,) if len(pair) > 1 and rng.random() < 0.3 else ()
                self._add(kind, title.format(y=y), pair[0].unit_id, on, topic, [], co_hosts=co)
            if q == 2 and y < 2026:  # a contest each year (online from 2022)
                self._add(EventKind.CONTEST, f"Cuộc thi tìm hiểu “Học tập và làm theo Bác” năm {y}", self.fed.pk,
                          date(y, 5, 19), topic, [], entries=rng.randint(1500, 6000), online=y >= 2022)  # fmt: skip

    def insert_events(self) -> tuple[int, int]:
        StudyEvent.objects.bulk_create(self.events, batch_size=2000)
        through = StudyEvent.items.through
        through.objects.bulk_create(
            [
                through(studyevent_id=e.pk, topicitem_id=i)
                for e, items in zip(self.events, self.items, strict=True)
                for i in items
            ],
            batch_size=5000,
        )
        members = self._members_by_unit(
            {e.unit_id for e, listed in zip(self.events, self.lists, strict=True) if listed}
        )
        rows: list[Attendance] = []
        hosts: list[StudyEventHost] = []
        rng = self.rng
        for event, counts, listed in zip(self.events, self.hosts, self.lists, strict=True):
            present = 0
            if listed:
                for member_id, vf, vt in members.get(event.unit_id, ()):
                    if vf <= event.held_on < vt:
                        roll = rng.random()
                        status = (AttendanceStatus.PRESENT if roll < 0.82 else
                                  AttendanceStatus.EXCUSED if roll < 0.95 else AttendanceStatus.ABSENT)  # fmt: skip
                        present += status == AttendanceStatus.PRESENT
                        source = AttendanceSource.QR if rng.random() < 0.3 else AttendanceSource.LIST
                        rows.append(Attendance(event=event, member_id=member_id, unit_id=event.unit_id,
                                               on=event.held_on, status=status, source=source))  # fmt: skip
            for n, (uid, m, w) in enumerate(counts):
                own = present if n == 0 else 0
                hosts.append(StudyEventHost(event=event, unit_id=uid, held_on=event.held_on, kind=event.kind,
                                            member_count=m, worker_count=w, participants=own + m + w))  # fmt: skip
        StudyEventHost.objects.bulk_create(hosts, batch_size=5000)
        Attendance.objects.bulk_create(rows, batch_size=5000)
        return len(self.events), len(rows)

    def _members_by_unit(self, unit_ids: set[int]) -> dict[int, list[tuple[int, date, date]]]:
        out: dict[int, list[tuple[int, date, date]]] = {}
        rows = Membership.objects.filter(unit_id__in=unit_ids, valid_to__gt=START).values_list(
            "unit_id", "member_id", "valid_from", "valid_to"
        )
        for uid, mid, vf, vt in rows:
            out.setdefault(uid, []).append((mid, vf, vt))
        return out

    # ------------------------------------------------------------ outreach and training

    def outreach(self, spans: list[_Span]) -> tuple[int, int]:
        rng = self.rng
        uppers = sorted({s.unit_id for s in spans if not s.grassroots})
        names = dict(Unit.objects.filter(pk__in=uppers).values_list("pk", "short_name"))
        full = dict(Unit.objects.filter(pk__in=uppers).values_list("pk", "name"))
        rows: list[OutreachItem] = []

        def add(channel: str, n: int) -> None:
            for _ in range(n):
                on = _day_in(rng, START, END)
                alive = [s.unit_id for s in spans if not s.grassroots and s.valid_from <= on < s.valid_to]
                uid = self.fed.pk if rng.random() < 0.45 or not alive else rng.choice(alive)
                title = OUTREACH_TITLES[channel].format(u=names.get(uid) or full.get(uid, ""), y=on.year)
                rows.append(OutreachItem(unit_id=uid, channel=channel, on=on, title=title, search_text=fold(title),
                                         topic=self.topics.get(on.year),
                                         link=f"https://congdoanlaichau.vn/tin/{rng.randrange(10**6)}"))  # fmt: skip

        weights = {"news": 170, "article": 70, "website": 60, "fanpage": 50, "zalo": 25}
        for channel, n in weights.items():
            add(channel, n)
        for channel, n in {"radio": 24, "tv": 18, "reportage": 14}.items():
            add(channel, n)
        add("banner", 40)
        OutreachItem.objects.bulk_create(rows, batch_size=2000)
        items = sum(1 for r in rows if r.channel in ITEM_CHANNELS)
        return items, sum(1 for r in rows if r.channel in PROGRAM_CHANNELS)

    def courses(self) -> int:
        rng = self.rng
        places = [
            "Hội trường LĐLĐ tỉnh",
            "Trung tâm Chính trị huyện Tam Đường",
            "Hội trường Công đoàn Viên chức tỉnh",
        ]
        rows = []
        for n in range(20):
            y = 2021 + n % 5
            on = date(y, rng.choice((3, 4, 6, 8, 10)), rng.randint(1, 25))
            rows.append(TrainingCourse(
                unit=self.fed, title=f"Lớp tập huấn nghiệp vụ tuyên giáo, báo cáo viên năm {y} (lớp {n // 5 + 1})",
                topic=self.topics.get(y, self.term_topic), on=on, ends_on=on + timedelta(days=rng.choice((1, 2))),
                place=rng.choice(places), trainers="Ban Tuyên giáo – Nữ công LĐLĐ tỉnh; Ban Tuyên giáo Tỉnh ủy",
                participant_count=rng.randint(60, 150),
            ))  # fmt: skip
        TrainingCourse.objects.bulk_create(rows)
        return len(rows)
