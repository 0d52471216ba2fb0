from __future__ import annotations

from celery import shared_task

from documents.text import extract_version_text


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def extract_file_text(version_id: int) -> bool:
    """After an upload commits: the file's text, for search and OParl."""
    return extract_version_text(version_id)
