"""The OpenAPI schema is generated and honest: every operation declares its error answers."""

import pytest

from lamtheo.api_catalog import API_ROOT

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def schema(client):
    response = client.get(f"{API_ROOT}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_it_serves_an_openapi_3_1_schema(schema):
    assert schema["openapi"].startswith("3.1.")
    assert schema["info"]["title"] == "LamTheo API"
    assert {"/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/members"} <= set(schema["paths"])


def test_it_declares_the_error_answers_of_every_operation(schema):
    ops = list(operations(schema))
    assert len(ops) >= 6
    for path, method, operation in ops:
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        assert "401" in responses, where
        assert operation.get("security") == [{"TokenAuth": []}], where
        takes_input = bool(operation.get("parameters")) or "requestBody" in operation
        if takes_input:
            assert "422" in responses, where
        if "{" in path:
            assert "404" in responses, where
        assert "404" in responses or "422" in responses or not takes_input, where
        if method != "get":
            assert {"400", "403", "422"} <= set(responses), where
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", where


def test_it_describes_in_vietnamese(schema):
    for path, _method, operation in operations(schema):
        assert operation["summary"] and operation["tags"], path
        for response in operation["responses"].values():
            assert response["description"] not in {"OK", "Unauthorized", "Not Found", "Unprocessable Entity"}
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["detail"]["description"].startswith("Thông báo lỗi")
    member = schema["components"]["schemas"]["MemberOut"]
    assert set(member["required"]) >= {"id", "full_name", "unit_id", "birth_date", "id_number", "phone"}
    assert "Dữ liệu cá nhân" in member["properties"]["phone"]["description"]


def test_it_serves_the_docs_page(client):
    assert client.get(f"{API_ROOT}/docs").status_code == 200
