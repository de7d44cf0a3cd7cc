"""Production settings: the development key is refused with DEBUG off, `check --deploy` says only what
docs/install.md explains, and the 404 and 500 pages are Vietnamese pages of the site."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

from accounts.models import Role
from lamtheo.testing import make_user

ROOT = Path(settings.BASE_DIR)
INSTALL_DOC = ROOT / "docs" / "install.md"


def _env(tmp_path, **overrides) -> dict[str, str]:
    # A clean production-like environment: none of the test run's own switches (conftest.py sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which the deploy check rightly flags).
    dropped = {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"SQLITE_PATH": str(tmp_path / "check.sqlite3"), "DJANGO_SETTINGS_MODULE": "lamtheo.settings"})
    env.update(overrides)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "ALLOWED_HOSTS": "lamtheo.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://lamtheo.example.vn",
    "SECURE_COOKIES": "true",
    "BEHIND_HTTPS_PROXY": "true",
}
PRODUCTION_WITH_HTTPS_IN_DJANGO = {
    **PRODUCTION,
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
}


def _reported_ids(output: str) -> set[str]:
    return set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", output))


def _documented_ids() -> set[str]:
    text = INSTALL_DOC.read_text(encoding="utf-8")
    section = text.split("## Production checklist", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([a-z_]+\.[A-Z]\d{3})`", section))


def test_serving_refuses_the_development_key_whenever_debug_is_off(tmp_path):
    refused = _run(["-c", "import lamtheo.wsgi"], _env(tmp_path))
    assert refused.returncode != 0
    assert "SECRET_KEY is the development key" in refused.stderr
    # The same with REQUIRE_SECRET_KEY unset or off: there is no switch that lets production skip it.
    assert _run(["-c", "import lamtheo.wsgi"], _env(tmp_path, REQUIRE_SECRET_KEY="0")).returncode != 0
    assert (
        _run(["-c", "import lamtheo.wsgi"], _env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))).returncode
        == 0
    )
    assert _run(["-c", "import lamtheo.wsgi"], _env(tmp_path, DEBUG="true")).returncode == 0


def test_the_deploy_check_reports_the_development_key_as_an_error(tmp_path):
    result = _run(["manage.py", "check", "--deploy"], _env(tmp_path, **PRODUCTION))
    assert result.returncode != 0
    assert "lamtheo.E001" in result.stderr + result.stdout


def test_the_deploy_check_with_production_settings_reports_only_what_install_md_explains(tmp_path):
    documented = _documented_ids()
    assert {"security.W004", "security.W008", "security.W021", "lamtheo.E001"} <= documented
    key = secrets.token_urlsafe(50)
    behind_proxy = _run(["manage.py", "check", "--deploy"], _env(tmp_path, SECRET_KEY=key, **PRODUCTION))
    assert behind_proxy.returncode == 0, behind_proxy.stderr
    assert _reported_ids(behind_proxy.stderr + behind_proxy.stdout) <= documented
    full = _run(
        ["manage.py", "check", "--deploy"], _env(tmp_path, SECRET_KEY=key, **PRODUCTION_WITH_HTTPS_IN_DJANGO)
    )
    assert full.returncode == 0, full.stderr
    assert _reported_ids(full.stderr + full.stdout) == {"security.W021"}


@pytest.mark.django_db
def test_a_missing_page_is_a_vietnamese_page_of_the_site(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body and "phạm vi đơn vị" in body
    assert 'lang="vi"' in body and "navbar" in body
    assert "Not Found" not in body


def test_a_record_outside_the_scope_answers_the_same_404_page_inside_the_layout(client, tree, settings):
    settings.DEBUG = False
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    response = client.get(f"/to-chuc/don-vi/{tree.fed_b.pk}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "Cây tổ chức" in body  # the navigation of a signed-in user


def test_the_500_page_renders_without_context_processors_or_database():
    # No `db` fixture: any query would raise. server_error renders without a request context.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Hệ thống gặp lỗi" in body and "không có gì được lưu dở dang" in body
    assert 'lang="vi"' in body and "bg-danger" in body
    assert "Server Error" not in body
