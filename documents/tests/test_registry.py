"""The registry services and selectors: drafts, incoming documents read from the samples, citations
resolved by symbol, the chain up to the Party document, search and scoping."""

from dataclasses import replace
from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from documents import selectors, services
from documents.fields import Citation, DocumentFields, Recipient, Signer
from documents.models import Direction, Document, DocumentCitation, FileRole, NumberCounter, Status
from documents.reading import read_file
from documents.samples import SAMPLES
from documents.tests.samples import sample_fields
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for

# The project's own samples in the roles the seeds 002 (the report) and 003 (the plan) played.
REPORT, PLAN = SAMPLES["bao-cao-18"], SAMPLES["ke-hoach-21"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENTS_PDF_ON_ISSUE = False


def issue(unit, *, kind="ke_hoach", subject="", on=date(2026, 4, 20), number=None, citations=None, **extra):
    """An issued document of `unit`, numbered `number` when given (the counter is set just below it)."""
    actor = actor_for(unit)
    if number is not None:
        NumberCounter.objects.update_or_create(
            issuer_unit=unit, year=on.year, kind_group="", defaults={"last_number": number - 1}
        )
    fields = replace(sample_fields(kind), date=on, symbol="", number="", **extra)
    if subject:
        fields.subject = subject
    if citations is not None:
        fields.citations = citations
    draft = services.save_draft(actor, fields=fields, issuer_unit=unit)
    return services.issue_document(actor, document=draft)


def register_sample(sample, unit) -> Document:
    content = sample.content()
    fields = read_file(content, sample.filename)
    return services.register_incoming(
        actor_for(unit), fields=fields, owner_unit=unit, original_file=content, filename=sample.filename
    )


# --- drafts -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_saves_a_draft_with_its_recipients_citations_and_body(tree):
    actor = actor_for(tree.fed_a)
    fields = sample_fields("ke_hoach")
    fields.recipients.append(Recipient("Liên đoàn Lao động huyện Đông Sơn", "t/h"))
    draft = services.save_draft(actor, fields=fields, issuer_unit=tree.fed_a)

    assert (draft.status, draft.direction, draft.symbol, draft.number) == (
        Status.DRAFT,
        Direction.OUTGOING,
        "",
        None,
    )
    assert draft.owner_unit == tree.fed_a and draft.issuer_code == "LĐLĐ"
    assert draft.issuer_name == "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    back = draft.to_fields()
    assert back.sections == fields.sections
    assert (back.opening, back.closing, back.signer) == (fields.opening, fields.closing, fields.signer)
    # no citations given: the ones the text names by number are found
    assert [c.symbol for c in back.citations] == ["80/KH-TLĐ", "01-KL/TW", "05-CT/TW"]
    district = draft.recipients.get(name="Liên đoàn Lao động huyện Đông Sơn")
    assert (district.unit, district.purpose) == (tree.district_a1, "t/h")
    assert AuditEvent.objects.filter(
        model="documents.document", object_id=str(draft.pk), action="create"
    ).exists()

    fields.subject = "Tổ chức Tháng Công nhân năm 2026 (sửa)"
    services.save_draft(actor, fields=fields, issuer_unit=tree.fed_a, document=draft)
    draft.refresh_from_db()
    assert draft.subject.endswith("(sửa)")
    assert draft.recipients.count() == len(fields.recipients)


@pytest.mark.django_db
def test_a_change_of_a_drafts_recipients_is_audited(tree):
    actor = actor_for(tree.fed_a)
    fields = sample_fields("ke_hoach")
    fields.recipients[:] = [Recipient("Liên đoàn Lao động huyện Đông Sơn", "t/h")]
    draft = services.save_draft(actor, fields=fields, issuer_unit=tree.fed_a)
    fields.recipients[:] = [Recipient("Các CĐCS trực thuộc", "t/h"), Recipient("Lưu: VT", "")]
    services.save_draft(actor, fields=fields, issuer_unit=tree.fed_a, document=draft)

    event = AuditEvent.objects.filter(object_id=draft.pk, action="update").latest("pk")
    assert event.before["recipients"] == ["Liên đoàn Lao động huyện Đông Sơn (t/h)"]
    assert event.after["recipients"] == ["Các CĐCS trực thuộc (t/h)", "Lưu: VT"]


def test_it_issues_with_the_docx_stored_and_an_issue_event(tree):
    document = issue(tree.fed_a, kind="bao_cao", number=5)
    assert document.symbol == "05/BC-LĐLĐ"
    docx = document.files.get(role=FileRole.GENERATED_DOCX)
    assert docx.file.name.startswith("documents/2026/") and docx.size > 1000
    read_back = read_file(docx.file.read(), "x.docx")
    assert read_back.symbol == "05/BC-LĐLĐ"
    event = AuditEvent.objects.get(action="issue", object_id=str(document.pk))
    assert event.after["symbol"] == "05/BC-LĐLĐ" and event.unit_id == tree.fed_a.pk
    with pytest.raises(ServiceError):
        services.save_draft(
            actor_for(tree.fed_a), fields=sample_fields("bao_cao"), issuer_unit=tree.fed_a, document=document
        )


# --- incoming documents: the sample report, citations ----------------------------------------------------


@pytest.mark.django_db
def test_it_registers_the_report_and_resolves_the_plan_it_cites(tree):
    plan = issue(tree.root, kind="ke_hoach", on=date(2026, 3, 27), number=80)
    assert plan.symbol == "80/KH-TLĐ"

    report = register_sample(REPORT, tree.fed_a)

    assert (report.kind, report.symbol, report.number, report.date) == (
        "bao_cao",
        "18/BC-LĐLĐ",
        18,
        date(2026, 4, 20),
    )
    assert (report.direction, report.status, report.owner_unit) == (
        Direction.INCOMING,
        Status.REGISTERED,
        tree.fed_a,
    )
    assert report.place == "Lai Châu" and report.signer_name == "Lường Thị Mai"
    assert report.subject.startswith("Kết quả tổ chức công đoàn và phát triển đoàn viên")
    citations = {c.cited_symbol: c for c in report.citations.all()}
    assert {"80/KH-TLĐ", "127/QĐ-LĐLĐ"} <= set(citations)
    assert citations["80/KH-TLĐ"].cited == plan
    assert citations["80/KH-TLĐ"].cited_date == date(2026, 3, 27)
    assert citations["127/QĐ-LĐLĐ"].cited is None and citations["127/QĐ-LĐLĐ"].family == "state"
    original = report.files.get(role=FileRole.ORIGINAL)
    assert original.filename == REPORT.filename
    assert original.file.read() == REPORT.content()
    assert [d.pk for d in selectors.cited_by(plan, actor_for(tree.fed_a))] == [report.pk]


@pytest.mark.django_db
def test_it_resolves_a_citation_when_the_cited_document_is_registered_later(tree):
    report = register_sample(REPORT, tree.fed_a)
    pending = report.citations.get(cited_symbol="80/KH-TLĐ")
    assert pending.cited is None

    plan = issue(tree.root, kind="ke_hoach", on=date(2026, 3, 27), number=80)

    pending.refresh_from_db()
    assert pending.cited == plan
    relinked = AuditEvent.objects.get(object_id=str(report.pk), action="update")
    assert relinked.after == {"cited": "80/KH-TLĐ", "cited_id": plan.pk}


@pytest.mark.django_db
def test_it_does_not_resolve_a_symbol_of_another_date(tree):
    # every provincial federation numbers its own 18/BC-LĐLĐ: the date tells them apart
    older = issue(tree.fed_b, kind="bao_cao", on=date(2025, 4, 2), number=18)
    assert older.symbol == "18/BC-LĐLĐ"
    fields = replace(
        sample_fields("ke_hoach"),
        citations=[Citation(symbol="18/BC-LĐLĐ", date=date(2026, 4, 20), family="state")],
    )
    draft = services.save_draft(actor_for(tree.fed_a), fields=fields, issuer_unit=tree.fed_a)
    assert draft.citations.get().cited is None
    newer = register_sample(REPORT, tree.fed_a)
    assert draft.citations.get().cited == newer


@pytest.mark.django_db
def test_it_refuses_to_register_the_same_document_twice(tree):
    register_sample(REPORT, tree.fed_a)
    with pytest.raises(ServiceError, match="đã có trong sổ"):
        register_sample(REPORT, tree.fed_a)
    assert Document.objects.filter(symbol="18/BC-LĐLĐ").count() == 1


@pytest.mark.django_db
def test_it_refuses_to_register_for_a_unit_outside_the_actor_scope(tree):
    with pytest.raises(ServiceError):
        services.register_incoming(
            actor_for(tree.fed_b),
            fields=read_file(REPORT.content(), REPORT.filename),
            owner_unit=tree.fed_a,
            original_file=None,
        )
    assert not Document.objects.exists()


# --- the chain up to the Party document ---------------------------------------------------------


@pytest.mark.django_db
def test_it_follows_a_plan_up_to_the_party_conclusion_it_implements(tree):
    plan = register_sample(PLAN, tree.fed_a)
    assert plan.kind == "ke_hoach"
    chain = selectors.chain_up(plan, SYSTEM)
    assert [step.symbol for step in chain] == ["01-KL/TW"]
    assert chain[0].is_party and chain[0].document is None
    assert chain[0].date == date(2021, 5, 18)
    assert chain[0].label == "Kết luận số 01-KL/TW ngày 18/05/2021"


@pytest.mark.django_db
def test_it_climbs_through_the_confederation_plan_to_the_party_document(tree):
    party = Citation(symbol="01-KL/TW", kind="ket_luan", date=date(2021, 5, 18), family="party")
    law = Citation(symbol="50/2024/QH15", family="legal")
    plan = issue(tree.root, kind="ke_hoach", on=date(2026, 3, 27), number=80, citations=[law, party])
    guidance = issue(
        tree.fed_a,
        kind="huong_dan",
        on=date(2026, 4, 2),
        citations=[
            Citation(symbol="80/KH-TLĐ", kind="ke_hoach", date=date(2026, 3, 27), family="state"),
            Citation(symbol="05-CT/TW", kind="chi_thi", family="party"),
        ],
    )

    chain = selectors.chain_up(guidance, SYSTEM)

    assert [s.symbol for s in chain] == ["80/KH-TLĐ", "01-KL/TW"]
    assert chain[0].document == plan
    assert chain[1].is_party


@pytest.mark.django_db
def test_it_stops_at_a_cycle(tree):
    first = issue(tree.fed_a, kind="ke_hoach", on=date(2026, 2, 1), opening="Ban Thường vụ triển khai:")
    assert not first.citations.exists()
    second = issue(
        tree.fed_a,
        kind="huong_dan",
        on=date(2026, 2, 2),
        citations=[Citation(symbol=first.symbol, date=first.date, family="state")],
    )
    DocumentCitation.objects.create(citing=first, cited=second, cited_symbol=second.symbol, family="state")

    chain = selectors.chain_up(second, SYSTEM)

    assert [s.symbol for s in chain] == [first.symbol, second.symbol]
    assert chain[-1].cycle


@pytest.mark.django_db
def test_it_hides_a_cited_document_the_actor_cannot_open(tree):
    plan_b = issue(tree.fed_b, kind="ke_hoach", on=date(2026, 2, 1))
    cites_b = issue(
        tree.fed_a,
        kind="bao_cao",
        on=date(2026, 2, 2),
        citations=[Citation(symbol=plan_b.symbol, date=plan_b.date, family="state")],
    )
    assert cites_b.citations.get().cited == plan_b
    seen_by_a = selectors.cites(cites_b, actor_for(tree.fed_a))
    assert seen_by_a[0].cited is None and seen_by_a[0].cited_symbol == plan_b.symbol
    assert selectors.cited_by(plan_b, actor_for(tree.fed_b)) == []


# --- search and scoping -------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_searches_accent_insensitively(tree):
    study = issue(
        tree.fed_a, kind="ke_hoach", subject="Kế hoạch học tập chuyên đề năm 2026", on=date(2026, 1, 5)
    )
    other = issue(tree.fed_a, kind="bao_cao", subject="Kết quả Tháng Công nhân", on=date(2026, 6, 1))
    actor = actor_for(tree.fed_a)

    assert list(selectors.search_documents(actor, "ke hoach hoc tap")) == [study]
    assert list(selectors.search_documents(actor, "HỌC TẬP")) == [study]
    assert list(selectors.search_documents(actor, "thang cong nhan")) == [other]
    assert list(selectors.search_documents(actor, other.symbol)) == [other]
    assert list(selectors.search_documents(actor, "01 /KH - LĐLĐ")) == [study]
    assert list(selectors.search_documents(actor, kind="bao_cao")) == [other]
    assert list(selectors.search_documents(actor, date_from=date(2026, 3, 1))) == [other]
    assert list(selectors.search_documents(actor, date_to=date(2026, 3, 1))) == [study]
    assert list(selectors.search_documents(actor, issuer="an hoa")) == [other, study]
    assert list(selectors.search_documents(actor, issuer="Bình Sơn")) == []
    assert list(selectors.search_documents(actor, "ke hoach hoc tap cong nhan")) == []


@pytest.mark.django_db
def test_it_scopes_documents_to_the_subtree_and_to_recipients(tree):
    a_plan = issue(tree.fed_a, kind="ke_hoach")
    b_actor, a1_actor = actor_for(tree.fed_b), actor_for(tree.cdcs_a1, role=Role.GRASSROOTS_CHAIR)

    assert list(Document.objects.visible_to(actor_for(tree.root))) == [a_plan]
    assert not Document.objects.visible_to(b_actor).exists()
    assert list(selectors.search_documents(b_actor, "")) == []
    assert not Document.objects.visible_to(a1_actor).exists()  # above a1, not addressed to it

    # addressed to a CĐCS: visible to it once issued, never as a draft; it still cannot change it
    fields = replace(sample_fields("cong_van"), recipients=[Recipient("Công đoàn Trường Tiểu học Đông Sơn")])
    letter = services.save_draft(
        actor_for(tree.fed_a), fields=fields, issuer_unit=tree.fed_a, drafting_code="TGNC"
    )
    assert not Document.objects.visible_to(a1_actor).filter(pk=letter.pk).exists()
    services.issue_document(actor_for(tree.fed_a), document=letter)
    assert Document.objects.visible_to(a1_actor).filter(pk=letter.pk).exists()
    assert not selectors.can_edit(a1_actor, letter)
    with pytest.raises(ServiceError):
        services.withdraw_document(a1_actor, document=letter)


@pytest.mark.django_db
def test_it_withdraws_and_archives_with_audit_events(tree):
    actor = actor_for(tree.fed_a)
    document = issue(tree.fed_a, kind="thong_bao")
    services.withdraw_document(actor, document=document, reason="Ban hành nhầm")
    document.refresh_from_db()
    assert document.status == Status.WITHDRAWN and document.number == 1
    assert AuditEvent.objects.filter(object_id=str(document.pk), summary__contains="Ban hành nhầm").exists()

    services.archive_document(actor, document=document)
    assert not selectors.search_documents(actor, "").exists()
    assert list(selectors.search_documents(actor, "", archived=True)) == [document]
    assert AuditEvent.objects.filter(object_id=str(document.pk), action="archive").exists()
    # the number is not given again
    assert issue(tree.fed_a, kind="thong_bao").number == 2

    services.restore_document(actor, document=document)
    assert selectors.search_documents(actor, "").filter(pk=document.pk).exists()


@pytest.mark.django_db
def test_it_keeps_what_the_reader_could_not_settle_as_warnings(tree):
    fields = DocumentFields(
        kind="cong_van",
        symbol="299/CĐCT – TGNC",
        subject="đẩy mạnh thực hiện Kết luận số 01-KL/TW",
        signer=Signer("", "PHÓ CHỦ TỊCH", "Lê Thị Đức"),
        warnings=["Ký hiệu có dấu cách quanh dấu gạch"],
    )
    document = services.register_incoming(
        actor_for(tree.fed_a), fields=fields, owner_unit=tree.fed_a, original_file=None
    )
    assert (document.symbol, document.number, document.issuer_code) == ("299/CĐCT-TGNC", 299, "CĐCT")
    assert document.warnings == ["Ký hiệu có dấu cách quanh dấu gạch"]
    assert document.date is None


@pytest.mark.django_db
def test_a_stored_pdf_is_audited(tree, monkeypatch):
    from documents import pdf

    monkeypatch.setattr(pdf, "soffice_available", lambda: True)
    monkeypatch.setattr(pdf, "convert_to_pdf", lambda docx: b"%PDF-1.4 made")
    document = issue(tree.fed_a, kind="bao_cao")
    stored = services.ensure_pdf(actor_for(tree.fed_a), document=document)
    assert stored is not None and stored.role == FileRole.GENERATED_PDF
    event = AuditEvent.objects.get(object_id=str(document.pk), action="update")
    assert event.after["file"] == stored.filename and event.summary.startswith("Lưu bản PDF")
