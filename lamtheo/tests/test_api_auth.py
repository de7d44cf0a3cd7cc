"""Token authentication of the JSON API: every failure is a 401 with a Vietnamese JSON body."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken, Role
from lamtheo.api_catalog import API_ROOT, api_user, bearer, issue_token

pytestmark = pytest.mark.django_db

URL = f"{API_ROOT}/units"


def assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Chưa xác thực")
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_a_request_without_token(client, tree):
    assert_401(client.get(URL))


def test_it_refuses_a_bad_token(client, tree):
    issue_token(tree.fed_a)
    assert_401(client.get(URL, headers=bearer("khong-phai-token")))


def test_it_refuses_a_non_bearer_scheme(client, tree):
    key = issue_token(tree.fed_a)
    assert_401(client.get(URL, headers={"Authorization": f"Token {key}"}))


def test_it_accepts_a_valid_token(client, tree):
    key = issue_token(tree.fed_a)
    assert client.get(URL, headers=bearer(key)).status_code == 200


def test_it_refuses_a_revoked_token(client, tree):
    key = issue_token(tree.fed_a)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert_401(client.get(URL, headers=bearer(key)))


def test_it_refuses_a_token_whose_assignment_ended(client, tree):
    key = issue_token(tree.fed_a)
    token = ApiToken.objects.get()
    token.assignment.valid_to = timezone.localdate()  # [valid_from, valid_to): ended today
    token.assignment.save()
    assert_401(client.get(URL, headers=bearer(key)))


def test_it_refuses_a_token_whose_assignment_has_not_started(client, tree):
    key = issue_token(tree.fed_a)
    token = ApiToken.objects.get()
    token.assignment.valid_from = timezone.localdate() + timedelta(days=1)
    token.assignment.save()
    assert_401(client.get(URL, headers=bearer(key)))


def test_it_refuses_a_token_of_a_deactivated_user(client, tree):
    key = issue_token(tree.fed_a)
    user = ApiToken.objects.get().assignment.user
    user.is_active = False
    user.save()
    assert_401(client.get(URL, headers=bearer(key)))


def test_it_ignores_a_browser_session(client, tree):
    client.force_login(api_user(tree.fed_a))
    assert client.get("/").status_code == 200  # logged in for the web pages
    assert_401(client.get(URL))


def test_it_says_who_the_token_acts_for(client, tree):
    key = issue_token(tree.cdcs_a1, Role.MEMBER, username="doanvien-a1")
    body = client.get(f"{API_ROOT}/me", headers=bearer(key)).json()
    assert body == {
        "username": "doanvien-a1",
        "unit_id": tree.cdcs_a1.pk,
        "unit_code": "CDCS-A1",
        "unit_name": "Công đoàn Trường Tiểu học Đông Sơn",
        "role": "member",
        "role_label": "Đoàn viên",
        "is_officer": False,
        "token_name": "kiểm thử",
    }


def test_it_refuses_every_endpoint_without_token(client, tree):
    from lamtheo.api_catalog import api_endpoints_for, api_writes_for

    for method, path in api_endpoints_for(tree):
        assert_401(client.generic(method, path))
    for method, path, body in api_writes_for(tree):
        assert_401(client.generic(method, path, data=body, content_type="application/json"))
