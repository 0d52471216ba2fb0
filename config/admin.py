"""The Django admin is for system administration only: superusers and the members of the
group "Administration". Day-to-day work (papers, Beratungsfolge, meetings, agendas,
results) is done in the workspace, where every read goes through ``workflow.selectors``;
the admin shows every row to whoever it admits, so it admits nobody else, ``is_staff`` or
not."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

ADMINISTRATORS_GROUP = "Administration"


def is_administrator(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.groups.filter(name=ADMINISTRATORS_GROUP).exists())
    )


class AdministrationSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)


class AdministrationAdminConfig(AdminConfig):
    default_site = "config.admin.AdministrationSite"
