"""The Lai Châu demo's study figures (seed 002) come out of the engine, as `manage.py indicators` shows them."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.scoping import SYSTEM
from lamtheo.demo.build import build_demo
from lamtheo.demo.units import FEDERATION_CODE
from org.models import Unit
from study import selectors
from study.models import Topic

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def fed(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media,
                          DOCUMENTS_PDF_ON_ISSUE=False),
        transaction.atomic(),
    ):  # fmt: skip
        build_demo(seed=7)
        yield Unit.objects.get(code=FEDERATION_CODE)
        transaction.set_rollback(True)


def test_the_demo_gives_the_seed_002_figures(fed):
    out = io.StringIO()
    call_command("indicators", "--unit", FEDERATION_CODE, "--from", "2021-01-01", "--to", "2026-03-31",
                 "--json", stdout=out)  # fmt: skip
    import json

    values = {row["code"]: row["value"] for row in json.loads(out.getvalue())}
    total = lambda v: v["total"] if isinstance(v, dict) else v  # noqa: E731
    assert total(values["study_events"]) >= 1800
    assert total(values["outreach_items"]) >= 350
    assert total(values["outreach_programs"]) >= 50
    assert 18 <= total(values["training_courses"]) <= 22
    assert total(values["study_participants"]) > total(values["study_members_reached"]) > 0


def test_the_demo_has_the_seed_004_topic_and_lagging_units(fed):
    topic = Topic.objects.get(year=2024, issuer_unit=fed)
    assert [i.number for i in topic.items.all()] == [1, 2, 3, 4]
    cov = selectors.coverage(SYSTEM, fed, 2024, 2)
    assert [i.number for i in cov.scheduled] == [2, 4]
    item_2 = topic.items.get(number=2)
    assert len(cov.missing(item_2)) >= 6  # the unions that skipped it, and those that did not meet
    assert cov.lagging and cov.rows[0].nothing_recorded
    assert 0 < cov.reached < cov.members


def test_the_unions_study_goes_on_up_to_today_never_past_it(fed):
    from datetime import timedelta

    from lamtheo.lib.dates import today
    from org.models import UnitClosure
    from study.models import StudyEvent

    on = today()
    units = UnitClosure.objects.filter(ancestor=fed).values("descendant_id")
    events = StudyEvent.objects.filter(unit_id__in=units)
    last_quarter = events.filter(held_on__gt=on - timedelta(days=92), held_on__lte=on)
    assert last_quarter.count() > 50  # the home page's current quarter is not an empty demo
    assert not events.filter(held_on__gt=on).exists()
