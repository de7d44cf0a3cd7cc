"""Every public service checks scope and role itself (views are not the only gate).

Each public function of every app's services.py is either called here as an outsider (an officer of
the other province) and as a plain member of the same union, and must be refused with NotPermitted and
leave nothing written; or is listed as exempt, with the reason. A new service that is in neither list
fails test_every_service_is_listed.
"""

import importlib
import inspect
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from accounts.models import Role
from accounts.scoping import SYSTEM, Actor, NotPermitted
from audit.models import AuditEvent
from documents.fields import DocumentFields
from documents.kinds import DocumentKind
from lamtheo.testing import SmallTree, actor_for, make_user
from members.models import Member, OfficerRole
from org.services import UnitSpec

ON = date(2024, 3, 1)

EXEMPT = {
    "audit.services.record": "writes the event of a service that has checked the actor already",
    "audit.services.record_many": "writes the events of a service that has checked the actor already",
    "audit.services.snapshot": "pure helper, writes nothing",
    "audit.services.diff": "pure helper, writes nothing",
    "members.services.fill_derived": "pure helper on an unsaved member",
    "members.services.derived_names": "pure helper: name parts in NFC and the full name",
    "members.services.search_text_of": "pure helper: the folded search column",
    "members.services.duplicate_id_number_message": "builds a message, writes nothing",
    "members.services.build_member": "builds an unsaved member for create_member and the import, which check",
    "members.services.check_member_fields": "pure checks on an unsaved member, writes nothing",
    "documents.services.next_number": "reads the counter inside issue_document's checked transaction",
    "documents.services.match_unit": "read-only lookup used by the reader",
    "documents.services.delivery_units": "read-only: the units an issued document reaches",
    "documents.services.handlers_of": "read-only: the users acting for a unit (choices of a form)",
    "directives.services.relay_draft_fields": "pure builder of a relay draft's fields, writes nothing",
    "directives.services.citation_line": "pure text builder",
    "directives.services.relay_on_issue": "hook called by issue_document, which checked the actor; it "
    "relays through relay_many, which checks again",
    "documents.services.run_pdf_job": "the worker's runner of the PDF job; ensure_pdf inside it checks scope and role",
    "org.services.unit_name_on": "read-only",
    "study.services.check_in": "a member checks themselves in (action check_in, scope self): the refusals "
    "(another union's member, an expired or forged code) are tested in study/tests/test_rules.py",
    "study.selfstudy.parse_quiz": "pure parser, writes nothing",
    "study.selfstudy.attempts_left": "read-only count",
    "study.selfstudy.publish_material": "refused to a member and to another province in "
    "study/tests/test_selfstudy.py::test_publishing_is_refused_to_a_member_and_to_another_province",
    "study.selfstudy.withdraw_material": "checks change on the material's unit, as publish_material",
    "study.selfstudy.start_attempt": "a member's own act (self scope): other unions' members are refused in "
    "study/tests/test_selfstudy.py::test_members_of_other_unions_cannot_take_it_nor_answer_anothers_attempt",
    "study.selfstudy.submit_attempt": "a member's own act on their own attempt: refused for anyone else's, "
    "same test",
    "jobs.services.start_job": "generic queue: the app function that starts a job checks its action "
    "(members.exporting.start_export requires export)",
}
# Write modules that are not called services.py but hold services of their own.
EXTRA_SERVICE_MODULES = ("members.transfers", "directives.reminders", "study.selfstudy")


@dataclass
class World:
    tree: SmallTree
    draft: object
    issued: object
    officer_role: OfficerRole
    left: Member  # archived from CĐCS A1
    incoming: object  # a transfer released by province B to CĐCS A1, pending
    outgoing: object  # a transfer released by CĐCS A1 to province B, pending
    study: dict  # a topic of province A, an event, an outreach item and a course of CĐCS A1


def _fields(subject: str) -> DocumentFields:
    return DocumentFields(kind=DocumentKind.CONG_VAN, subject=subject, date=ON)


