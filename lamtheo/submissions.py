"""One-time form keys: a create form carries a random key, and the service that creates the record
claims it in the same transaction. A second submission with the same key gets the first record back;
two at once are serialised by the key's primary-key constraint."""

import re
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from lamtheo.models import Submission

_KEY = re.compile(r"^[0-9a-f]{32}$")
KEEP = timedelta(days=2)


def new_key() -> str:
    return secrets.token_hex(16)


def is_key(value: str) -> bool:
    return bool(_KEY.match(value or ""))


def claim(key: str) -> None:
    """Take the key inside the caller's transaction; IntegrityError when another took it first."""
    Submission.objects.create(key=key)


def complete(key: str, obj: models.Model) -> None:
    Submission.objects.filter(key=key).update(model=obj._meta.label_lower, object_id=str(obj.pk))


def replay[M: models.Model](key: str, model: type[M]) -> M | None:
    """The record an earlier submission with this key created, if any."""
    done = Submission.objects.filter(key=key, model=model._meta.label_lower).exclude(object_id="").first()
    return model._default_manager.filter(pk=done.object_id).first() if done else None


def prune() -> int:
    """Forget keys older than KEEP (a form is not resubmitted days later)."""
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
