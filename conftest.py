import os

import pytest

# Playwright's sync API runs an event loop; the live server and ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from lamtheo.browser_tests import CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def tree(db):
    from lamtheo.testing import build_small_tree

    return build_small_tree()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """PBKDF2 at full strength costs ~0.3 s a user: tests use MD5, production keeps the default.
    Generated and uploaded files go to a temporary MEDIA_ROOT; PDFs only where a test asks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_STAGING_DIR = str(tmp_path / "uploads")
    settings.DOCUMENTS_PDF_ON_ISSUE = False


@pytest.fixture(autouse=True)
def _tasks_at_once(settings, tmp_path):
    """Background tasks run at once inside the request (the browser test of the export runs a real
    worker); the files they write go to a temporary MEDIA_ROOT. Apart from _fast_and_isolated, which
    app conftests replace."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
