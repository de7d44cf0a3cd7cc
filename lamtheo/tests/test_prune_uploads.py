import os
import time
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from lamtheo.lib import uploads
from lamtheo.models import Submission


def test_it_removes_only_old_abandoned_uploads(db, settings, tmp_path, capsys):
    settings.UPLOAD_STAGING_DIR = str(tmp_path / "uploads")
    settings.MEDIA_ROOT = tmp_path / "media"
    docs_tmp = tmp_path / "media" / "documents" / "tmp"  # documents' own staging, until it moves here
    docs_tmp.mkdir(parents=True)
    old = uploads.path("imports", uploads.store_json("imports", {"rows": []}), suffix=".json")
    fresh = uploads.path("documents", uploads.store("documents", b"x", suffix=".pdf"), suffix=".pdf")
    old_doc = docs_tmp / "c.txt"
    old_doc.write_bytes(b"x")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(old_doc, (two_days_ago, two_days_ago))
    call_command("prune_uploads", "--hours", "24")
    assert not old.exists() and not old_doc.exists()
    assert fresh.exists()
    assert "Đã xóa 2 tệp" in capsys.readouterr().out


def test_it_forgets_old_form_keys(db, capsys):
    Submission.objects.create(key="a" * 32)
    Submission.objects.create(key="b" * 32)
    Submission.objects.filter(key="a" * 32).update(created_at=timezone.now() - timedelta(days=3))
    call_command("prune_uploads")
    assert list(Submission.objects.values_list("key", flat=True)) == ["b" * 32]
    assert "Đã xóa 1 khóa gửi biểu mẫu cũ." in capsys.readouterr().out


def test_staging_refuses_tokens_it_never_issued(settings, tmp_path):
    settings.UPLOAD_STAGING_DIR = str(tmp_path)
    for token in ("../../etc/passwd", "0" * 31, "Z" * 32):
        try:
            uploads.path("imports", token)
        except uploads.UploadGone as exc:
            assert exc.message == "Phiên tải tệp không hợp lệ: hãy tải tệp lên lại."
        else:
            raise AssertionError(token)


def test_storing_sweeps_the_areas_old_leftovers(settings, tmp_path):
    settings.UPLOAD_STAGING_DIR = str(tmp_path)
    old = uploads.path("imports", uploads.store("imports", b"x"))
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    kept = uploads.path("imports", uploads.store("imports", b"y"))
    assert not old.exists() and kept.exists()
