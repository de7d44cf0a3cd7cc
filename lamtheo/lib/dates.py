"""Effective dating: an interval is [valid_from, valid_to) with OPEN_END for 'still valid'."""

from datetime import date

from django.utils import timezone

# A far-future date instead of NULL keeps range predicates simple and indexable on both databases.
OPEN_END = date(9999, 12, 31)


def today() -> date:
    return timezone.localdate()


def format_vn(d: date | None) -> str:
    """dd/mm/yyyy, the form users read and type."""
    return d.strftime("%d/%m/%Y") if d else ""