@pytest.fixture
def world(tree) -> World:
    from directives.services import assign_from_document
    from documents.services import issue_document, save_draft
    from members.services import archive_member, assign_officer_role, create_member

    draft = save_draft(SYSTEM, fields=_fields("dự thảo"), issuer_unit=tree.cdcs_a1, drafting_code="VP")
    issued = issue_document(
        SYSTEM,
        document=save_draft(SYSTEM, fields=_fields("ban hành"), issuer_unit=tree.fed_a, drafting_code="VP"),
        make_pdf=False,
    )
    tasks = [{"text": "Báo cáo", "deadline": ON}]
    assign_from_document(SYSTEM, document=issued, tasks=tasks, units=[tree.cdcs_a1])
    role = assign_officer_role(SYSTEM, member=tree.member_a1, unit=tree.cdcs_a1, kind="chair", on=ON)
    left = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Phạm Thị Lan", data={}, on=date(2021, 1, 1))
    archive_member(SYSTEM, member=left, on=date(2024, 6, 1))
    from members.transfers import release_member

    leaving = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Vũ Văn Đi", data={}, on=date(2021, 1, 1))
    transfer = {"on": ON, "reason": "Chuyển công tác", "decision_ref": "QĐ 1"}
    incoming = release_member(SYSTEM, member=tree.member_b1, to_unit=tree.cdcs_a1, **transfer)
    outgoing = release_member(SYSTEM, member=leaving, to_unit=tree.cdcs_b1, **transfer)
    return World(tree, draft, issued, role, left, incoming, outgoing, _study_world(tree))


def _study_world(tree) -> dict:
    from study import services as s

    topic = s.create_topic(SYSTEM, issuer_unit=tree.fed_a, scope="year", year=2024, title="Chuyên đề",
                           items=["Nội dung một", "Nội dung hai"], valid_from=date(2024, 1, 1))  # fmt: skip
    event = s.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=ON,
                           topic=topic, items=list(topic.items.all()))  # fmt: skip
    item = s.create_outreach_item(SYSTEM, unit=tree.cdcs_a1, channel="news", on=ON, title="Tin")
    course = s.create_training_course(SYSTEM, unit=tree.cdcs_a1, title="Lớp", on=ON, ends_on=ON)
    return {"topic": topic, "event": event, "item": item, "course": course}


def _s():
    return importlib.import_module("study.services")


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4")


def _assignment(w: World):
    from directives.models import TaskAssignment

    return TaskAssignment.objects.get(unit=w.tree.cdcs_a1)


def _spec(code: str) -> UnitSpec:
    return UnitSpec(code=code, name=f"Công đoàn {code}", kind="grassroots")


