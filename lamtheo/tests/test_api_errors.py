"""Every error of the API answers in the declared shape ({"detail": "<Vietnamese>", "errors": [...]}),
never Django's English HTML pages: huge paging values and ids, unknown paths, faults, rate limits."""

import json

import pytest

from lamtheo.api import TokenRateThrottle
from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from lamtheo.schemas import MAX_OFFSET

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def key(tree):
    return issue_token(tree.fed_a)


def assert_json_error(response, status: int):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"]
    english = ("Not Found", "Server Error", "Too many", "Forbidden", "not allowed")
    assert not any(word in body["detail"] for word in english)
    return body


@pytest.mark.parametrize(
    "path",
    [
        f"/units?offset={HUGE}",
        f"/units?limit={HUGE}",
        f"/units?parent={HUGE}",
        f"/units/{HUGE}",
        f"/units/{HUGE}/children",
        f"/members?offset={HUGE}",
        f"/members?unit={HUGE}",
        f"/members/{HUGE}",
        "/units?offset=-1",
        "/units/0",
    ],
)
def test_out_of_range_paging_values_and_ids_are_a_422_in_vietnamese(client, key, path):
    body = assert_json_error(client.get(f"{API_ROOT}{path}", headers=bearer(key)), 422)
    assert body["detail"].startswith("Dữ liệu không hợp lệ")
    assert body["errors"] and all(e["message"] for e in body["errors"])


def test_the_largest_offset_allowed_answers_an_empty_page(client, key):
    response = client.get(f"{API_ROOT}/units", {"offset": MAX_OFFSET}, headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_path_outside_the_api_operations_is_a_json_404(client, key, settings):
    settings.DEBUG = False
    body = assert_json_error(client.get(f"{API_ROOT}/khong-co", headers=bearer(key)), 404)
    assert "Không có địa chỉ API này" in body["detail"]


def test_a_fault_inside_an_operation_is_a_json_500(client, key, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("org.api.search_units", broken)
    body = assert_json_error(client.get(f"{API_ROOT}/units", headers=bearer(key)), 500)
    assert body["detail"].startswith("Lỗi hệ thống")
    assert "boom" not in body["detail"]


def test_a_fault_outside_the_api_handlers_is_still_json_under_api(rf):
    from lamtheo.views import server_error

    response = server_error(rf.get(f"{API_ROOT}/units"))
    assert_json_error(response, 500)


def test_too_many_requests_is_a_429_with_retry_after(client, key, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "allow_request", lambda self, request: False)
    monkeypatch.setattr(TokenRateThrottle, "wait", lambda self: 12.3)
    response = client.get(f"{API_ROOT}/units", headers=bearer(key))
    body = assert_json_error(response, 429)
    assert body["detail"].startswith("Quá nhiều yêu cầu")
    assert response["Retry-After"] == "13"


def test_the_rate_limit_counts_per_token(rf, tree):
    from accounts.models import ApiToken

    throttle = TokenRateThrottle()
    throttle.num_requests, throttle.duration = 2, 60
    key_a, key_b = issue_token(tree.fed_a), issue_token(tree.fed_b)
    tokens = {k: ApiToken.objects.get(key_hash=ApiToken.hash_key(k)) for k in (key_a, key_b)}

    def request_with(key):
        request = rf.get("/api/v1/units")
        request.api_token = tokens[key]
        return request

    assert throttle.allow_request(request_with(key_a)) and throttle.allow_request(request_with(key_a))
    assert not throttle.allow_request(request_with(key_a))
    assert throttle.allow_request(request_with(key_b))


def test_a_forbidden_write_is_a_json_403(client, tree):
    from accounts.models import Role

    reader = issue_token(tree.fed_a, Role.INSPECTOR)
    response = client.post(
        f"{API_ROOT}/members",
        {"unit_id": tree.cdcs_a1.pk, "full_name": "Lò Văn Pọm"},
        content_type="application/json",
        headers=bearer(reader),
    )
    body = assert_json_error(response, 403)
    assert "cán bộ" in body["detail"]


def test_the_schema_declares_429_and_500_on_every_operation(client):
    schema = client.get(f"{API_ROOT}/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"429", "500"} <= set(operation["responses"]), f"{method} {path}"


def test_a_method_the_path_lacks_is_a_json_405_with_allow(client, key):
    response = client.delete(f"{API_ROOT}/units", headers=bearer(key))
    body = assert_json_error(response, 405)
    assert body["detail"].startswith("Phương thức không được hỗ trợ")
    assert "GET" in response["Allow"] and "GET" in body["detail"]


def test_unreadable_json_is_a_json_400(client, key):
    response = client.post(
        f"{API_ROOT}/members", "{hỏng", content_type="application/json", headers=bearer(key)
    )
    body = assert_json_error(response, 400)
    assert "JSON" in body["detail"]
