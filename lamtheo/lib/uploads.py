"""Uploads waiting for the user's next step (an import's preview and save, a document read but not yet
registered), in one private place: never under MEDIA_ROOT, one folder per area, one random token per
upload, swept by `manage.py prune_uploads`.

    token = uploads.store("documents", data, suffix=".pdf")
    path = uploads.path("documents", token, suffix=".pdf")   # or uploads.load(...) for the bytes
    uploads.discard("documents", token, suffix=".pdf")

store_json / load_json keep what was parsed from an upload, so that a file is read once, not again at
every step.
"""

import contextlib
import json
import re
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings

from lamtheo.lib.errors import ServiceError

KEEP_HOURS = 24
_AREA = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_SUFFIX = re.compile(r"^(\.[a-z0-9]{1,8})?$")


class UploadGone(ServiceError):
    """The staged upload is missing, expired, or its token is not one we issue."""


def root() -> Path:
    """settings.UPLOAD_STAGING_DIR (default var/uploads)."""
    configured = getattr(settings, "UPLOAD_STAGING_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "uploads"


def area_dir(area: str) -> Path:
    if not _AREA.match(area):
        raise ValueError(f"bad staging area {area!r}")
    folder = root() / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_token(token: str) -> bool:
    return bool(_TOKEN.match(token or ""))


def path(area: str, token: str, *, suffix: str = "") -> Path:
    """Where the upload under `token` lies; UploadGone for a token we never issue (no path tricks)."""
    suffix = suffix.lower()
    if not is_token(token) or not _SUFFIX.match(suffix):
        raise UploadGone("Phiên tải tệp không hợp lệ: hãy tải tệp lên lại.", field="file")
    return area_dir(area) / f"{token}{suffix}"


def store(area: str, data: bytes, *, suffix: str = "") -> str:
    """Keep `data` under a new random token; the area's leftovers older than KEEP_HOURS are swept on
    the way, so that a site without the daily prune_uploads does not fill its disk."""
    _sweep(area_dir(area), time.time() - KEEP_HOURS * 3600)
    token = secrets.token_hex(16)
    path(area, token, suffix=suffix).write_bytes(data)
    return token


def _sweep(folder: Path, cutoff: float) -> int:
    removed = 0
    for item in folder.iterdir():
        with contextlib.suppress(OSError):
            if item.is_file() and item.stat().st_mtime < cutoff:
                item.unlink()
                removed += 1
    return removed


def load(area: str, token: str, *, suffix: str = "") -> bytes:
    try:
        return path(area, token, suffix=suffix).read_bytes()
    except FileNotFoundError:
        raise UploadGone(
            "Tệp tải lên đã hết hạn hoặc đã được dùng xong: hãy tải tệp lên lại.", field="file"
        ) from None


def store_json(area: str, value: Any) -> str:
    return store(area, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), suffix=".json")


def load_json(area: str, token: str) -> Any:
    return json.loads(load(area, token, suffix=".json"))


def discard(area: str, token: str, *, suffix: str = "") -> None:
    with contextlib.suppress(UploadGone, OSError):
        path(area, token, suffix=suffix).unlink(missing_ok=True)


def prune(*, older_than_hours: float = KEEP_HOURS, extra_dirs: tuple[Path, ...] = ()) -> int:
    """Remove staged files older than the given age in every area (and in `extra_dirs`)."""
    cutoff = time.time() - older_than_hours * 3600
    folders = [p for p in root().iterdir() if p.is_dir()] if root().is_dir() else []
    return sum(_sweep(folder, cutoff) for folder in [*folders, *(d for d in extra_dirs if d.is_dir())])
