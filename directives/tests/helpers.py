"""The seeds 000 → 001 story on the small tree: documents issued through documents.services."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from accounts.models import Role
from documents.fields import Citation, DocumentFields, Section
from documents.kinds import DocumentKind
from documents.services import issue_document, save_draft
from lamtheo.testing import SmallTree, actor_for, make_user, unit
from org.models import Unit, UnitKind, UnitSubkind

# The five items of the federation's letter (seed 000), shortened.
SEED_000_ITEMS = [
    "Đẩy mạnh hơn nữa công tác tuyên truyền, quán triệt nâng cao nhận thức cho đoàn viên, CNVCLĐ về triển "
    "khai Kết luận số 01-KL/TW và Chỉ thị số 05-CT/TW, chuyên đề toàn khóa, chuyên đề hằng năm.",
    "Cụ thể hóa nội dung cán bộ công đoàn, CNVCLĐ học tập và làm theo Bác đảm bảo ngắn gọn, dễ hiểu, dễ "
    "thực hiện, phù hợp với từng nhóm đối tượng.",
    "Xây dựng và nuôi dưỡng các mô hình, điển hình, hoạt động tiêu biểu về học tập và làm theo Bác có sức "
    "lan tỏa mạnh mẽ, hiệu quả và đi vào chiều sâu.",
    "Đẩy mạnh việc phát hiện và tuyên truyền gương người tốt, việc tốt, gương điển hình tiêu biểu trong học "
    "tập và làm theo Bác ở các cấp công đoàn.",
    "Tăng cường công tác kiểm tra, giám sát việc thực hiện Kết luận số 01-KL/TW và Nghị quyết số 02-NQ/TW "
    "của Bộ Chính trị.",
]
OPENING_000 = (
    "Thực hiện Công văn số 6713/TLĐ-TG ngày 25/5/2023 của Tổng LĐLĐ Việt Nam về đẩy mạnh thực hiện Kết luận "
    "số 01-KL/TW của Bộ Chính trị, Ban Thường vụ LĐLĐ tỉnh yêu cầu các cấp công đoàn tập trung thực hiện "
    "một số nội dung sau:"
)
FED_DATE = date(2023, 6, 5)
DISTRICT_DATE = date(2023, 6, 12)


def at(d: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


def issue(
    actor,
    issuer: Unit,
    *,
    subject: str,
    on: date,
    cites: list[str] = (),
    items: list[str] = (),
    kind: str = DocumentKind.CONG_VAN,
    drafting_code: str = "TGNC",
    opening: str = "",
    issued: bool = True,
):
    fields = DocumentFields(
        kind=kind,
        subject=subject,
        date=on,
        opening=opening,
        citations=[Citation(symbol=s, kind=DocumentKind.CONG_VAN) for s in cites],
        sections=[Section(level=2, number=str(i), title="", paragraphs=[t]) for i, t in enumerate(items, 1)],
    )
    doc = save_draft(actor, fields=fields, issuer_unit=issuer, drafting_code=drafting_code)
    return issue_document(actor, document=doc, make_pdf=False) if issued else doc


@dataclass
class Story:
    tree: SmallTree
    civil: Unit  # a second child of federation A: Công đoàn Viên chức tỉnh
    fed: object  # actors
    district: object
    chair_a1: object
    chair_a2: object
    fed_doc: object


def federation_letter(tree: SmallTree):
    """Federation A's letter relaying 6713/TLĐ-TG with the five tasks, and a second child for it."""
    civil = unit(
        "CDVC-A", "Công đoàn Viên chức tỉnh An Hòa", UnitKind.UPPER_GRASSROOTS, tree.fed_a,
        subkind=UnitSubkind.CIVIL_SERVANTS,
    )  # fmt: skip
    Unit.objects.filter(pk=tree.district_a1.pk).update(issuer_code="LĐLĐ")
    tree.district_a1.refresh_from_db()
    fed = actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=make_user(tree.fed_a))
    doc = issue(
        fed,
        tree.fed_a,
        subject="đẩy mạnh thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
        on=FED_DATE,
        cites=["6713/TLĐ-TG"],
        items=SEED_000_ITEMS,
        opening=OPENING_000,
    )
    return civil, fed, doc


def story(tree: SmallTree) -> Story:
    civil, fed, doc = federation_letter(tree)
    district = actor_for(
        tree.district_a1, Role.UPPER_OFFICER, user=make_user(tree.district_a1, Role.UPPER_OFFICER)
    )
    chair_a1 = actor_for(
        tree.cdcs_a1, Role.GRASSROOTS_CHAIR, user=make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    )
    chair_a2 = actor_for(
        tree.cdcs_a2, Role.GRASSROOTS_CHAIR, user=make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR)
    )
    return Story(tree, civil, fed, district, chair_a1, chair_a2, doc)


def district_letter(story: Story, *, cites: list[str] | None = None, issued: bool = True):
    """The district's own letter (seed 001's shape): 'Thực hiện Công văn số … của LĐLĐ tỉnh …'."""
    symbol = story.fed_doc.symbol
    return issue(
        story.district,
        story.tree.district_a1,
        subject="triển khai thực hiện Kết luận số 01-KL/TW",
        on=DISTRICT_DATE,
        cites=[symbol] if cites is None else cites,
        items=SEED_000_ITEMS,
        drafting_code="VP",
        opening=f"Thực hiện Công văn số {symbol} ngày 05/6/2023 của Ban Thường vụ LĐLĐ tỉnh …",
        issued=issued,
    )
