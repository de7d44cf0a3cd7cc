"""Every page, walked as a user of another subtree, gives nothing of that subtree back.

The catalog below must name every URL of the product: a new page fails `test_the_catalog_covers_every_page`
until it is added here, so scoping can't be forgotten. The API has its own walk (test_api_scoping.py).
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import get_resolver, reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from directives.models import TaskAssignment
from directives.services import assign_from_document
from directives.tests.helpers import federation_letter
from documents.models import DocumentFile
from lamtheo.testing import actor_for, make_user
from members.services import assign_officer_role, create_member
from members.transfers import release_member

# Pages that need no scoping: they show nothing of any unit.
UNSCOPED = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:switch_unit",
    # The import wizard shows only the actor's own upload; rows naming units outside the actor's
    # subtree are refused by the importers (members/tests/test_import_members.py).
    "imports:index",
    "imports:start",
    "imports:preview",
    "imports:save",
    "imports:cancel",
    "imports:result",
    "imports:template",
    "imports:error_file",
    "documents:document_compose",
    "documents:document_upload",
}
# Walked by lamtheo/tests/test_api_scoping.py.
API_NAMESPACE = "api"


@dataclass
class World:
    tree: object
    document: object
    directive: object
    assignment: object
    file: object
    role: object
    transfer: object
    job: object
    study: dict


@pytest.fixture
def world(tree):
    _civil, fed, document = federation_letter(tree)
    from documents.fields import Task

    directive = assign_from_document(fed, document=document, tasks=[Task(text="Tuyên truyền Kết luận 01")])
    assignment = TaskAssignment.objects.filter(task__directive=directive).first()
    file = DocumentFile.objects.filter(document=document).first()
    role = assign_officer_role(
        SYSTEM, member=tree.member_a1, unit=tree.cdcs_a1, kind="chair", on=date(2024, 1, 1)
    )
    leaving = create_member(
        SYSTEM, unit=tree.cdcs_a1, full_name="Phạm Văn Chuyển", data={}, on=date(2020, 1, 1)
    )
    transfer = release_member(SYSTEM, member=leaving, to_unit=tree.cdcs_a2, on=date(2024, 1, 1), reason="Chuyển",
                              decision_ref="1/QĐ")  # fmt: skip
    from members.exporting import start_export
    from members.selectors import MemberFilters

    exporter = actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=make_user(tree.fed_a, username="xuat-a"))
    job = start_export(exporter, MemberFilters())  # the test task backend runs it at once
    return World(tree, document, directive, assignment, file, role, transfer, job, _study(tree))


def _study(tree) -> dict:
    from study import services as study

    topic = study.create_topic(SYSTEM, issuer_unit=tree.fed_a, scope="year", year=2024, title="Chuyên đề An Hòa",
                               items=["Nội dung một"], valid_from=date(2024, 1, 1))  # fmt: skip
    event = study.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt chuyên đề An Hòa",
                               held_on=date(2024, 5, 10), topic=topic, items=list(topic.items.all()))  # fmt: skip
    study.create_outreach_item(
        SYSTEM, unit=tree.cdcs_a1, channel="news", on=date(2024, 5, 10), title="Tin An Hòa"
    )
    study.create_training_course(SYSTEM, unit=tree.fed_a, title="Lớp tập huấn An Hòa", on=date(2024, 5, 10),
                                 ends_on=date(2024, 5, 11))  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = study.add_attachment(
        SYSTEM, event=event, upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")
    )
    from study import selfstudy
    from study.tests.conftest import member_actor

    material = selfstudy.publish_material(
        SYSTEM, unit=tree.cdcs_a1, item=topic.items.first(), title="Tự học An Hòa", body="Tài liệu",
        quiz="Câu hỏi?\n* Đúng\n- Sai",
    )  # fmt: skip
    attempt = selfstudy.start_attempt(member_actor(tree.cdcs_a1, tree.member_a1), material=material)
    return {
        "topic": topic,
        "event": event,
        "attachment": attachment,
        "material": material,
        "attempt": attempt,
    }


def catalog(w: World) -> dict[str, list]:
    """URL name → args pointing at province A's records."""
    t = w.tree
    unit, member, doc = t.cdcs_a1.pk, t.member_a1.pk, w.document.pk
    pages: dict[str, list] = {name: [unit] for name in (
        "org:unit_detail", "org:unit_edit", "org:unit_create_child", "org:unit_move", "org:unit_rename",
        "org:unit_merge", "org:unit_split", "org:unit_dissolve",
    )}  # fmt: skip
    pages["org:tree_children"] = [t.district_a1.pk]
    pages["members:waiting_list"] = [t.district_a1.pk]
    for name in ("member_detail", "member_edit", "member_transfer", "member_archive", "member_restore"):
        pages[f"members:{name}"] = [member]
    for name in ("document_detail", "document_edit", "document_preview", "document_issue", "document_attach_scan",
                 "document_withdraw", "document_archive", "document_restore"):  # fmt: skip
        pages[f"documents:{name}"] = [doc]
    pages["documents:document_download"] = [doc, "docx"]
    pages["documents:document_file"] = [doc, w.file.pk]
    pages["documents:document_register"] = ["khong-co-token"]
    pages["members:unit_officers"] = [unit]
    pages["members:officer_end"] = [w.role.pk]
    pages["members:transfer_release"] = [member]
    for name in ("transfer_letter", "transfer_accept", "transfer_cancel"):
        pages[f"members:{name}"] = [w.transfer.pk]
    pages["directives:assign"] = [doc]
    pages["directives:document_progress"] = [doc]
    for name in ("progress", "progress_export", "progress_remind"):
        pages[f"directives:{name}"] = [w.directive.pk]
    pages["indicators:records"] = [t.fed_a.pk, "members_by_sector"]
    pages["directives:relay_compose_document"] = [doc]
    pages["documents:entry_update"] = [w.document.incoming_entries.get(unit=t.district_a1).pk]
    for name in ("acknowledge", "relay", "relay_compose", "report_done", "remind", "return_report"):
        pages[f"directives:{name}"] = [w.assignment.pk]
    for name in ("detail", "progress", "download"):
        pages[f"jobs:{name}"] = [w.job.pk]
    from study.selectors import check_in_code

    pages["study:event_detail"] = [w.study["event"].pk]
    pages["study:event_delete"] = [w.study["event"].pk]
    pages["study:attachment_upload"] = [w.study["event"].pk]
    pages["study:attachment_download"] = [w.study["event"].pk, w.study["attachment"].pk]
    pages["study:check_in"] = [check_in_code(w.study["event"])]
    pages["study:topic_detail"] = [w.study["topic"].pk]
    pages["study:schedule_from_document"] = [doc]
    pages["selfstudy:material"] = [w.study["material"].pk]
    pages["selfstudy:start"] = [w.study["material"].pk]
    pages["selfstudy:attempt"] = [w.study["attempt"].pk]
    return pages


