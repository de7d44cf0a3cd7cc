"""The login lockout: keyed on the account a name logs in to, per address, bounded in size; every login
and failed login is an audit event."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import LoginThrottle, Role
from audit.models import AuditEvent
from lamtheo.testing import PASSWORD, make_user

LOGIN = "/tai-khoan/dang-nhap/"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


def post(client, username, password, address=HOME):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_locked_out(response) -> bool:
    return response.status_code == 200 and "bị tạm khóa" in response.content.decode()


@pytest.fixture
def capcs(tree, settings):
    settings.LOGIN_MAX_FAILURES = 3
    return make_user(tree.fed_a, Role.FEDERATION_STAFF, username="capcs")


def test_look_alike_names_share_the_account_counter(client, capcs):
    # Django's form NFKC-normalises: fullwidth "ｃａｐｃｓ" logs in as capcs, so it must count as capcs.
    for name in ("capcs", "ｃａｐｃｓ", "CAPCS"):
        post(client, name, "sai-mat-khau")
    assert is_locked_out(post(client, "ｃａｐｃｓ", PASSWORD))
    assert is_locked_out(post(client, "capcs", PASSWORD))


def test_the_lockout_of_one_address_does_not_lock_the_user_out_elsewhere(client, capcs):
    for _ in range(3):
        post(client, "capcs", "sai-mat-khau", address=ELSEWHERE)
    assert is_locked_out(post(client, "capcs", PASSWORD, address=ELSEWHERE))
    assert post(client, "capcs", PASSWORD, address=HOME).status_code == 302


def test_many_addresses_lock_the_account_for_a_shorter_time(client, capcs, settings):
    settings.LOGIN_ACCOUNT_MAX_FAILURES = 6
    settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES = 5
    for i in range(6):
        post(client, "capcs", "sai-mat-khau", address=f"10.1.0.{i}")
    assert is_locked_out(post(client, "capcs", PASSWORD, address=HOME))
    account = LoginThrottle.objects.get(key=f"account|user:{capcs.pk}")
    assert account.locked_until <= timezone.now() + timedelta(minutes=5)
    # Once the short lock is over, the user gets in from an address that did nothing wrong.
    LoginThrottle.objects.filter(pk=account.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert post(client, "capcs", PASSWORD, address=HOME).status_code == 302


def test_an_address_trying_many_names_is_locked(client, capcs, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 5
    for i in range(5):
        post(client, f"ten-bia-{i}", "sai", address=ELSEWHERE)
    assert is_locked_out(post(client, "capcs", PASSWORD, address=ELSEWHERE))
    assert post(client, "capcs", PASSWORD, address=HOME).status_code == 302


def test_counters_for_made_up_names_are_capped_and_expire(client, capcs, settings):
    settings.LOGIN_THROTTLE_MAX_ROWS = 20
    settings.LOGIN_ADDRESS_MAX_FAILURES = 1000
    for _ in range(2):
        post(client, "capcs", "sai", address=HOME)  # a real account's counters are kept
    for i in range(30):
        post(client, f"khong-co-{i}", "sai", address=ELSEWHERE)
    assert LoginThrottle.objects.count() <= 20
    assert LoginThrottle.objects.filter(key=f"pair|user:{capcs.pk}|{HOME}", failures=2).exists()
    # Rows whose window is over are forgotten at the next failure.
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(days=1))
    post(client, "khong-co-moi", "sai", address=ELSEWHERE)
    assert LoginThrottle.objects.count() == 3  # the new name's pair, account and address rows


def test_logins_and_failed_logins_are_audited_in_the_accounts_unit(client, capcs, tree):
    post(client, "ｃａｐｃｓ", "sai-mat-khau")
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (failed.object_id, failed.unit_id, failed.actor_id) == (str(capcs.pk), tree.fed_a.pk, None)
    assert HOME in failed.summary
    assert post(client, "capcs", PASSWORD).status_code == 302
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (login.actor_id, login.unit_id, login.acting_unit_id) == (capcs.pk, tree.fed_a.pk, tree.fed_a.pk)
    assert login.after == {"address": HOME}


def test_made_up_names_are_audited_only_when_their_address_is_locked(client, capcs, settings):
    settings.LOGIN_ADDRESS_MAX_FAILURES = 4
    for i in range(3):
        post(client, f"bia-{i}", "sai", address=ELSEWHERE)
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert not failed.exists()
    post(client, "bia-3", "sai", address=ELSEWHERE)
    event = failed.get()
    assert ELSEWHERE in event.summary and event.unit_id is None


def test_the_client_address_behind_the_proxy_is_the_one_it_appended(rf, settings):
    from accounts.login import client_address

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(request) == "127.0.0.1"
    settings.BEHIND_HTTPS_PROXY = True
    assert client_address(request) == "203.0.113.9"
