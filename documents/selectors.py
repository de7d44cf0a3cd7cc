"""Reads of the document registry: search, detail, files, and the citation graph.

Every query starts from Document.objects.visible_to(actor).
"""

import datetime
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from accounts.scoping import Actor, unit_is_visible
from lamtheo.lib.dates import today
from lamtheo.lib.text import fold
from org.models import UnitClosure, UnitKind

from .fields import DocumentFields
from .kinds import DocumentKind
from .models import Document, DocumentCitation, DocumentFile, IncomingEntry, Status
from .symbols import build_symbol, normalize_symbol

# Party issuers of the central level (Ban Chấp hành, Bộ Chính trị, Ban Bí thư).
CENTRAL_PARTY_ISSUERS = {"TW", "BCT", "BBT"}


def visible_documents(actor: Actor) -> QuerySet[Document]:
    return Document.objects.visible_to(actor).select_related("issuer_unit", "owner_unit")


def search_documents(
    actor: Actor,
    q: str = "",
    kind: str = "",
    issuer: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    direction: str = "",
    status: str = "",
    archived: bool = False,
    book: str = "",
) -> QuerySet[Document]:
    """The registry as the actor sees it, filtered. `q` matches the words of the subject, symbol,
    kind and issuer in any order, accents and case ignored ("ke hoach hoc tap"). `book`: one of the
    acting unit's books (BOOKS), each separate: its own outgoing documents, its incoming book, the
    documents issued in its subtree below it."""
    qs = in_book(actor, visible_documents(actor), book)
    qs = qs.filter(archived_at__isnull=not archived)
    needle = fold(q)
    if needle:
        words = Q()
        for word in needle.split():
            words &= Q(search_text__contains=word)
        symbol = fold(normalize_symbol(q)) if "/" in q else ""
        qs = qs.filter(words | Q(search_text__contains=symbol)) if symbol else qs.filter(words)
    if kind:
        qs = qs.filter(kind=kind)
    if issuer:
        issuer_fold = fold(issuer)
        qs = qs.filter(
            Q(issuer_unit__search_text__contains=issuer_fold)
            | Q(issuer_name__icontains=issuer.strip())
            | Q(issuer_code__iexact=issuer.strip())
        )
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if direction:
        qs = qs.filter(direction=direction)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("date").desc(nulls_last=True), "-id")


BOOK_OUTGOING, BOOK_INCOMING, BOOK_BELOW = "di", "den", "cap-duoi"
BOOKS = [
    (BOOK_OUTGOING, "Sổ văn bản đi"),
    (BOOK_INCOMING, "Sổ văn bản đến"),
    (BOOK_BELOW, "Văn bản cấp dưới ban hành"),
]


def in_book(actor: Actor, qs: QuerySet[Document], book: str) -> QuerySet[Document]:
    unit_id = actor.unit_id
    if unit_id is None:  # books belong to a unit: an actor acting for none has none
        return qs.none()
    if book == BOOK_OUTGOING:
        return qs.filter(owner_unit_id=unit_id, direction="outgoing")
    if book == BOOK_INCOMING:
        return qs.filter(id__in=IncomingEntry.objects.filter(unit_id=unit_id).values("document_id"))
    if book == BOOK_BELOW:
        below = UnitClosure.objects.valid_on(today()).filter(ancestor_id=unit_id, depth__gt=0)
        return qs.filter(owner_unit_id__in=below.values("descendant_id"), direction="outgoing").exclude(
            status=Status.DRAFT
        )
    return qs


def incoming_book(actor: Actor, *, status: str = "", year: int | None = None) -> QuerySet[IncomingEntry]:
    """The acting unit's incoming book (sổ văn bản đến), newest số đến first."""
    if actor.unit_id is None:
        return IncomingEntry.objects.none()
    qs = (
        IncomingEntry.objects.visible_to(actor)
        .filter(unit_id=actor.unit_id)
        .select_related("document__issuer_unit", "handler")
    )
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-number", "-id")


def entry_for(actor: Actor, document: Document) -> IncomingEntry | None:
    """The acting unit's incoming entry of `document`, if it received it."""
    if actor.unit_id is None:
        return None
    return (
        IncomingEntry.objects.visible_to(actor)
        .filter(document=document, unit_id=actor.unit_id)
        .select_related("handler")
        .first()
    )


def has_children(unit_id: int | None) -> bool:
    if unit_id is None:
        return False
    return UnitClosure.objects.valid_on(today()).filter(ancestor_id=unit_id, depth=1).exists()


def can_edit(actor: Actor, document: Document) -> bool:
    """Officers of the owning registry's subtree change a document; recipients only read it."""
    return bool(actor and actor.can_write and unit_is_visible(actor, document.owner_unit_id))


def document_files(document: Document) -> list[DocumentFile]:
    return list(document.files.all())


def draft_fields(document: Document) -> DocumentFields:
    """Fields as the writer needs them; a draft keeps room for its number ('Số:      /KH-LĐLĐ')."""
    fields = document.to_fields()
    if document.status == Status.DRAFT:
        try:
            sample = build_symbol(
                kind=document.kind,
                number=1,
                issuer_code=document.issuer_code,
                drafting_code=document.drafting_code,
            )
            fields.symbol = "/" + sample.split("/", 1)[1]
        except (KeyError, ValueError):
            fields.symbol = ""
        fields.number = ""
        fields.date = fields.date or today()
    return fields