LISTS = [
    "jobs:list",
    "home",
    "org:tree",
    "org:unit_list",
    "org:unit_export",
    "org:unit_search",
    "members:member_list",
    "members:member_export",
    "members:transfer_list",
    "audit:event_list",
    "documents:document_list",
    "documents:incoming_book",
    "directives:task_list",
    "indicators:figures",
    "study:event_list",
    "study:event_export",
    "study:event_create",
    "study:topic_list",
    "study:coverage",
    "study:outreach_list",
    "study:course_list",
    "selfstudy:material_list",
    "selfstudy:material_new",
]


def markers(w: World) -> list[str]:
    t = w.tree
    return [
        t.fed_a.name, t.district_a1.name, t.cdcs_a1.name, t.cdcs_a2.name, t.member_a1.full_name,
        t.member_a2.full_name, t.member_a1.id_number, w.document.subject, w.document.symbol,
        w.transfer.member.full_name, "Chuyên đề An Hòa", "Sinh hoạt chuyên đề An Hòa", "Tin An Hòa",
        "Lớp tập huấn An Hòa", "Tự học An Hòa",
    ]  # fmt: skip


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, ns=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace in ("admin", API_NAMESPACE):
                    continue
                walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif p.name:
                names.add(ns + p.name)

    walk(get_resolver().url_patterns)
    return names


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an .xlsx export
        import io

        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return "\n".join(
            " ".join(str(c) for c in row)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
        )
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def outsider(client, world):
    client.force_login(make_user(world.tree.fed_b, Role.FEDERATION_STAFF, username="tinh-b"))
    return client


