"""Demo documents: the project's own samples in Lai Châu's registry, and the 2026 guidance cascading down.

Everything goes through the real services: the reader reads the sample files (documents/samples: the
five written by the project's writer, a web page copy and a PDF text layer), register_incoming enters
them, save_draft + issue_document number the new guidance, and the directives services give its tasks to
the units below, some of which acknowledge, relay and report.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from accounts.models import Role
from accounts.scoping import Actor
from directives.models import TaskAssignment
from directives.services import acknowledge, assign_from_document, relay_many, report_done
from documents.fields import Citation, DocumentFields, Recipient, Section, Signer, Task
from documents.kinds import DocumentKind
from documents.models import EntryStatus, IncomingEntry
from documents.reading import read_file
from documents.samples import SAMPLES
from documents.samples.written import WRITTEN
from documents.services import issue_document, register_incoming, save_draft, update_incoming_entry
from org.models import GRASSROOTS_KINDS, Unit
from org.selectors import children_on

from .units import FEDERATION_CODE

# The web copy's header is below the site's lines, where the reader does not look yet: what the officer
# types from the page.
TYPED = {
    "web-copy": {
        "symbol": "12/CĐVC-TC",
        "number": "12",
        "date": date(2026, 3, 17),
        "subject": "rà soát, cập nhật danh sách đoàn viên năm 2026",
    }
}
REGISTERED = [*WRITTEN, "web-copy", "pdf-text-layer"]
GUIDANCE_DATE = date(2026, 1, 6)
ITEMS_2026 = [
    "Tổ chức học tập, quán triệt Kết luận số 01-KL/TW và Chuyên đề năm 2026 trong sinh hoạt công đoàn định kỳ "
    "Quý I; gắn liên hệ với chức năng, nhiệm vụ của cơ quan, đơn vị, doanh nghiệp.",
    "100% cán bộ, đoàn viên xây dựng bản cam kết học tập và làm theo Bác năm 2026, cụ thể, gắn với chức trách, "
    "nhiệm vụ được giao.",
    "Phát hiện, bồi dưỡng và giới thiệu ít nhất 01 mô hình, cách làm hay trong học tập và làm theo Bác.",
    "Báo cáo kết quả triển khai thực hiện về LĐLĐ tỉnh (qua Ban Công tác công đoàn) trong báo cáo 6 tháng và năm.",
]


@dataclass
class DemoDocuments:
    registered: int
    guidance_symbol: str
    assignments: int


def _at(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 9))


def register_samples(actor: Actor, federation: Unit) -> int:
    for name in REGISTERED:
        sample = SAMPLES[name]
        content = sample.content()
        fields = read_file(content, sample.filename)
        for field, value in TYPED.get(name, {}).items():
            setattr(fields, field, value)
        register_incoming(
            actor,
            fields=fields,
            owner_unit=federation,
            original_file=content,
            filename=sample.filename,
            issuer_unit=federation if fields.symbol.endswith("-LĐLĐ") or "/LĐLĐ-" in fields.symbol else None,
        )
    return len(REGISTERED)


def guidance_2026(actor: Actor, federation: Unit):
    fields = DocumentFields(
        kind=DocumentKind.HUONG_DAN,
        date=GUIDANCE_DATE,
        place=federation.place,
        subject="Tổ chức học tập, quán triệt, tuyên truyền Chuyên đề học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh năm 2026",
        opening="Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và tiếp theo Hướng dẫn số "
        "03/HD-LĐLĐ ngày 06/01/2025 của LĐLĐ tỉnh, Ban Thường vụ LĐLĐ tỉnh hướng dẫn tổ chức học tập năm 2026 "
        "như sau:",
        sections=[
            Section(
                level=1,
                number="I",
                title="NỘI DUNG THỰC HIỆN",
                children=[
                    Section(level=2, number=str(i), title="", paragraphs=[text])
                    for i, text in enumerate(ITEMS_2026, 1)
                ],
            ),
            Section(
                level=1,
                number="II",
                title="TỔ CHỨC THỰC HIỆN",
                paragraphs=[
                    "Các công đoàn cấp trên trực tiếp cơ sở cụ thể hóa hướng dẫn này, triển khai đến công đoàn cơ sở "
                    "trực thuộc; hoàn thành nội dung (1), (2) trong Quý I năm 2026.",
                ],
            ),
        ],  # fmt: skip
        closing="Trên đây là Hướng dẫn tổ chức học tập Chuyên đề năm 2026; đề nghị các cấp công đoàn nghiêm túc "
        "triển khai thực hiện.",
        recipients=[
            Recipient("Tổng LĐLĐ Việt Nam", "b/c"),
            Recipient("Ban Tuyên giáo và Dân vận Tỉnh ủy", "b/c"),
            Recipient(
                "Các công đoàn cấp trên trực tiếp cơ sở", "t/h", unit_id=federation.pk, reach="children"
            ),
            Recipient("Lưu: VT, Ban CTCĐ"),
        ],
        signer=Signer("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lò Thị Hằng"),
        citations=[Citation(symbol="01-KL/TW"), Citation(symbol="03/HD-LĐLĐ")],
    )
    draft = save_draft(actor, fields=fields, issuer_unit=federation, drafting_code="CTCĐ")
    return issue_document(actor, document=draft, make_pdf=False)


def cascade(actor: Actor, federation: Unit, guidance) -> int:
    """Tasks to every unit directly below; two upper unions relay, some grassroots unions report."""
    q1 = date(2026, 3, 31)
    tasks = [
        Task(text=ITEMS_2026[0], deadline=q1),
        Task(text=ITEMS_2026[1], deadline=q1),
        Task(text=ITEMS_2026[2], deadline=date(2026, 9, 30)),
        Task(text=ITEMS_2026[3], recurrence="half_yearly", schedule={"2026": "6 tháng và năm"}),
    ]
    directive = assign_from_document(actor, document=guidance, tasks=tasks)
    uppers = [u for u in children_on(federation.pk, GUIDANCE_DATE) if u.kind not in GRASSROOTS_KINDS]
    for index, upper in enumerate(uppers[:3]):
        mine = list(TaskAssignment.objects.filter(task__directive=directive, unit=upper).order_by("due_date"))
        upper_actor = Actor(user=actor.user, unit_id=upper.pk, role=Role.UPPER_OFFICER)
        for a in mine:
            acknowledge(upper_actor, assignment=a, at=_at(date(2026, 1, 8 + index)))
        # The upper union's incoming book: the guidance is being handled, or done once relayed.
        entry = IncomingEntry.objects.get(document=guidance, unit=upper)
        status = EntryStatus.DONE if index < 2 else EntryStatus.IN_PROGRESS
        update_incoming_entry(upper_actor, entry=entry, status=status, note="Đã tham mưu văn bản triển khai")
        if index < 2:  # the third upper union has acknowledged but not relayed yet
            letter = _relay_letter(upper_actor, upper, guidance, date(2026, 1, 12 + index))
            relay_many(
                upper_actor, assignments=mine[:2], relay_document=letter, at=_at(date(2026, 1, 12 + index))
            )
    # Some grassroots unions (directly under the federation or under a relaying union) report done.
    for n, a in enumerate(
        TaskAssignment.objects.filter(task__directive=directive, unit__kind__in=GRASSROOTS_KINDS).order_by(
            "id"
        )
    ):
        if n % 3 == 0 and a.due_date and a.due_date <= q1:
            child = Actor(user=actor.user, unit_id=a.unit_id, role=Role.GRASSROOTS_CHAIR)
            acknowledge(child, assignment=a, at=_at(date(2026, 2, 2)))
            report_done(
                child, assignment=a, note="Đã tổ chức sinh hoạt chuyên đề Quý I.", at=_at(date(2026, 3, 20))
            )
    return TaskAssignment.objects.filter(task__directive=directive).count()


def _relay_letter(actor: Actor, upper: Unit, guidance, on: date):
    fields = DocumentFields(
        kind=DocumentKind.CONG_VAN,
        date=on,
        place=upper.place or "Lai Châu",
        subject="triển khai học tập Chuyên đề năm 2026",
        opening=f"Thực hiện Hướng dẫn số {guidance.symbol} ngày {guidance.date:%d/%m/%Y} của Ban Thường vụ "
        "LĐLĐ tỉnh, đề nghị các công đoàn cơ sở trực thuộc thực hiện các nội dung sau:",
        sections=[
            Section(level=2, number=str(i), title="", paragraphs=[t]) for i, t in enumerate(ITEMS_2026[:2], 1)
        ],
        citations=[Citation(symbol=guidance.symbol)],
        recipients=[
            Recipient("Các CĐCS trực thuộc", "t/h", unit_id=upper.pk, reach="children"),
            Recipient("Lưu: VP"),
        ],
        signer=Signer("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lò Văn Thoan"),
    )
    draft = save_draft(actor, fields=fields, issuer_unit=upper, drafting_code="VP")
    return issue_document(actor, document=draft, make_pdf=False)


def build_documents(user) -> DemoDocuments:
    federation = Unit.objects.get(code=FEDERATION_CODE)
    actor = Actor(user=user, unit_id=federation.pk, role=Role.FEDERATION_STAFF)
    registered = register_samples(actor, federation)
    guidance = guidance_2026(actor, federation)
    assignments = cascade(actor, federation, guidance)
    return DemoDocuments(registered, guidance.symbol, assignments)
