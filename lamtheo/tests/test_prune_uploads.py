import os
import time

from django.core.management import call_command


def test_it_removes_only_old_abandoned_uploads(settings, tmp_path, capsys):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "imports")
    docs_tmp = tmp_path / "media" / "documents" / "tmp"
    for folder in (tmp_path / "imports", docs_tmp):
        folder.mkdir(parents=True)
    old, fresh, old_doc = tmp_path / "imports" / "a.xlsx", tmp_path / "imports" / "b.csv", docs_tmp / "c.txt"
    for path in (old, fresh, old_doc):
        path.write_bytes(b"x")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    os.utime(old_doc, (two_days_ago, two_days_ago))
    call_command("prune_uploads", "--hours", "24")
    assert not old.exists() and not old_doc.exists()
    assert fresh.exists()
    assert "Đã xóa 2 tệp" in capsys.readouterr().out
