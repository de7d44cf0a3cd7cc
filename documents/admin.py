"""Operators' view of the registry (read-only: changes go through the services and their audit; the
product's pages are in views.py)."""

from django.contrib import admin

from .models import Document, DocumentCitation, DocumentFile, DocumentRecipient, NumberCounter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecipientInline(ReadOnlyInline):
    model = DocumentRecipient


class CitationInline(ReadOnlyInline):
    model = DocumentCitation
    fk_name = "citing"


class FileInline(ReadOnlyInline):
    model = DocumentFile


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("symbol", "kind", "direction", "status", "date", "owner_unit", "archived_at")
    list_filter = ("kind", "direction", "status")
    search_fields = ("symbol", "subject", "search_text")
    inlines = [RecipientInline, CitationInline, FileInline]


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ("issuer_unit", "year", "kind_group", "last_number")
