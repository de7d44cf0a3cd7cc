"""The registry pages: list and search, detail, compose → preview → issue → download, upload → confirm →
register, and scoping of pages and files."""

from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from accounts.models import Role
from documents import services
from documents.fields import Section
from documents.forms import body_text, parse_body, parse_recipients
from documents.models import Document, DocumentFile, FileRole, Status
from documents.pdf import soffice_available
from documents.reading import read_file
from documents.samples import SAMPLES
from documents.tests.samples import sample_fields
from lamtheo.testing import actor_for, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENTS_PDF_ON_ISSUE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, unit, role=Role.FEDERATION_STAFF):
    user = make_user(unit, role)
    client.force_login(user)
    return user


def issued(unit, kind="ke_hoach", **changes) -> Document:
    actor = actor_for(unit)
    fields = replace(sample_fields(kind), symbol="", number="", **changes)
    draft = services.save_draft(actor, fields=fields, issuer_unit=unit, drafting_code="TGNC")
    return services.issue_document(actor, document=draft)


COMPOSE_POST = {
    "kind": "ke_hoach",
    "subject": "Tổ chức học tập chuyên đề năm 2026",
    "date": "2026-01-05",
    "place": "An Hòa",
    "addressees": "",
    "opening": "Thực hiện Kế hoạch số 80/KH-TLĐ ngày 27/3/2026 của Tổng Liên đoàn Lao động Việt Nam, "
    "Ban Thường vụ Liên đoàn Lao động tỉnh xây dựng kế hoạch như sau:",
    "body": "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức của đoàn viên.\n"
    "1.1. Năm 2026\na) Quý I\nHọc tập nội dung (1) và (4).\n2. Yêu cầu\nThiết thực, tránh hình thức.\n"
    "II. NỘI DUNG\nCác công đoàn cơ sở tổ chức học tập theo Kết luận số 01-KL/TW.",
    "closing": "Trên đây là Kế hoạch học tập chuyên đề năm 2026.",
    "recipients": "Tổng LĐLĐ Việt Nam (b/c)\n- Các LĐLĐ huyện (để t/h);\nLưu: VT, Ban TG-NC.",
    "citations": "Chỉ thị số 05-CT/TW ngày 15/5/2016",
    "signer_authority": "tm. ban thường vụ",
    "signer_title": "Phó Chủ tịch",
    "signer_name": "Lò Thị Hằng",
    "drafting_code": "",
}


# --- the body syntax ----------------------------------------------------------------------------


def test_it_parses_heading_lines_into_sections():
    before, sections = parse_body("Mở đầu.\n" + COMPOSE_POST["body"])
    assert before == ["Mở đầu."]
    assert [(s.level, s.number, s.title) for s in sections] == [
        (1, "I", "MỤC ĐÍCH, YÊU CẦU"),
        (1, "II", "NỘI DUNG"),
    ]
    first = sections[0]
    assert [(c.number, c.title) for c in first.children] == [("1", "Mục đích"), ("2", "Yêu cầu")]
    assert first.children[0].paragraphs == ["Nâng cao nhận thức của đoàn viên."]
    sub = first.children[0].children[0]
    assert (sub.level, sub.number, sub.title) == (3, "1.1", "Năm 2026")
    assert (sub.children[0].level, sub.children[0].number, sub.children[0].paragraphs) == (
        4,
        "a",
        ["Học tập nội dung (1) và (4)."],
    )
    assert parse_body(body_text(sections)) == ([], sections)


def test_it_parses_recipient_lines_with_their_purpose():
    recipients = parse_recipients(COMPOSE_POST["recipients"])
    assert [(r.name, r.purpose) for r in recipients] == [
        ("Tổng LĐLĐ Việt Nam", "b/c"),
        ("Các LĐLĐ huyện", "t/h"),
        ("Lưu: VT, Ban TG-NC", ""),
    ]


# --- compose → preview → issue → download -------------------------------------------------------


