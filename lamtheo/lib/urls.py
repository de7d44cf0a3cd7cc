"""Links to many objects of one kind, reversed once: a page that links hundreds of units (a province's
tree, its figures) pays one reverse() per view instead of one per row.

    detail = IdUrl.reverse("org:unit_detail", ID)          # reverse() once, ID where the id goes
    detail(42)                                             # "/to-chuc/don-vi/42/"
    records = IdUrl.reverse("indicators:records", ID, "members_by_sector")
    records(42) + "?from=2026-01-01"

An IdUrl may also wrap a URL built elsewhere with PLACEHOLDER as the id (a callback across layers, e.g.
org.figures.member_counts_link): `IdUrl(some_url(PLACEHOLDER, …))`. The id fills the path segment that
holds the placeholder (`/PLACEHOLDER/`), once: the query string is never touched. An empty IdUrl (no
link) gives "" for every id.
"""

from collections.abc import Hashable
from functools import lru_cache

from django.urls import get_script_prefix, reverse

PLACEHOLDER = 999_999_999  # an id every <int:…> converter accepts; stands for the id, replaced per row
ID = object()  # marks the id among IdUrl.reverse's arguments
_SEGMENT = f"/{PLACEHOLDER}/"


class IdUrl:
    """A URL with one id left open: call it with an id to get the URL of that object."""

    __slots__ = ("_head", "_tail", "pattern")

    def __init__(self, pattern: str = "") -> None:
        """`pattern`: a URL holding PLACEHOLDER as one path segment, or "" (no link)."""
        if pattern and _SEGMENT not in pattern:
            raise ValueError(f"{pattern!r} holds no /{PLACEHOLDER}/ segment for the id")
        self.pattern = pattern
        self._head, _, self._tail = pattern.partition(_SEGMENT)

    @classmethod
    def reverse(cls, viewname: str, *args: Hashable) -> "IdUrl":
        """reverse(viewname, args) with ID standing for the id (exactly once); remembered per view,
        arguments and script prefix, so calling this again for the same view costs a dict lookup."""
        if args.count(ID) != 1:
            raise ValueError("IdUrl.reverse needs ID exactly once among the arguments")
        return _reversed(get_script_prefix(), viewname, args)

    def __call__(self, pk: int | str) -> str:
        if not self.pattern:
            return ""
        return f"{self._head}/{pk}/{self._tail}"

    def __bool__(self) -> bool:
        return bool(self.pattern)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdUrl) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"IdUrl({self.pattern!r})"


@lru_cache(maxsize=256)
def _reversed(prefix: str, viewname: str, args: tuple) -> IdUrl:
    # reverse() reads the prefix itself: it is in the key only to tell the prefixes apart.
    return IdUrl(reverse(viewname, args=[PLACEHOLDER if a is ID else a for a in args]))
