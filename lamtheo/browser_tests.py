"""What every browser (Playwright) test shares: Debian's Chromium, skipped with a reason when absent."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# `pytestmark = BROWSER_TEST` in a module of browser tests: marked e2e (the PostgreSQL pass leaves them
# out), skipped without Chromium, and on a database the live server's thread can see.
BROWSER_TEST = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium không có trên máy này"),
    pytest.mark.django_db(transaction=True),
]
