"""How a document links to others: its citations, resolved to registered documents by symbol.

A citation is resolved when it is saved, and re-resolved when the cited document is registered later.
"""

import re

from django.db.models import Q

from lamtheo.lib.dates import today
from lamtheo.lib.text import nfc, nfc_lines
from org.models import UnitClosure

from .fields import Citation, DocumentFields
from .kinds import DocumentKind
from .models import Direction, Document, DocumentCitation
from .symbols import normalize_symbol


def _ancestor_ids(unit_id: int) -> set[int]:
    """The unit and the units above it today."""
    rows = UnitClosure.objects.valid_on(today()).filter(descendant_id=unit_id).values_list("ancestor_id")
    return {r[0] for r in rows} | {unit_id}


def _best_candidate(citation: DocumentCitation, ancestors: set[int]) -> Document | None:
    """The registered document a citation names: same symbol, same date when both are known;
    among several (each federation numbers its own 18/BC-LĐLĐ), prefer the registries above the
    citing one, then the issuer's own copy (outgoing), then the oldest."""
    qs = Document.objects.citable().filter(symbol=citation.cited_symbol).exclude(pk=citation.citing_id)
    if citation.cited_date:
        qs = qs.filter(Q(date=citation.cited_date) | Q(date__isnull=True))
    candidates = list(qs.order_by("id")[:50])
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda d: (
            d.owner_unit_id not in ancestors,
            d.direction != Direction.OUTGOING,
            d.date != citation.cited_date,
            d.pk,
        ),
    )


_PARTY_SYMBOL = re.compile(r"^\d+[a-z]?-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ]+$")
_LEGAL_SYMBOL = re.compile(r"^\d+/(19|20)\d\d/")


def family_of(symbol: str) -> str:
    """'01-KL/TW' -> party; '30/2020/NĐ-CP' -> legal; '80/KH-TLĐ' -> state."""
    if _PARTY_SYMBOL.match(symbol):
        return "party"
    if _LEGAL_SYMBOL.match(symbol):
        return "legal"
    return "state"


def save_citations(document: Document, citations: list[Citation]) -> None:
    document.citations.all().delete()
    ancestors = _ancestor_ids(document.owner_unit_id)
    seen: set[str] = set()
    rows = []
    for i, c in enumerate(citations):
        symbol = normalize_symbol(c.symbol)
        if not symbol or symbol in seen or symbol == document.symbol:
            continue
        seen.add(symbol)
        row = DocumentCitation(
            citing=document,
            position=i,
            cited_symbol=symbol[:80],
            cited_kind=c.kind if c.kind in DocumentKind.values else "",
            cited_date=c.date,
            cited_issuer=nfc(c.issuer)[:255],
            family=(c.family or family_of(symbol))[:10],
            raw=nfc_lines(c.raw),
        )
        row.cited = _best_candidate(row, ancestors)
        rows.append(row)
    DocumentCitation.objects.bulk_create(rows)


def citations_in_text(fields: DocumentFields) -> list[Citation]:
    """The documents the text names by number, when the caller gave no citations."""
    from .reading.citations import find_citations

    parts = [fields.subject, fields.opening]
    stack = list(fields.sections)
    while stack:
        section = stack.pop(0)
        parts.append(section.title)
        parts.extend(section.paragraphs)
        stack[0:0] = section.children
    parts.append(fields.closing)
    citations, _warnings = find_citations("\n\n".join(p for p in parts if p))
    return citations


def resolve_pending(document: Document) -> list[Document]:
    """Citations waiting for this symbol (registered before it) now point to it; the citing documents
    are returned so that the service can audit the re-linking."""
    if not document.symbol:
        return []
    pending = DocumentCitation.objects.filter(cited__isnull=True, cited_symbol=document.symbol).exclude(
        citing=document
    )
    if document.date:
        pending = pending.filter(Q(cited_date=document.date) | Q(cited_date__isnull=True))
    citing = list(Document.objects.filter(pk__in=pending.values("citing_id")).order_by("pk"))
    pending.update(cited=document)
    return citing
