"""The document registry (sổ văn bản): outgoing and incoming official documents, their recipients,
citations, files, and the per-issuer yearly number counters (Nghị định 30/2020, DOMAIN.md §1.3).

Scoping: a document belongs to the registry of `owner_unit` (the issuer for outgoing documents, the
receiving unit for incoming ones). An actor sees the documents of their subtree's registries and the
non-draft documents delivered to a unit of their subtree: each addressee unit gets an `IncomingEntry`
in its incoming book (sổ văn bản đến) when the document is issued, and sees the document through it.
A plain member (no `view_internal` permission) sees only the documents meant for members
(`Document.for_members`: a study topic, a guidance), never drafts nor internal letters.
"""

from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.permissions import Action, Scope
from accounts.scoping import Actor, ScopedQuerySet

from .kinds import DocumentKind

if TYPE_CHECKING:
    from .fields import DocumentFields, Section, Task


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Văn bản đi"
    INCOMING = "incoming", "Văn bản đến"


class Status(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"
    REGISTERED = "registered", "Đã vào sổ"
    WITHDRAWN = "withdrawn", "Đã thu hồi"


def sees_internal(actor: Actor) -> bool:
    """Officers and inspectors read every document of their units; a plain member only those meant for
    members."""
    return actor.is_system or actor.may(Action.VIEW_INTERNAL, Scope.SUBTREE)


class DocumentQuerySet(ScopedQuerySet["Document"]):
    unit_field = "owner_unit"

    def in_units(self, unit_ids, unit_field: str) -> Q:
        """Owned by a unit of the actor's subtree, or (once no longer a draft) delivered to one."""
        delivered = IncomingEntry.objects.filter(unit_id__in=unit_ids).values("document_id")
        return Q(**{f"{unit_field}__in": unit_ids}) | (Q(id__in=delivered) & ~Q(status=Status.DRAFT))

    def restrict(self, actor: Actor, action: str, on=None, **kwargs) -> "DocumentQuerySet":
        qs = super().restrict(actor, action, on=on, **kwargs)
        if not sees_internal(actor):
            qs = qs.filter(for_members=True).exclude(status=Status.DRAFT)
        return qs

    def active(self) -> "DocumentQuerySet":
        """Not archived (soft-deleted)."""
        return self.filter(archived_at__isnull=True)

    def citable(self) -> "DocumentQuerySet":
        """Documents a citation may resolve to: numbered, not drafts, not archived."""
        return self.active().exclude(status=Status.DRAFT).exclude(symbol="")


class Document(models.Model):
    kind = models.CharField("loại văn bản", max_length=30, choices=DocumentKind.choices, db_index=True)
    direction = models.CharField(
        "sổ", max_length=10, choices=Direction.choices, default=Direction.OUTGOING, db_index=True
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    issuer_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )  # null for issuers outside the union tree (the Party, the State)
    issuer_name = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issuer_parent = models.CharField("cơ quan chủ quản", max_length=255, blank=True)
    issuer_code = models.CharField("chữ viết tắt cơ quan ban hành", max_length=30, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    number_suffix = models.CharField("hậu tố số", max_length=4, blank=True)  # "b" of "06b"
    # Calendar year and counter of the number (outgoing): with issuer_unit they make the number unique.
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    kind_group = models.CharField(max_length=20, blank=True, default="", editable=False)
    symbol = models.CharField("số, ký hiệu", max_length=80, blank=True, db_index=True)
    date = models.DateField("ngày ban hành", null=True, blank=True, db_index=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    addressees = models.JSONField("kính gửi", default=list, blank=True)
    # {"opening": str, "sections": [Section as dict], "closing": str, "tasks": [Task as dict]}
    body = models.JSONField("nội dung", default=dict, blank=True)
    warnings = models.JSONField("cảnh báo khi đọc", default=list, blank=True)
    # Meant for the members of the unions it reaches (a study topic, a guidance), not an internal letter:
    # by kind by default (kinds.for_members_by_default), overridable on the draft.
    for_members = models.BooleanField("dành cho đoàn viên", default=False)
    search_text = models.CharField(max_length=1000, editable=False, db_index=True, default="")
    drafting_code = models.CharField("đơn vị soạn thảo", max_length=30, blank=True)
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name="sổ của đơn vị", on_delete=models.PROTECT, related_name="registry_documents"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField("thời điểm ban hành / vào sổ", null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["owner_unit", "date"], name="document_owner_date_idx")]
        constraints = [
            # A number is never given twice by the same issuer in the same year and counter.
            models.UniqueConstraint(
                fields=["issuer_unit", "number_year", "kind_group", "number", "number_suffix"],
                condition=Q(direction="outgoing", number__isnull=False),
                name="document_unique_outgoing_number",
            )
        ]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self) -> str:
        label = self.symbol or (f"dự thảo #{self.pk}" if self.status == Status.DRAFT else f"#{self.pk}")
        return f"{self.get_kind_display()} {label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:document_detail", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.owner_unit_id

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def title(self) -> str:
        """'Kế hoạch số 80/KH-TLĐ ngày 27/03/2026' as users name a document."""
        parts = [self.get_kind_display()]
        if self.symbol:
            parts.append(f"số {self.symbol}")
        if self.date:
            parts.append(f"ngày {self.date:%d/%m/%Y}")
        return " ".join(parts)

    @property
    def opening(self) -> str:
        return (self.body or {}).get("opening", "")

    @property
    def closing(self) -> str:
        return (self.body or {}).get("closing", "")

    @property
    def sections(self) -> list["Section"]:
        return [section_from_dict(s) for s in (self.body or {}).get("sections", [])]

    @property
    def tasks(self) -> list["Task"]:
        return [task_from_dict(t) for t in (self.body or {}).get("tasks", [])]

    def to_fields(self) -> "DocumentFields":
        """The exchange dataclass (for the writer, the directives app, the API)."""
        from .fields import Citation, DocumentFields, Recipient, Signer

        recipients = [Recipient(r.name, r.purpose) for r in self.recipients.all()]
        citations = [
            Citation(
                symbol=c.cited_symbol,
                raw=c.raw,
                kind=c.cited_kind,
                date=c.cited_date,
                issuer=c.cited_issuer,
                family=c.family,
            )
            for c in self.citations.all()
        ]
        return DocumentFields(
            kind=self.kind,
            number=f"{self.number:02d}{self.number_suffix}" if self.number else "",
            symbol=self.symbol,
            issuer=self.issuer_name,
            issuer_parent=self.issuer_parent,
            date=self.date,
            place=self.place,
            subject=self.subject,
            recipients=recipients,
            addressees=list(self.addressees or []),
            signer=Signer(self.signer_authority, self.signer_title, self.signer_name),
            citations=citations,
            opening=self.opening,
            sections=self.sections,
            closing=self.closing,
            tasks=self.tasks,
            warnings=list(self.warnings or []),
        )


def section_from_dict(data: dict) -> "Section":
    from .fields import Section

    return Section(
        level=int(data.get("level", 1)),
        number=str(data.get("number", "")),
        title=str(data.get("title", "")),
        paragraphs=[str(p) for p in data.get("paragraphs", [])],
        children=[section_from_dict(c) for c in data.get("children", [])],
    )


def task_from_dict(data: dict) -> "Task":
    from .fields import Task

    deadline = data.get("deadline")
    return Task(
        text=str(data.get("text", "")),
        deadline=date.fromisoformat(deadline) if deadline else None,
        recurrence=str(data.get("recurrence", "")),
        schedule=dict(data.get("schedule") or {}),
    )


class Reach(models.TextChoices):
    UNIT = "", "Đơn vị này"
    CHILDREN = "children", "Các đơn vị trực thuộc"
    SUBTREE = "subtree", "Mọi đơn vị cấp dưới"


class DocumentRecipient(models.Model):
    """One line of "Nơi nhận": a name as written, its purpose mark, and the unit when known.

    `reach` says whom the line delivers to: the unit itself, its direct children ("Các CĐCS trực
    thuộc") or its whole subtree below it; the issuer itself never receives its own document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("nơi nhận", max_length=300)
    purpose = models.CharField("để", max_length=30, blank=True)  # "b/c", "t/h", "p/h"
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="received_documents"
    )
    reach = models.CharField("gửi đến", max_length=10, choices=Reach.choices, blank=True, default="")

    class Meta:
        ordering = ["document", "position", "id"]
        indexes = [models.Index(fields=["unit", "document"], name="docrecipient_unit_idx")]
        verbose_name = "nơi nhận"
        verbose_name_plural = "nơi nhận"

    def __str__(self) -> str:
        return f"{self.name} ({self.purpose})" if self.purpose else self.name


class DocumentCitation(models.Model):
    """`citing` cites a document by symbol; `cited` is the registered document when there is one."""

    citing = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField(default=0)
    cited = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by_citations"
    )
    cited_symbol = models.CharField("số, ký hiệu", max_length=80, db_index=True)
    cited_kind = models.CharField("loại", max_length=30, blank=True)
    cited_date = models.DateField("ngày", null=True, blank=True)
    cited_issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    family = models.CharField(max_length=10, blank=True)  # "state", "party", "legal"
    raw = models.TextField("nguyên văn", blank=True)

    class Meta:
        ordering = ["citing", "position", "id"]
        verbose_name = "dẫn chiếu"
        verbose_name_plural = "dẫn chiếu"

    def __str__(self) -> str:
        return f"{self.citing_id} → {self.cited_symbol}"

    @property
    def kind_label(self) -> str:
        try:
            return DocumentKind(self.cited_kind).label
        except ValueError:
            return ""


def document_file_path(instance: "DocumentFile", filename: str) -> str:
    """documents/<year>/<random>-<name>: the year of the document, a name nobody can guess."""
    doc = instance.document
    year = doc.date.year if doc.date else timezone.localdate().year
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{year}/{uuid4().hex}{suffix}"


class FileRole(models.TextChoices):
    GENERATED_DOCX = "generated_docx", "Bản Word do hệ thống tạo"
    GENERATED_PDF = "generated_pdf", "Bản PDF do hệ thống tạo"
    ORIGINAL = "original", "Tệp gốc"
    SCAN = "scan", "Bản scan có chữ ký, đóng dấu"


class DocumentFile(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    role = models.CharField("loại tệp", max_length=20, choices=FileRole.choices)
    file = models.FileField(upload_to=document_file_path, max_length=255)
    filename = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        verbose_name = "tệp văn bản"
        verbose_name_plural = "tệp văn bản"

    def __str__(self) -> str:
        return self.filename


class NumberCounter(models.Model):
    """The last number given by an issuer in a calendar year (one counter per issuer-year by default;
    kind_group allows separate counters, e.g. for confidential documents)."""

    issuer_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="number_counters")
    year = models.PositiveSmallIntegerField()
    kind_group = models.CharField(max_length=20, blank=True, default="")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "year", "kind_group"], name="numbercounter_unique_issuer_year"
            )
        ]
        verbose_name = "bộ đếm số văn bản"
        verbose_name_plural = "bộ đếm số văn bản"

    def __str__(self) -> str:
        return f"{self.issuer_unit_id}/{self.year}/{self.kind_group or '-'}: {self.last_number}"


class EntryStatus(models.TextChoices):
    PENDING = "pending", "Chưa xử lý"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    DONE = "done", "Đã xử lý"


class IncomingEntryQuerySet(ScopedQuerySet["IncomingEntry"]):
    unit_field = "unit"

    def restrict(self, actor: Actor, action: str, on=None, **kwargs) -> "IncomingEntryQuerySet":
        qs = super().restrict(actor, action, on=on, **kwargs)
        if not sees_internal(actor):
            qs = qs.filter(document__for_members=True)
        return qs


class IncomingEntry(models.Model):
    """One line of a unit's incoming book (sổ văn bản đến): a document delivered to (or registered by)
    the unit, with its số đến (numbered per unit per calendar year), ngày đến, the officer handling it
    and the handling status."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="incoming_entries", verbose_name="văn bản"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="incoming_entries", verbose_name="đơn vị nhận"
    )
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số đến")
    received_on = models.DateField("ngày đến")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người xử lý",
    )
    status = models.CharField(
        "tình trạng xử lý", max_length=12, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    note = models.CharField("ghi chú xử lý", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IncomingEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "unit"], name="incomingentry_unique_delivery"),
            models.UniqueConstraint(fields=["unit", "year", "number"], name="incomingentry_unique_number"),
        ]
        verbose_name = "văn bản đến"
        verbose_name_plural = "sổ văn bản đến"

    def __str__(self) -> str:
        return f"Số đến {self.number}/{self.year}: {self.document}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def label(self) -> str:
        return f"{self.number:02d}/{self.year}"