@pytest.mark.django_db
def test_it_composes_previews_issues_and_downloads_a_plan(client, tree):
    login(client, tree.fed_a)
    assert client.get(reverse("documents:document_compose")).status_code == 200

    response = client.post(reverse("documents:document_compose"), COMPOSE_POST)

    draft = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:document_preview", args=[draft.pk]
    )
    assert (draft.status, draft.date, draft.signer_authority, draft.signer_title) == (
        Status.DRAFT,
        date(2026, 1, 5),
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
    )
    assert [s.title for s in draft.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG"]
    assert isinstance(draft.sections[0].children[0], Section)
    assert {c.cited_symbol for c in draft.citations.all()} == {"80/KH-TLĐ", "01-KL/TW", "05-CT/TW"}
    assert [(r.name, r.purpose) for r in draft.recipients.all()][:2] == [
        ("Tổng LĐLĐ Việt Nam", "b/c"),
        ("Các LĐLĐ huyện", "t/h"),
    ]

    preview = client.get(reverse("documents:document_preview", args=[draft.pk]))
    assert preview.status_code == 200
    assert "An Hòa, ngày 05 tháng 01 năm 2026" in preview.content.decode()
    assert (
        '<span class="d-inline-block border border-dark fw-bold px-2 draft-mark">DỰ THẢO</span>'
        in preview.content.decode()
    )
    draft_docx = client.get(reverse("documents:document_download", args=[draft.pk, "docx"]))
    assert draft_docx.status_code == 200
    assert read_file(b"".join(draft_docx.streaming_content), "x.docx").subject == COMPOSE_POST["subject"]

    confirm = client.get(reverse("documents:document_issue", args=[draft.pk]))
    assert "Xác nhận ban hành" in confirm.content.decode()
    client.post(reverse("documents:document_issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.symbol) == (Status.ISSUED, "01/KH-LĐLĐ")

    assert (
        "draft-mark"
        not in client.get(reverse("documents:document_preview", args=[draft.pk])).content.decode()
    )
    download = client.get(reverse("documents:document_download", args=[draft.pk, "docx"]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    read_back = read_file(b"".join(download.streaming_content), "x.docx")
    assert (read_back.symbol, read_back.date, read_back.kind) == ("01/KH-LĐLĐ", date(2026, 1, 5), "ke_hoach")

    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "01/KH-LĐLĐ" in detail and "Tổng LĐLĐ Việt Nam" in detail and "80/KH-TLĐ" in detail


@pytest.mark.django_db
def test_it_keeps_the_compose_form_with_errors(client, tree):
    login(client, tree.fed_a)
    response = client.post(reverse("documents:document_compose"), {**COMPOSE_POST, "kind": "cong_van"})
    assert response.status_code == 200
    assert "Công văn cần chữ viết tắt" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_it_edits_a_draft_but_not_an_issued_document(client, tree):
    login(client, tree.fed_a)
    client.post(reverse("documents:document_compose"), COMPOSE_POST)
    draft = Document.objects.get()
    edit_url = reverse("documents:document_edit", args=[draft.pk])
    form = client.get(edit_url).context["form"]
    assert form.initial["body"].startswith("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích")
    client.post(edit_url, {**COMPOSE_POST, "subject": "Học tập chuyên đề năm 2026 (sửa)"})
    draft.refresh_from_db()
    assert draft.subject == "Học tập chuyên đề năm 2026 (sửa)"
    services.issue_document(actor_for(tree.fed_a), document=draft)
    assert client.get(edit_url).status_code == 302


@pytest.mark.django_db
def test_it_shows_the_assign_link_for_an_issued_directive(client, tree):
    login(client, tree.fed_a)
    plan = issued(tree.fed_a, "ke_hoach")
    report = issued(tree.fed_a, "bao_cao")
    try:
        expected = reverse("directives:assign", args=[plan.pk])
    except NoReverseMatch:
        expected = None
    assert client.get(plan.get_absolute_url()).context["assign_url"] == expected
    assert client.get(report.get_absolute_url()).context["assign_url"] is None
    if expected:
        assert "Giao nhiệm vụ cho đơn vị trực thuộc" in client.get(plan.get_absolute_url()).content.decode()


# --- upload → confirm → register ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_registers_an_uploaded_report_after_confirmation(client, tree):
    login(client, tree.fed_a)
    sample = SAMPLES["bao-cao-18"]
    upload = SimpleUploadedFile(sample.filename, sample.content())

    response = client.post(reverse("documents:document_upload"), {"file": upload})

    assert response.status_code == 302
    page = client.get(response["Location"])
    form = page.context["form"]
    assert form.initial["symbol"] == "18/BC-LĐLĐ" and form.initial["kind"] == "bao_cao"
    assert form.initial["date"] == date(2026, 4, 20)
    assert "80/KH-TLĐ" in form.initial["citations"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["date"] = "2026-04-20"
    data["subject"] = data["subject"] + " (đã kiểm tra)"

    done = client.post(response["Location"], data)

    document = Document.objects.get()
    assert done["Location"] == document.get_absolute_url()
    assert (document.symbol, document.status, document.owner_unit) == (
        "18/BC-LĐLĐ",
        Status.REGISTERED,
        tree.fed_a,
    )
    assert document.subject.endswith("(đã kiểm tra)")
    assert "80/KH-TLĐ" in set(document.citations.values_list("cited_symbol", flat=True))
    assert document.files.get(role=FileRole.ORIGINAL).file.read() == sample.content()
    assert client.get(response["Location"]).status_code == 404  # the upload was used up


@pytest.mark.django_db
def test_the_register_page_lists_what_the_reader_could_not_read(client, tree):
    login(client, tree.fed_a)
    sample = SAMPLES["pdf-text-layer"]
    upload = SimpleUploadedFile(sample.filename, sample.content(), content_type="text/plain")
    response = client.post(reverse("documents:document_upload"), {"file": upload})
    page = client.get(response["Location"])
    assert page.context["form"].initial["symbol"] == "09/KH-LĐLĐ"
    assert any("số trang" in w for w in page.context["warnings"])  # "Trang 1/2" dropped, and said so


@pytest.mark.django_db
def test_it_rejects_an_upload_token_of_another_session(client, tree):
    login(client, tree.fed_a)
    url = reverse("documents:document_register", args=["0" * 32])
    assert client.get(url).status_code == 404


# --- scoping and permissions --------------------------------------------------------------------


@pytest.mark.django_db
def test_it_hides_another_province_documents_and_files(client, tree):
    plan = issued(tree.fed_a, "ke_hoach")
    stored = plan.files.get(role=FileRole.GENERATED_DOCX)
    login(client, tree.fed_b)

    assert plan.symbol not in client.get(reverse("documents:document_list")).content.decode()
    for url in (
        plan.get_absolute_url(),
        reverse("documents:document_preview", args=[plan.pk]),
        reverse("documents:document_file", args=[plan.pk, stored.pk]),
        reverse("documents:document_download", args=[plan.pk, "docx"]),
        reverse("documents:document_download", args=[plan.pk, "pdf"]),
        reverse("documents:document_edit", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("documents:document_withdraw", args=[plan.pk])).status_code == 404
    plan.refresh_from_db()
    assert plan.status == Status.ISSUED


@pytest.mark.django_db
def test_it_does_not_serve_a_file_through_another_document(client, tree):
    mine = issued(tree.fed_a, "ke_hoach")
    theirs = issued(tree.fed_b, "ke_hoach")
    login(client, tree.fed_a)
    other_file = theirs.files.get()
    assert client.get(reverse("documents:document_file", args=[mine.pk, other_file.pk])).status_code == 404
    own = client.get(reverse("documents:document_file", args=[mine.pk, mine.files.get().pk]))
    assert own.status_code == 200


@pytest.mark.django_db
def test_it_lets_members_read_but_not_write(client, tree):
    login(client, tree.fed_a, role=Role.MEMBER)
    assert client.get(reverse("documents:document_list")).status_code == 200
    assert client.get(reverse("documents:document_compose")).status_code == 403
    assert client.get(reverse("documents:document_upload")).status_code == 403


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lists_searches_and_pages_the_registry(client, tree, django_assert_max_num_queries):
    study = issued(tree.fed_a, "ke_hoach", subject="Kế hoạch học tập chuyên đề năm 2026")
    for i in range(30):
        Document.objects.create(
            kind="bao_cao",
            status=Status.REGISTERED,
            direction="incoming",
            symbol=f"{i + 1:02d}/BC-TLĐ",
            subject=f"Báo cáo tháng {i}",
            search_text=f"{i + 1:02d}/bc-tld bao cao thang {i}",
            owner_unit=tree.fed_a,
            date=date(2026, 1, 1),
        )
    login(client, tree.fed_a)
    url = reverse("documents:document_list")

    with django_assert_max_num_queries(12):
        first = client.get(url)
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 31
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 6

    found = client.get(url, {"q": "ke hoach hoc tap"})
    assert list(found.context["page"].object_list) == [study]
    assert "Kế hoạch học tập chuyên đề năm 2026" in found.content.decode()
    assert client.get(url, {"direction": "incoming"}).context["page"].paginator.count == 30
    assert (
        client.get(url, {"kind": "ke_hoach", "date_from": "2026-04-01"}).context["page"].paginator.count == 1
    )
    # The pager keeps the filters (lists/_pagination.html).
    assert "?direction=incoming&amp;page=2" in client.get(url, {"direction": "incoming"}).content.decode()


# --- PDF ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not installed")
def test_it_downloads_the_pdf_of_an_issued_document(client, tree):
    login(client, tree.fed_a)
    plan = issued(tree.fed_a, "ke_hoach")
    response = client.get(reverse("documents:document_download", args=[plan.pk, "pdf"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(BytesIO(content)).pages[0].extract_text()
    assert "KẾ HOẠCH" in text
    assert DocumentFile.objects.filter(document=plan, role=FileRole.GENERATED_PDF).count() == 1


@pytest.mark.django_db
def test_an_upload_is_read_once_and_not_again_on_the_register_page(client, tree, monkeypatch):
    from documents import views

    calls = []
    real = views.read_file
    monkeypatch.setattr(views, "read_file", lambda *a, **k: calls.append(1) or real(*a, **k))
    login(client, tree.fed_a)
    sample = SAMPLES["pdf-text-layer"]
    response = client.post(
        reverse("documents:document_upload"), {"file": SimpleUploadedFile(sample.filename, sample.content())}
    )
    client.get(response["Location"])
    client.post(response["Location"], {"kind": ""})  # an invalid post re-renders the form
    assert calls == [1]


@pytest.mark.django_db
def test_a_broken_upload_is_refused_on_the_upload_page_in_vietnamese(client, tree):
    login(client, tree.fed_a)
    upload = SimpleUploadedFile("hong.docx", b"PK\x03\x04" + b"x" * 100)
    page = client.post(reverse("documents:document_upload"), {"file": upload})
    assert page.status_code == 200
    (error,) = page.context["form"].errors["file"]
    assert error.startswith("Không đọc được tệp “hong.docx”: tệp .docx bị hỏng")
