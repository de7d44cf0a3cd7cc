"""The Lai Châu demo's seed-002 figures come out of the engine (85 = 24/6/54/1, 4.101 = 2.516/1.561/24)."""

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from accounts.scoping import SYSTEM
from indicators import engine, registry
from lamtheo.demo.build import build_demo
from lamtheo.demo.units import FEDERATION_CODE
from org.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]
AS_OF = date(2026, 3, 31)


@pytest.fixture(scope="module")
def fed(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=media,
            DOCUMENTS_PDF_ON_ISSUE=False,
        ),
        transaction.atomic(),
    ):
        build_demo(seed=7)
        yield Unit.objects.get(code=FEDERATION_CODE)
        transaction.set_rollback(True)


def value(code: str, unit: Unit) -> dict:
    window = engine.window_for(date(2026, 1, 1), date(2026, 4, 1))
    figure = engine.compute(SYSTEM, registry.get(code), unit.pk, window)
    return figure.value


def test_grassroots_units_of_the_demo(fed):
    v = value("units_grassroots_by_sector", fed)
    assert v["total"] == 85
    assert (v["public_service_unit"], v["state_enterprise"], v["non_state_enterprise"], v["guild"]) == (
        24,
        6,
        54,
        1,
    )


def test_members_of_the_demo(fed):
    v = value("members_by_sector", fed)
    assert v["total"] == 4101
    assert v["public_service_unit"] == 2516
    assert v["state_enterprise"] + v["non_state_enterprise"] == 1561
    assert v["guild"] == 24
