"""What every browser (Playwright) test shares: Debian's Chromium, skipped with a reason when absent."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# `pytestmark = BROWSER_TEST` in a module of browser tests: marked e2e (the PostgreSQL pass leaves them
# out), skipped without Chromium, and on a database the live server's thread can see.
BROWSER_TEST = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium không có trên máy này"),
    pytest.mark.django_db(transaction=True),
]


def shots(tmp_path) -> Path:
    """Where a browser test saves its screenshots for a person to look at: SCREENSHOT_DIR when set,
    else the test's own temporary folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def login(page, live_server, user) -> None:
    """Log in through the login page and land on the home page."""
    from lamtheo.testing import PASSWORD

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
