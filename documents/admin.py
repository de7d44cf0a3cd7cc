"""Operators' view of the registry (the product's pages are in views.py)."""

from django.contrib import admin

from .models import Document, DocumentCitation, DocumentFile, DocumentRecipient, NumberCounter


class RecipientInline(admin.TabularInline):
    model = DocumentRecipient
    extra = 0
    raw_id_fields = ("unit",)


class CitationInline(admin.TabularInline):
    model = DocumentCitation
    fk_name = "citing"
    extra = 0
    raw_id_fields = ("cited",)


class FileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    readonly_fields = ("created_at",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "kind", "direction", "status", "date", "owner_unit", "archived_at")
    list_filter = ("kind", "direction", "status")
    search_fields = ("symbol", "subject", "search_text")
    raw_id_fields = ("issuer_unit", "owner_unit", "created_by")
    readonly_fields = ("number", "number_year", "symbol", "created_at", "updated_at", "issued_at")
    inlines = [RecipientInline, CitationInline, FileInline]


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ("issuer_unit", "year", "kind_group", "last_number")
    raw_id_fields = ("issuer_unit",)
    readonly_fields = ("last_number",)
