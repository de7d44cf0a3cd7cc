"""Issue #10, points 1-3: documents reach their addressees' incoming books, relay in one step, and tasks
that survive a merge (seeds 000 → 001 on the small tree)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from directives.models import AssignmentStatus, RelayPlan, TaskAssignment
from directives.selectors import progress_summary
from directives.services import RelayItem, assign_from_document, compose_relay, report_done
from documents.fields import DocumentFields, Recipient, Section
from documents.kinds import DocumentKind
from documents.models import Document, DocumentCitation, EntryStatus, IncomingEntry
from documents.services import issue_document, save_draft, update_incoming_entry
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for, make_user
from org.models import Unit, UnitKind
from org.services import UnitSpec, merge_units

from .helpers import SEED_000_ITEMS, story

pytestmark = pytest.mark.django_db

GUIDANCE_ITEMS = SEED_000_ITEMS[:3]


def _issue(actor, unit, *, kind, subject, recipients, items=(), opening="", drafting_code=""):
    fields = DocumentFields(
        kind=kind,
        subject=subject,
        date=today(),
        opening=opening,
        recipients=recipients,
        sections=[Section(level=2, number=str(i), title="", paragraphs=[t]) for i, t in enumerate(items, 1)],
    )
    draft = save_draft(actor, fields=fields, issuer_unit=unit, drafting_code=drafting_code)
    return issue_document(actor, document=draft, make_pdf=False)


def _guidance(s, reach="subtree"):
    return _issue(
        s.fed,
        s.tree.fed_a,
        kind=DocumentKind.HUONG_DAN,
        subject="học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026",
        recipients=[Recipient("Các đơn vị cấp dưới", "t/h", unit_id=s.tree.fed_a.pk, reach=reach)],
        items=GUIDANCE_ITEMS,
        opening="Thực hiện Kế hoạch của Tổng Liên đoàn, Ban Thường vụ hướng dẫn như sau:",
    )


def _login(client, unit, role=Role.UPPER_OFFICER, username=None):
    user = make_user(unit, role, username=username or f"web-{unit.code}-{role}")
    client.force_login(user)
    return user


@pytest.fixture
def s(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return story(tree)


# --- 1. delivery, incoming books, members ------------------------------------------------------------


def test_an_issued_guidance_appears_in_each_addressees_incoming_book_and_the_addressee_opens_it(s, client):
    t = s.tree
    earlier = _issue(
        s.fed, t.fed_a, kind=DocumentKind.THONG_BAO, subject="lịch học tập quý I",
        recipients=[Recipient(t.district_a1.name, "t/h")],  # matched by name: the district only
    )  # fmt: skip
    guidance = _guidance(s)

    entries = {e.unit_id: e for e in IncomingEntry.objects.filter(document=guidance)}
    assert set(entries) == {t.district_a1.pk, s.civil.pk, t.cdcs_a1.pk, t.cdcs_a2.pk, t.guild.pk}
    assert entries[t.district_a1.pk].number == 2  # số đến per unit and year: the notice came first
    assert entries[t.cdcs_a1.pk].number == 1
    assert all(e.year == today().year and e.received_on == today() for e in entries.values())
    assert all(e.status == EntryStatus.PENDING for e in entries.values())
    assert IncomingEntry.objects.get(document=earlier).unit_id == t.district_a1.pk

    _login(client, t.district_a1)
    book = client.get(reverse("documents:incoming_book")).content.decode()
    assert guidance.symbol in book and "02/" in book
    page = client.get(reverse("documents:document_detail", args=[guidance.pk]))
    assert page.status_code == 200 and "Số đến" in page.content.decode()
    docx = guidance.files.get()
    assert client.get(reverse("documents:document_file", args=[guidance.pk, docx.pk])).status_code == 200
    # The district's own outgoing book does not mix the province's guidance in.
    outgoing = client.get(reverse("documents:document_list") + "?book=di").content.decode()
    assert guidance.symbol not in outgoing

    _login(client, t.fed_b, Role.FEDERATION_STAFF, username="fed-b")
    assert client.get(reverse("documents:document_detail", args=[guidance.pk])).status_code == 404


def test_the_province_books_separate_its_own_its_incoming_and_its_subtree(s, client):
    t = s.tree
    guidance = _guidance(s, reach="children")
    report = _issue(
        s.district, t.district_a1, kind=DocumentKind.BAO_CAO, subject="kết quả quý I",
        recipients=[Recipient(t.fed_a.name, "b/c")],
    )  # fmt: skip
    _login(client, t.fed_a, Role.FEDERATION_STAFF, username="fed-books")
    outgoing = client.get(reverse("documents:document_list") + "?book=di").content.decode()
    incoming = client.get(reverse("documents:incoming_book")).content.decode()
    below = client.get(reverse("documents:document_list") + "?book=cap-duoi").content.decode()
    assert guidance.symbol in outgoing and report.symbol not in outgoing
    assert report.symbol in incoming and guidance.symbol not in incoming
    assert report.symbol in below and guidance.symbol not in below


def test_the_handling_of_an_incoming_entry_is_recorded_and_audited(s):
    from audit.models import AuditEvent

    guidance = _guidance(s, reach="children")
    entry = IncomingEntry.objects.get(document=guidance, unit=s.tree.district_a1)
    update_incoming_entry(s.district, entry=entry, status=EntryStatus.IN_PROGRESS, handler=s.district.user)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.IN_PROGRESS and entry.handler == s.district.user
    event = AuditEvent.objects.get(model="documents.incomingentry", object_id=str(entry.pk), action="update")
    assert event.before == {"status": "pending", "handler_id": None}
    assert event.after == {"status": "in_progress", "handler_id": s.district.user.pk}
    with pytest.raises(ServiceError):
        update_incoming_entry(s.chair_a1, entry=entry, status=EntryStatus.DONE)  # another unit's book


def test_a_member_sees_the_study_guidance_addressed_to_their_union_and_not_an_internal_letter(s, client):
    t = s.tree
    guidance = _guidance(s)
    letter = _issue(
        s.fed, t.fed_a, kind=DocumentKind.CONG_VAN, subject="chuẩn bị hồ sơ thi đua", drafting_code="VP",
        recipients=[Recipient("Các đơn vị cấp dưới", "t/h", unit_id=t.fed_a.pk, reach="subtree")],
    )  # fmt: skip
    assert IncomingEntry.objects.filter(document=letter, unit=t.cdcs_a1).exists()
    member = actor_for(t.cdcs_a1, Role.MEMBER)
    visible = set(Document.objects.visible_to(member).values_list("pk", flat=True))
    assert guidance.pk in visible and letter.pk not in visible
    officer = actor_for(t.cdcs_a1, Role.GRASSROOTS_CHAIR)
    assert {guidance.pk, letter.pk} <= set(Document.objects.visible_to(officer).values_list("pk", flat=True))

    _login(client, t.cdcs_a1, Role.MEMBER, username="member-a1")
    book = client.get(reverse("documents:incoming_book")).content.decode()
    assert guidance.symbol in book and letter.symbol not in book
    assert client.get(reverse("documents:document_detail", args=[guidance.pk])).status_code == 200
    assert client.get(reverse("documents:document_detail", args=[letter.pk])).status_code == 404


# --- 2. relay in one step, no second assignment ----------------------------------------------------


@pytest.fixture
def assigned(s):
    guidance = _guidance(s, reach="")  # tasks only: the assignment delivers it
    deadline = today() + timedelta(days=60)
    tasks = [{"text": t, "deadline": deadline} for t in GUIDANCE_ITEMS]
    s.directive = assign_from_document(s.fed, document=guidance, tasks=tasks, units=[s.tree.district_a1])
    s.guidance, s.deadline = guidance, deadline
    return s


def _district_open(s):
    return list(TaskAssignment.objects.filter(unit=s.tree.district_a1).order_by("task__order"))


def test_relay_in_one_step_drafts_a_letter_citing_the_upper_one_and_issuing_it_assigns_the_adapted_tasks(
    assigned, client
):
    s, t = assigned, assigned.tree
    # The district received the guidance with its tasks: it opens it (no more 404).
    assert IncomingEntry.objects.filter(document=s.guidance, unit=t.district_a1).exists()
    _login(client, t.district_a1, username="district-web")
    assert client.get(reverse("documents:document_detail", args=[s.guidance.pk])).status_code == 200

    rows = _district_open(s)
    earlier = s.deadline - timedelta(days=20)
    items = [
        RelayItem(rows[0], "Tổ chức hội nghị quán triệt tại công đoàn cơ sở.", earlier),
        RelayItem(rows[1], rows[1].wording, s.deadline),
    ]
    plan = compose_relay(s.district, items=items, drafting_code="VP")
    draft = plan.document
    assert draft.status == "draft" and draft.issuer_unit == t.district_a1
    assert draft.opening.startswith(
        f"Thực hiện Hướng dẫn số {s.guidance.symbol} ngày {s.guidance.date:%d/%m/%Y} của {t.fed_a.name}"
    )
    assert DocumentCitation.objects.filter(citing=draft, cited=s.guidance).exists()
    line = draft.recipients.get(unit=t.district_a1)
    assert line.reach == "children"
    assert TaskAssignment.objects.filter(unit=t.cdcs_a1).count() == 0  # nothing assigned before the issue

    issue_document(s.district, document=draft, make_pdf=False)

    children = TaskAssignment.objects.filter(parent_assignment=rows[0])
    assert {a.unit_id for a in children} == {t.cdcs_a1.pk, t.cdcs_a2.pk, t.guild.pk}
    assert all(a.due_date == earlier and a.wording == items[0].text for a in children)
    kept = TaskAssignment.objects.filter(parent_assignment=rows[1])
    assert all(a.due_date == s.deadline and a.wording == rows[1].task.text for a in kept)
    rows[0].refresh_from_db()
    assert rows[0].status == AssignmentStatus.RELAYED and rows[0].relay_document_id == draft.pk
    assert TaskAssignment.objects.filter(parent_assignment=rows[2]).count() == 0  # not chosen
    assert IncomingEntry.objects.filter(document=draft, unit=t.cdcs_a1).exists()
    assert RelayPlan.objects.get(pk=plan.pk).executed_at is not None


def test_relay_refuses_a_deadline_later_than_the_upper_one(assigned):
    s = assigned
    row = _district_open(s)[0]
    with pytest.raises(ServiceError, match="không được muộn hơn thời hạn của cấp trên"):
        compose_relay(s.district, items=[RelayItem(row, row.wording, s.deadline + timedelta(days=1))])
    assert not RelayPlan.objects.exists()


def test_a_second_assignment_of_the_same_document_is_refused(assigned):
    s = assigned
    with pytest.raises(ServiceError, match="đã được giao nhiệm vụ"):
        assign_from_document(
            s.fed, document=s.guidance, tasks=[{"text": "Lần hai"}], units=[s.tree.district_a1]
        )
    rows = _district_open(s)
    plan = compose_relay(
        s.district, items=[RelayItem(a, a.wording, a.due_date) for a in rows], drafting_code="VP"
    )
    relay_doc = issue_document(s.district, document=plan.document, make_pdf=False)
    assert TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).count() == 3
    with pytest.raises(ServiceError, match="dùng để triển khai nhiệm vụ của cấp trên"):
        assign_from_document(s.district, document=relay_doc, tasks=[{"text": t} for t in GUIDANCE_ITEMS])
    assert TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).count() == 3


def test_the_relay_page_drafts_in_one_step(assigned, client):
    s, t = assigned, assigned.tree
    _login(client, t.district_a1, username="district-relay")
    rows = _district_open(s)
    url = reverse("directives:relay_compose_document", args=[s.guidance.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f"Thực hiện Hướng dẫn số {s.guidance.symbol}" in body and t.cdcs_a1.name in body
    data = {
        "kind": "ke_hoach", "drafting_code": "", "subject": "triển khai hướng dẫn",
        "opening": f"Thực hiện Hướng dẫn số {s.guidance.symbol} của {t.fed_a.name}",
        "item-TOTAL_FORMS": "3", "item-INITIAL_FORMS": "3",
    }  # fmt: skip
    for i, a in enumerate(rows):
        data |= {f"item-{i}-assignment": a.pk, f"item-{i}-include": "on", f"item-{i}-text": a.wording,
                 f"item-{i}-deadline": (s.deadline + timedelta(days=5)).strftime("%d/%m/%Y")}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 200 and "không được muộn hơn" in refused.content.decode()
    for i in range(3):
        data[f"item-{i}-deadline"] = s.deadline.strftime("%d/%m/%Y")
    done = client.post(url, data)
    assert done.status_code == 302
    assert RelayPlan.objects.get().items.count() == 3


# --- 3. reorganisations keep tasks ---------------------------------------------------------------


def _counts(actor, directive):
    return [
        (t.task.order, o.due_date, o.counts.total, o.counts.done, o.counts.late, o.counts.assigned)
        for t in progress_summary(actor, directive)
        for o in t.occurrences
    ]


def test_after_a_merge_the_successor_holds_the_open_tasks_and_the_upper_counts_are_unchanged(assigned):
    s, t = assigned, assigned.tree
    rows = _district_open(s)
    plan = compose_relay(
        s.district, items=[RelayItem(a, a.wording, a.due_date) for a in rows], drafting_code="VP"
    )
    issue_document(s.district, document=plan.document, make_pdf=False)
    one = TaskAssignment.objects.filter(unit=t.cdcs_a1).order_by("task__order").first()
    report_done(s.chair_a1, assignment=one, note="Đã tổ chức hội nghị quán triệt.")
    before = _counts(s.fed, s.directive)
    open_before = TaskAssignment.objects.filter(unit__in=[t.cdcs_a1, t.cdcs_a2]).open().count()
    assert open_before == 5

    new = merge_units(
        s.district, sources=[t.cdcs_a1, t.cdcs_a2], parent=t.district_a1, on=today(), decision_ref="12/QĐ",
        target=UnitSpec(code="CDCS-A12", name="Công đoàn cơ sở hợp nhất Đông Sơn", kind=UnitKind.GRASSROOTS),
    )  # fmt: skip

    assert TaskAssignment.objects.filter(unit__in=[t.cdcs_a1, t.cdcs_a2]).count() == 0
    assert TaskAssignment.objects.filter(unit=new).open().count() == open_before
    assert set(TaskAssignment.objects.filter(unit=new).values_list("inherited_from", flat=True)) == {
        t.cdcs_a1.pk,
        t.cdcs_a2.pk,
    }
    assert _counts(s.fed, s.directive) == before
    assert _counts(actor_for(t.district_a1, Role.UPPER_OFFICER), s.directive) == before


def test_the_merge_confirmation_lists_the_tasks_that_move(assigned):
    from org.selectors import reorganisation_moves

    t = assigned.tree
    lines = reorganisation_moves(sources=[t.district_a1], successor="LĐLĐ mới", on=today())
    assert any("3 nhiệm vụ đang thực hiện chuyển sang LĐLĐ mới" in line for line in lines)
    assert any("tài khoản người dùng" in line for line in lines)


def test_after_a_split_the_tasks_go_to_the_chosen_parts(assigned):
    from org.services import split_unit

    s, t = assigned, assigned.tree
    rows = _district_open(s)
    parts = [
        UnitSpec(code="LDLD-A1N", name="LĐLĐ huyện Đông Sơn Bắc", kind=UnitKind.UPPER_GRASSROOTS, subkind="district"),
        UnitSpec(code="LDLD-A1S", name="LĐLĐ huyện Đông Sơn Nam", kind=UnitKind.UPPER_GRASSROOTS, subkind="district"),
    ]  # fmt: skip
    before = _counts(s.fed, s.directive)
    north, south = split_unit(
        s.fed, source=t.district_a1, parts=parts, on=today(), decision_ref="20/QĐ", task_part={rows[2].pk: 1}
    )
    assert set(TaskAssignment.objects.filter(unit=north).values_list("pk", flat=True)) == {
        rows[0].pk,
        rows[1].pk,
    }
    assert list(TaskAssignment.objects.filter(unit=south).values_list("pk", flat=True)) == [rows[2].pk]
    assert _counts(s.fed, s.directive) == before


def test_the_split_page_lets_the_officer_choose_the_part_that_carries_each_open_task(assigned, client):
    s, t = assigned, assigned.tree
    rows = _district_open(s)
    _login(client, t.fed_a, Role.FEDERATION_STAFF)
    url = reverse("org:unit_split", args=[t.district_a1.pk])
    form = client.get(url).content.decode()
    assert "Nhiệm vụ đang thực hiện chuyển về" in form
    field = f"place_directives_taskassignment_{rows[2].pk}"
    assert f'name="{field}"' in form
    data = {
        "p1_code": "LDLD-A1N", "p1_name": "LĐLĐ huyện Đông Sơn Bắc", "p2_code": "LDLD-A1S",
        "p2_name": "LĐLĐ huyện Đông Sơn Nam", "on": today().strftime("%d/%m/%Y"), "decision_ref": "20/QĐ",
        field: "2",
    }  # fmt: skip
    assert "Xác nhận chia tách" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    south = Unit.objects.get(code="LDLD-A1S")
    assert list(TaskAssignment.objects.filter(unit=south).values_list("pk", flat=True)) == [rows[2].pk]
    assert TaskAssignment.objects.filter(unit__code="LDLD-A1N").count() == len(rows) - 1


def test_the_issue_page_says_which_books_the_draft_will_reach(s, client):
    t = s.tree
    fields = DocumentFields(
        kind=DocumentKind.HUONG_DAN, subject="học tập chuyên đề", date=today(),
        recipients=[Recipient("Các đơn vị cấp dưới", "t/h", unit_id=t.fed_a.pk, reach="subtree")],
    )  # fmt: skip
    draft = save_draft(s.fed, fields=fields, issuer_unit=t.fed_a)
    _login(client, t.fed_a, Role.FEDERATION_STAFF)
    text = client.get(reverse("documents:document_issue", args=[draft.pk])).content.decode()
    assert "sổ văn bản đến của <strong>5 đơn vị</strong>" in text and "dành cho đoàn viên" in text
