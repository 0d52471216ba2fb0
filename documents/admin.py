"""Files in the admin: to look at, not to edit. Attaching, new versions and removal go
through the workspace pages (``documents.services``), which check and record them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from documents.models import File, FileVersion


class FileVersionInline(admin.TabularInline):
    model = FileVersion
    extra = 0
    can_delete = False
    fields = ("number", "file_name", "mime_type", "size", "sha256", "created_by", "created")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: File | None = None) -> bool:
        return False


@admin.register(File)
class FileAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "paper", "meeting", "agenda_item", "confidential", "frozen")
    list_filter = ("role", "confidential", "generated", "frozen")
    search_fields = ("name", "versions__file_name", "versions__sha256")
    list_select_related = ("paper", "meeting", "agenda_item")
    readonly_fields = (
        "body",
        "paper",
        "meeting",
        "agenda_item",
        "role",
        "name",
        "confidential",
        "generated",
        "frozen",
        "current",
    )
    inlines = [FileVersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: File | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: File | None = None) -> bool:
        return False