# name -> call(actor, world). Targets lie in the union CĐCS A1 (or its province) so that the plain member
# of A1 is in scope and only their role refuses them, and the officer of province B is refused by scope.
CALLS = {
    "accounts.services.create_user_with_assignment": lambda a, w: _a().create_user_with_assignment(
        a, username="moi", password="x-1234567", unit=w.tree.cdcs_a1, role=Role.GRASSROOTS_CHAIR
    ),
    "members.services.create_member": lambda a, w: _m().create_member(
        a, unit=w.tree.cdcs_a1, full_name="Người Mới", data={}
    ),
    "members.services.update_member": lambda a, w: _m().update_member(
        a, member=w.tree.member_a1, data={"position": "Kế toán"}
    ),
    "members.services.archive_member": lambda a, w: _m().archive_member(a, member=w.tree.member_a1, on=ON),
    "members.services.restore_member": lambda a, w: _m().restore_member(
        a, member=w.left, unit=w.tree.cdcs_a1, on=date(2025, 1, 1)
    ),
    "members.services.transfer_members": lambda a, w: _m().transfer_members(
        a, member_ids=[w.tree.member_a1.pk], target=w.tree.cdcs_a2, on=ON
    ),
    "members.services.assign_officer_role": lambda a, w: _m().assign_officer_role(
        a, member=w.tree.member_a1, unit=w.tree.cdcs_a1, kind="chair", on=ON
    ),
    "members.services.end_officer_role": lambda a, w: _m().end_officer_role(a, role=w.officer_role, on=ON),
    "org.services.create_unit": lambda a, w: _o().create_unit(
        a, spec=_spec("CDCS-X"), parent=w.tree.district_a1, on=ON
    ),
    "org.services.update_unit": lambda a, w: _o().update_unit(a, unit=w.tree.cdcs_a1, data={"place": "Xã"}),
    "org.services.move_unit": lambda a, w: _o().move_unit(
        a, unit=w.tree.cdcs_a1, new_parent=w.tree.fed_a, on=ON
    ),
    "org.services.rename_unit": lambda a, w: _o().rename_unit(
        a, unit=w.tree.cdcs_a1, new_name="Tên mới", on=ON
    ),
    "org.services.merge_units": lambda a, w: _o().merge_units(
        a, sources=[w.tree.cdcs_a1], target=w.tree.cdcs_a2, parent=None, on=ON
    ),
    "org.services.split_unit": lambda a, w: _o().split_unit(
        a, source=w.tree.cdcs_a1, parts=[_spec("CDCS-P1"), _spec("CDCS-P2")], on=ON
    ),
    "org.services.dissolve_unit": lambda a, w: _o().dissolve_unit(a, unit=w.tree.cdcs_a1, on=ON),
    "documents.services.save_draft": lambda a, w: _d().save_draft(
        a, fields=_fields("khác"), issuer_unit=w.tree.cdcs_a1, drafting_code="VP"
    ),
    "documents.services.issue_document": lambda a, w: _d().issue_document(
        a, document=w.draft, make_pdf=False
    ),
    "documents.services.ensure_pdf": lambda a, w: _d().ensure_pdf(a, document=w.issued),
    "documents.services.register_incoming": lambda a, w: _d().register_incoming(
        a, fields=_fields("đến"), owner_unit=w.tree.cdcs_a1, original_file=None
    ),
    "documents.services.attach_scan": lambda a, w: _d().attach_scan(
        a, document=w.issued, content=b"%PDF-1.4", filename="scan.pdf"
    ),
    "documents.services.withdraw_document": lambda a, w: _d().withdraw_document(a, document=w.issued),
    "documents.services.archive_document": lambda a, w: _d().archive_document(a, document=w.issued),
    "documents.services.restore_document": lambda a, w: _d().restore_document(a, document=w.issued),
    "directives.services.assign_from_document": lambda a, w: _r().assign_from_document(
        a, document=w.issued, tasks=[{"text": "Thêm", "deadline": ON}], units=[w.tree.cdcs_a1]
    ),
    "documents.services.deliver_document": lambda a, w: _d().deliver_document(
        a, document=w.issued, units=[w.tree.cdcs_a2]
    ),
    "documents.services.update_incoming_entry": lambda a, w: _d().update_incoming_entry(
        a, entry=w.issued.incoming_entries.get(unit=w.tree.cdcs_a1), status="done"
    ),
    "directives.services.compose_relay": lambda a, w: _r().compose_relay(
        a, items=[_r().RelayItem(_assignment(w), "Triển khai", ON)], drafting_code="VP"
    ),
    "directives.services.acknowledge": lambda a, w: _r().acknowledge(a, assignment=_assignment(w)),
    "directives.services.relay": lambda a, w: _r().relay(
        a, assignment=_assignment(w), relay_document=w.issued
    ),
    "directives.services.relay_many": lambda a, w: _r().relay_many(
        a, assignments=[_assignment(w)], relay_document=w.issued
    ),
    "directives.services.report_done": lambda a, w: _r().report_done(
        a, assignment=_assignment(w), note="Đã xong"
    ),
    "directives.services.check_addressee": lambda a, w: _r().check_addressee(a, _assignment(w)),
    "directives.services.check_upper": lambda a, w: _r().check_upper(a, _assignment(w)),
    "directives.services.remind": lambda a, w: _r().remind(a, assignment=_assignment(w), note="Nhắc"),
    "directives.reminders.remind_late": lambda a, w: importlib.import_module(
        "directives.reminders"
    ).remind_late(a, directive=_assignment(w).task.directive),
    "directives.services.return_report": lambda a, w: _r().return_report(
        a, assignment=_assignment(w), reason="Thiếu số liệu"
    ),
    "accounts.services.issue_api_token": lambda a, w: _a().issue_api_token(
        a, assignment=_member_assignment(w), name="token"
    ),
    "members.transfers.release_member": lambda a, w: _t().release_member(
        a, member=w.tree.member_a1, to_unit=w.tree.cdcs_b1, on=ON, reason="Chuyển", decision_ref="QĐ 2"
    ),
    "members.transfers.accept_transfer": lambda a, w: _t().accept_transfer(a, transfer=w.incoming, on=ON),
    "members.transfers.cancel_transfer": lambda a, w: _t().cancel_transfer(
        a, transfer=w.outgoing, reason="Nhầm"
    ),
    "study.services.create_programme": lambda a, w: _s().create_programme(
        a, kind="directive", code="CT-99", title="Chỉ thị", valid_from=ON
    ),
    "study.services.create_topic": lambda a, w: _s().create_topic(
        a, issuer_unit=w.tree.cdcs_a1, scope="term", title="Chuyên đề", items=["Một"], valid_from=ON
    ),
    "study.services.set_schedule": lambda a, w: _s().set_schedule(
        a, unit=w.tree.cdcs_a1, topic=w.study["topic"], year=2024, quarters={1: [1]}
    ),
    "study.services.schedule_from_document": lambda a, w: _s().schedule_from_document(
        a, document=w.issued, unit=w.tree.cdcs_a1, topic=w.study["topic"], year=2024, quarters={1: [1]}
    ),
    "study.services.record_event": lambda a, w: _s().record_event(
        a, unit=w.tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=ON
    ),
    "study.services.update_event": lambda a, w: _s().update_event(
        a, event=w.study["event"], title="Sửa", held_on=ON
    ),
    "study.services.set_head_counts": lambda a, w: _s().set_head_counts(
        a, event=w.study["event"], unit=w.tree.cdcs_a1, members=0, workers=3
    ),
    "study.services.set_attendance": lambda a, w: _s().set_attendance(
        a, event=w.study["event"], marks={w.tree.member_a1.pk: "present"}
    ),
    "study.services.delete_event": lambda a, w: _s().delete_event(a, event=w.study["event"]),
    "study.services.add_attachment": lambda a, w: _s().add_attachment(
        a, event=w.study["event"], upload=_upload()
    ),
    "study.services.create_outreach_item": lambda a, w: _s().create_outreach_item(
        a, unit=w.tree.cdcs_a1, channel="news", on=ON, title="Tin"
    ),
    "study.services.delete_outreach_item": lambda a, w: _s().delete_outreach_item(a, item=w.study["item"]),
    "study.services.create_training_course": lambda a, w: _s().create_training_course(
        a, unit=w.tree.cdcs_a1, title="Lớp", on=ON, ends_on=ON
    ),
    "study.services.delete_training_course": lambda a, w: _s().delete_training_course(
        a, course=w.study["course"]
    ),
}