# --- citation graph ----------------------------------------------------------------------------


def _visible_ids(actor: Actor, ids: set[int]) -> set[int]:
    if not ids:
        return ids
    return set(Document.objects.visible_to(actor).filter(id__in=ids).values_list("id", flat=True))


def cites(document: Document, actor: Actor) -> list[DocumentCitation]:
    """What `document` cites, in text order. With an actor, a cited document they may not open
    is shown by its symbol only (citation.cited set to None on the returned objects)."""
    citations = list(document.citations.select_related("cited", "cited__issuer_unit"))
    allowed = _visible_ids(actor, {c.cited_id for c in citations if c.cited_id})
    for c in citations:
        if c.cited_id and c.cited_id not in allowed:
            c.cited = None
    return citations


def cited_by(document: Document, actor: Actor) -> list[Document]:
    """The actor's visible documents that cite `document` (SYSTEM sees them all)."""
    qs = Document.objects.visible_to(actor)
    ids = DocumentCitation.objects.filter(cited=document).values("citing_id")
    return list(qs.filter(id__in=ids).active().select_related("issuer_unit").order_by("date", "id"))


@dataclass
class ChainStep:
    """One step up the chain: the cited document when it is registered (and visible), else its symbol."""

    symbol: str
    kind: str = ""
    date: datetime.date | None = None
    raw: str = ""
    family: str = ""
    document: Document | None = None
    cycle: bool = False

    @property
    def kind_label(self) -> str:
        try:
            return DocumentKind(self.kind).label
        except ValueError:
            return ""

    @property
    def is_party(self) -> bool:
        return self.family == "party"

    @property
    def label(self) -> str:
        parts = [self.kind_label, f"số {self.symbol}" if self.kind_label else self.symbol]
        if self.date:
            parts.append(f"ngày {self.date:%d/%m/%Y}")
        return " ".join(p for p in parts if p)


def _party_issuer(symbol: str) -> str:
    return symbol.rsplit("/", 1)[-1] if "/" in symbol else ""


def _is_top(document: Document) -> bool:
    unit = document.issuer_unit
    return unit is not None and unit.kind == UnitKind.CONFEDERATION


def _ancestors_of(unit_id: int | None) -> set[int]:
    """Strict ancestors of a unit today."""
    if unit_id is None:
        return set()
    return set(
        UnitClosure.objects.valid_on(today())
        .filter(descendant_id=unit_id, depth__gt=0)
        .values_list("ancestor_id", flat=True)
    )


def _descendants_of(unit_id: int | None) -> set[int]:
    if unit_id is None:
        return set()
    return set(
        UnitClosure.objects.valid_on(today())
        .filter(ancestor_id=unit_id, depth__gt=0)
        .values_list("descendant_id", flat=True)
    )


def _score(citation: DocumentCitation, current: Document, ancestors: set[int], below: set[int]) -> float:
    """How well a citation continues the chain upward; < 0 excludes it.

    Laws and decrees are not part of the directive chain; a document of a unit below goes down.
    A registered document of a unit above scores highest (the chain continues through it to the
    Party document it implements), then a central Party
    document, then a Party document of another level; naming the cited document in the subject
    of the citing one ("Thực hiện Kết luận số 01-KL/TW…") adds a bonus.
    """
    if citation.family == "legal":
        return -1
    cited = citation.cited
    in_subject = citation.cited_symbol in (current.subject or "")
    bonus = 0.5 if in_subject else 0.0
    if citation.family == "party":
        central = _party_issuer(citation.cited_symbol) in CENTRAL_PARTY_ISSUERS
        return (2.5 if central else 2.0) + bonus
    if cited is not None:
        issuer = cited.issuer_unit_id
        if issuer is not None and issuer in below:
            return -1
        if (issuer is not None and issuer in ancestors) or _is_top(cited):
            return 3.5 + bonus
        if issuer is None:
            return 1.5 + bonus
        return 1.0 + bonus
    return 0.5 + bonus


def chain_up(document: Document, actor: Actor, *, limit: int = 12) -> list[ChainStep]:
    """Follow the citations upward from `document` until a Party document, a citation that is not
    registered (or not visible to the actor), a cycle, or a document citing nothing further.

    Returns the steps above the document, nearest first (e.g. plan 003 → 01-KL/TW).
    """
    steps: list[ChainStep] = []
    seen = {document.pk}
    current = document
    for _ in range(limit):
        citations = cites(current, actor)
        if not citations:
            break
        issuer_id = current.issuer_unit_id or current.owner_unit_id
        ancestors, below = _ancestors_of(issuer_id), _descendants_of(issuer_id)
        scored = [(_score(c, current, ancestors, below), -i, c) for i, c in enumerate(citations)]
        scored = [s for s in scored if s[0] >= 0]
        if not scored:
            break
        _score_value, _order, best = max(scored, key=lambda s: (s[0], s[1]))
        cited = best.cited
        step = ChainStep(
            symbol=best.cited_symbol,
            kind=best.cited_kind or (cited.kind if cited else ""),
            date=best.cited_date or (cited.date if cited else None),
            raw=best.raw,
            family=best.family,
            document=cited,
        )
        if cited is not None and cited.pk in seen:
            step.cycle = True
            steps.append(step)
            break
        steps.append(step)
        if cited is None or best.family == "party":
            break
        seen.add(cited.pk)
        current = cited
    return steps
