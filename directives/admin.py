"""Operators' view of directives (read-only: changes go through the services and their audit)."""

from django.contrib import admin

from .models import Directive, DirectiveTask, TaskAssignment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DirectiveTaskInline(admin.TabularInline):
    model = DirectiveTask
    fields = ("order", "text", "deadline", "recurrence", "schedule", "period_start", "period_end")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ("document", "issuer_unit", "created_at")
    list_select_related = ("document", "issuer_unit")
    search_fields = ("document__symbol", "document__subject")
    inlines = [DirectiveTaskInline]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("task", "unit", "due_date", "status", "acknowledged_at", "relayed_at", "done_at")
    list_filter = ("status",)
    list_select_related = ("task", "unit")
    search_fields = ("unit__name", "task__text")
    raw_id_fields = ("task", "unit", "parent_assignment", "relay_document")