def test_the_catalog_covers_every_page(world):
    covered = set(catalog(world)) | set(LISTS) | UNSCOPED
    assert all_url_names() - covered == set()


def test_every_object_page_is_404_or_403_for_another_subtree(outsider, world):
    failures = []
    for name, args in catalog(world).items():
        url = reverse(name, args=args)
        for method in ("get", "post"):
            response = getattr(outsider, method)(url, {"confirm": "1"} if method == "post" else None)
            if response.status_code not in (403, 404, 405):
                failures.append(f"{method.upper()} {url} → {response.status_code}")
    assert failures == []
    # And nothing changed: the unit, member and document are as they were.
    world.tree.cdcs_a1.refresh_from_db()
    assert world.tree.cdcs_a1.valid_to.year == 9999
    world.document.refresh_from_db()
    assert world.document.status == "issued"


def test_every_list_shows_nothing_of_another_subtree(outsider, world):
    leaks = []
    for name in LISTS:
        response = outsider.get(reverse(name))
        body = text_of(response) if response.status_code == 200 else ""
        leaks += [f"{name}: {m}" for m in markers(world) if m and m in body]
    assert leaks == []


def test_the_lists_do_show_the_records_to_their_own_province(client, world):
    """The positive control: without it, an empty page would pass the test above."""
    client.force_login(make_user(world.tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    assert world.tree.member_a1.full_name in text_of(client.get(reverse("members:member_list")))
    assert world.document.symbol in text_of(client.get(reverse("documents:document_list")))
    assert world.tree.district_a1.name in text_of(client.get(reverse("org:tree")))
    assert "Sinh hoạt chuyên đề An Hòa" in text_of(client.get(reverse("study:event_list")))
    assert "Tin An Hòa" in text_of(client.get(reverse("study:outreach_list")))
    assert "Lớp tập huấn An Hòa" in text_of(client.get(reverse("study:course_list")))
    assert "Chuyên đề An Hòa" in text_of(client.get(reverse("study:topic_list")))
    assert world.tree.cdcs_a1.name in text_of(client.get(reverse("study:coverage")))


def test_personal_fields_are_hidden_from_an_inspector_of_the_same_unit(client, world):
    member = world.tree.member_a1
    client.force_login(make_user(world.tree.cdcs_a1, Role.INSPECTOR, username="kiem-tra-a1"))
    for url in (reverse("members:member_list"), reverse("members:member_detail", args=[member.pk])):
        body = text_of(client.get(url))
        assert member.full_name in body
        assert member.id_number not in body
        assert member.phone not in body
        assert member.birth_date.strftime("%d/%m/%Y") not in body


def test_a_member_cannot_find_someone_by_their_id_number(client, world):
    member = world.tree.member_a1
    client.force_login(make_user(world.tree.cdcs_a1, Role.MEMBER, username="tim-cccd"))
    body = text_of(client.get(reverse("members:member_list"), {"q": member.id_number}))
    assert member.full_name not in body
    client.force_login(make_user(world.tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1"))
    body = text_of(client.get(reverse("members:member_list"), {"q": member.id_number}))
    assert member.full_name in body