def _t():
    return importlib.import_module("members.transfers")


def _member_assignment(w: World):
    from accounts.models import Assignment

    return (
        Assignment.objects.filter(unit=w.tree.cdcs_a1).first() or make_user(w.tree.cdcs_a1).assignments.get()
    )


def _a():
    return importlib.import_module("accounts.services")


def _m():
    return importlib.import_module("members.services")


def _o():
    return importlib.import_module("org.services")


def _d():
    return importlib.import_module("documents.services")


def _r():
    return importlib.import_module("directives.services")


def public_services() -> set[str]:
    """Every public function defined in a services.py of the project's own apps (and the extra modules)."""
    base = Path(settings.BASE_DIR)
    modules = list(EXTRA_SERVICE_MODULES) + [
        f"{config.name}.services"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and (Path(config.path) / "services.py").exists()
    ]
    names = set()
    for module in map(importlib.import_module, modules):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                names.add(f"{module.__name__}.{name}")
    return names


def test_every_service_is_listed():
    listed = set(CALLS) | set(EXEMPT)
    assert public_services() - listed == set(), "add the new services to CALLS (or EXEMPT with a reason)"
    assert listed - public_services() == set(), "remove services that no longer exist"


def _actors(w: World) -> dict[str, Actor]:
    t = w.tree
    member_user = make_user(t.cdcs_a1, Role.MEMBER, username="doanvien-a1")
    return {
        "officer of another province": actor_for(t.fed_b, Role.FEDERATION_STAFF, user=make_user(t.fed_b)),
        "plain member of the union": Actor(
            user=member_user, unit_id=t.cdcs_a1.pk, role=Role.MEMBER, member_id=t.member_a1.pk
        ),
        # No user is not the system: it is refused like anyone without the role and scope.
        "actor without a user": Actor(user=None, unit_id=t.fed_b.pk, role=Role.FEDERATION_STAFF),
    }


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_service_refuses_outsiders_and_plain_members(world, name):
    for who, actor in _actors(world).items():
        events = AuditEvent.objects.count()
        with pytest.raises(NotPermitted):
            CALLS[name](actor, world)
        assert AuditEvent.objects.count() == events, f"{name} wrote something for {who}"


# Services meant for someone else than the province's officer: (unit of the small tree, role).
ADDRESSEE = ("cdcs_a1", Role.GRASSROOTS_CHAIR)  # only the addressed unit acts on its task
CONTROL = {
    "accounts.services.issue_api_token": ("fed_a", Role.OPERATOR),
    "study.services.create_programme": ("root", Role.NATIONAL_STAFF),  # a national programme
    **{f"directives.services.{name}": ADDRESSEE
       for name in ("acknowledge", "check_addressee", "compose_relay", "relay", "relay_many", "report_done")},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_same_call_is_not_refused_to_an_officer_of_the_province(world, name):
    """The control: the calls above are refused for who calls them, not for how they are made."""
    from lamtheo.lib.errors import ServiceError

    unit_name, role = CONTROL.get(name, ("fed_a", Role.FEDERATION_STAFF))
    unit = getattr(world.tree, unit_name)
    officer = actor_for(unit, role, user=make_user(unit, role))
    try:
        CALLS[name](officer, world)
    except NotPermitted as exc:
        pytest.fail(f"{name} refused the province's officer: {exc.message}")
    except ServiceError:
        pass  # refused for a reason of its own (a date, a state): not a permission
