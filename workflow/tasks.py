from __future__ import annotations

from celery import shared_task

from workflow.grants import sync_organization_permissions


@shared_task
def sync_permissions() -> tuple[int, int]:
    """Daily: memberships that started or ended by date grant or lose their permissions."""
    return sync_organization_permissions()
