"""manage.py create_api_token prints a working token once, for one current assignment."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiToken, Assignment, Role
from audit.models import AuditEvent
from lamtheo.api_catalog import API_ROOT, api_user, bearer

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_prints_a_token_that_works(client, tree):
    api_user(tree.fed_a, username="bantuyengiao")
    key, message = run("bantuyengiao", "--name", "Cổng thông tin tỉnh")
    assert "Lưu lại ngay" in message
    token = ApiToken.objects.get()
    assert token.name == "Cổng thông tin tỉnh"
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert AuditEvent.objects.filter(model="accounts.apitoken", object_id=str(token.pk)).exists()
    assert client.get(f"{API_ROOT}/units/{tree.fed_a.pk}", headers=bearer(key)).status_code == 200


def test_it_needs_a_unit_when_the_user_has_several_assignments(client, tree):
    user = api_user(tree.fed_a, username="canbo")
    Assignment.objects.create(user=user, unit=tree.cdcs_a1, role=Role.GRASSROOTS_CHAIR)
    with pytest.raises(CommandError, match="nhiều phân công"):
        run("canbo", "--name", "x")
    key, _ = run("canbo", "--name", "x", "--unit", "cdcs-a1")
    assert ApiToken.objects.get().assignment.unit == tree.cdcs_a1
    me = client.get(f"{API_ROOT}/me", headers=bearer(key)).json()
    assert (me["unit_code"], me["role"]) == ("CDCS-A1", "grassroots_chair")


def test_it_refuses_unknown_users_and_units(tree):
    api_user(tree.fed_a, username="canbo")
    with pytest.raises(CommandError, match="Không có người dùng"):
        run("khongco", "--name", "x")
    with pytest.raises(CommandError, match="không có phân công nào còn hiệu lực tại đơn vị LDLD-B"):
        run("canbo", "--name", "x", "--unit", "LDLD-B")
    assert not ApiToken.objects.exists()


def test_tokens_are_issued_through_the_service_which_checks_who_asks(tree):
    from accounts.scoping import Actor
    from accounts.services import issue_api_token
    from lamtheo.lib.errors import ServiceError

    user = api_user(tree.fed_a, username="canbo-tinh")
    assignment = Assignment.objects.get(user=user)
    officer = Actor(user=user, unit_id=tree.fed_a.pk, role=Role.FEDERATION_STAFF)
    with pytest.raises(ServiceError, match="quản trị hệ thống"):
        issue_api_token(officer, assignment=assignment, name="tự cấp")
    outsider = Actor(user=user, unit_id=tree.fed_b.pk, role=Role.OPERATOR)
    with pytest.raises(ServiceError):
        issue_api_token(outsider, assignment=assignment, name="tỉnh khác")
    assert not ApiToken.objects.exists()
    operator = Actor(user=user, unit_id=tree.fed_a.pk, role=Role.OPERATOR)
    token, key = issue_api_token(operator, assignment=assignment, name="  Cổng tỉnh ")
    event = AuditEvent.objects.get(model="accounts.apitoken")
    assert (token.name, event.unit_id, event.actor_id) == ("Cổng tỉnh", tree.fed_a.pk, user.pk)
    assert key not in str(event.after)
