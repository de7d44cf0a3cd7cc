"""Every JSON API endpoint, with ids from province A of lamtheo.testing's small tree.

For cross-cutting tests: walk api_endpoints_for(tree) (and api_writes_for(tree)) with a province-B token
from issue_token(tree.fed_b) and expect nothing of province A back (province_a_markers(tree) absent,
detail endpoints 404). lamtheo/tests/test_api_scoping.py checks that this catalog covers every
operation in the OpenAPI schema, so a new endpoint must be added here.
"""

from accounts.models import ApiToken, Assignment, Role

API_ROOT = "/api/v1"


def api_endpoints_for(tree) -> list[tuple[str, str]]:
    """(method, path) of every read endpoint, pointing at province A's units and members."""
    a = tree
    return [
        ("GET", f"{API_ROOT}/units"),
        ("GET", f"{API_ROOT}/units?as_of=2020-06-01"),
        ("GET", f"{API_ROOT}/units?parent={a.fed_a.pk}"),
        ("GET", f"{API_ROOT}/units?q=dong+son"),
        ("GET", f"{API_ROOT}/units/{a.fed_a.pk}"),
        ("GET", f"{API_ROOT}/units/{a.cdcs_a1.pk}"),
        ("GET", f"{API_ROOT}/units/{a.district_a1.pk}/children"),
        ("GET", f"{API_ROOT}/members"),
        ("GET", f"{API_ROOT}/members?q=duc"),
        ("GET", f"{API_ROOT}/members?unit={a.cdcs_a1.pk}"),
        ("GET", f"{API_ROOT}/members/{a.member_a1.pk}"),
        ("GET", f"{API_ROOT}/me"),
        ("GET", f"{API_ROOT}/indicators"),
        ("GET", f"{API_ROOT}/units/{a.fed_a.pk}/indicators?from=2020-01-01&to=2024-12-31"),
        ("GET", f"{API_ROOT}/units/{a.cdcs_a1.pk}/indicators"),
    ]


def api_writes_for(tree) -> list[tuple[str, str, dict]]:
    """(method, path, JSON body) of every write endpoint, aimed at a unit of province A.

    Out of scope, each must answer 4xx and change nothing.
    """
    return [
        (
            "POST",
            f"{API_ROOT}/members",
            {"unit_id": tree.cdcs_a1.pk, "full_name": "Phạm Thị Thu", "id_number": "001190009999"},
        ),
    ]


def province_a_markers(tree) -> list[str]:
    """Strings that identify province A's units and members; none may appear in a province-B answer."""
    units = [tree.fed_a, tree.district_a1, tree.cdcs_a1, tree.cdcs_a2, tree.guild]
    members = [tree.member_a1, tree.member_a2]
    return [
        *(u.code for u in units),
        *(u.name for u in units),
        *(m.full_name for m in members),
        *(m.id_number for m in members if m.id_number),
    ]


def api_user(unit, role: str = Role.FEDERATION_STAFF, username: str | None = None):
    """A user assigned to `unit` in `role`, without a password (API tests need no login, and skip hashing)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username or f"api-{role}-{unit.code}".lower())
    Assignment.objects.create(user=user, unit=unit, role=role)
    return user


def issue_token(unit, role: str = Role.FEDERATION_STAFF, username: str | None = None) -> str:
    """A new user assigned to `unit` in `role`, and a bearer token for that assignment."""
    user = api_user(unit, role, username=username)
    token, key = ApiToken.issue(user.assignments.get(), "kiểm thử")
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
