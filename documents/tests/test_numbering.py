"""Numbers of outgoing documents (DOMAIN.md §1.3): per issuer, per calendar year, from 01, never
reused, never skipped by a failed save."""

import threading
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection, connections

from accounts.models import Role
from documents import services
from documents.models import Document, NumberCounter, Status
from documents.tests.samples import sample_fields
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for, build_small_tree


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENTS_PDF_ON_ISSUE = False


def _draft(actor, unit, kind="bao_cao", on=date(2026, 4, 20), drafting_code=""):
    fields = replace(sample_fields(kind), date=on, symbol="", number="")
    return services.save_draft(actor, fields=fields, issuer_unit=unit, drafting_code=drafting_code)


def _issue(actor, unit, **kwargs) -> Document:
    return services.issue_document(actor, document=_draft(actor, unit, **kwargs))


@pytest.mark.django_db
def test_it_numbers_sequentially_per_issuer_with_a_leading_zero(tree):
    actor = actor_for(tree.fed_a)
    symbols = [_issue(actor, tree.fed_a).symbol for _ in range(5)]
    assert symbols == ["01/BC-LĐLĐ", "02/BC-LĐLĐ", "03/BC-LĐLĐ", "04/BC-LĐLĐ", "05/BC-LĐLĐ"]
    plan = _issue(actor, tree.fed_a, kind="ke_hoach")
    assert (plan.number, plan.symbol, plan.status) == (6, "06/KH-LĐLĐ", Status.ISSUED)
    assert NumberCounter.objects.get(issuer_unit=tree.fed_a, year=2026).last_number == 6


@pytest.mark.django_db
def test_it_numbers_past_nine_without_padding(tree):
    actor = actor_for(tree.fed_a)
    NumberCounter.objects.create(issuer_unit=tree.fed_a, year=2026, last_number=9)
    assert _issue(actor, tree.fed_a).symbol == "10/BC-LĐLĐ"


@pytest.mark.django_db
def test_it_writes_a_letter_symbol_with_the_drafting_unit(tree):
    actor = actor_for(tree.fed_a)
    letter = _issue(actor, tree.fed_a, kind="cong_van", drafting_code="TGNC")
    assert letter.symbol == "01/LĐLĐ-TGNC"


@pytest.mark.django_db
def test_it_restarts_numbering_on_the_first_of_january(tree):
    actor = actor_for(tree.fed_a)
    assert _issue(actor, tree.fed_a, on=date(2025, 12, 30)).number == 1
    assert _issue(actor, tree.fed_a, on=date(2025, 12, 31)).number == 2
    first_of_year = _issue(actor, tree.fed_a, on=date(2026, 1, 1))
    assert (first_of_year.number, first_of_year.symbol) == (1, "01/BC-LĐLĐ")
    # a late 2025 document still takes the 2025 counter
    assert _issue(actor, tree.fed_a, on=date(2025, 12, 31)).number == 3


@pytest.mark.django_db
def test_it_keeps_a_counter_per_issuer(tree):
    a, b = actor_for(tree.fed_a), actor_for(tree.fed_b)
    assert [_issue(a, tree.fed_a).number for _ in range(3)] == [1, 2, 3]
    assert _issue(b, tree.fed_b).number == 1
    assert _issue(a, tree.fed_a).number == 4


@pytest.mark.django_db
def test_it_does_not_consume_a_number_when_the_save_fails(tree, monkeypatch):
    actor = actor_for(tree.fed_a)
    draft = _draft(actor, tree.fed_a)

    def broken_writer(fields):
        raise RuntimeError("disk full")

    monkeypatch.setattr("documents.writing.render_docx", broken_writer)
    with pytest.raises(RuntimeError):
        services.issue_document(actor, document=draft)  # fails after the counter was bumped
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.symbol) == (Status.DRAFT, None, "")
    assert not NumberCounter.objects.filter(issuer_unit=tree.fed_a, last_number__gt=0).exists()

    monkeypatch.undo()
    assert services.issue_document(actor, document=draft).number == 1
    assert _issue(actor, tree.fed_a).number == 2


@pytest.mark.django_db
def test_it_refuses_to_issue_twice_or_without_an_issuer_code(tree):
    actor = actor_for(tree.fed_a)
    issued = _issue(actor, tree.fed_a)
    with pytest.raises(ServiceError):
        services.issue_document(actor, document=issued)
    district = actor_for(tree.district_a1)  # the district has no issuer code in the small tree
    with pytest.raises(ServiceError, match="chữ viết tắt"):
        _issue(district, tree.district_a1)
    assert not NumberCounter.objects.filter(issuer_unit=tree.district_a1, last_number__gt=0).exists()


@pytest.mark.django_db
def test_it_refuses_a_member_or_an_officer_of_another_province(tree):
    draft = _draft(actor_for(tree.fed_a), tree.fed_a)
    with pytest.raises(ServiceError):
        services.issue_document(actor_for(tree.fed_b), document=draft)
    with pytest.raises(ServiceError):
        services.issue_document(actor_for(tree.fed_a, role=Role.MEMBER), document=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT … FOR UPDATE) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_it_gives_50_distinct_consecutive_numbers_under_concurrency():
    tree = build_small_tree()
    actor = actor_for(tree.fed_a)
    drafts = [_draft(actor, tree.fed_a) for _ in range(50)]
    barrier = threading.Barrier(50)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def issue(draft):
        try:
            barrier.wait(timeout=30)
            document = services.issue_document(actor, document=draft)
            with lock:
                numbers.append(document.number)
        except BaseException as exc:  # reported below
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(numbers) == list(range(1, 51))
    assert NumberCounter.objects.get(issuer_unit=tree.fed_a, year=2026).last_number == 50
    assert Document.objects.filter(status=Status.ISSUED).values("symbol").distinct().count() == 50
