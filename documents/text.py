"""Text content of stored files, for search and for OParl's ``File.text``."""

from __future__ import annotations

import io
import logging
from typing import cast

from django.core.files.storage import default_storage
from django.db import DatabaseError

from documents.memo import Memo
from documents.models import FileVersion

log = logging.getLogger(__name__)


def text_of(content: bytes, mime_type: str) -> str:
    """The readable text of a PDF or text file; empty for other kinds (images, office files)."""
    if mime_type == "application/pdf":
        return _pdf_text(content)
    if mime_type.startswith("text/"):
        return content.decode("utf-8", "replace")
    return ""


_TEXTS: Memo[str] = Memo()


def _pdf_text(content: bytes) -> str:
    return _TEXTS.get(content, lambda: _read_pdf_text(content)) or ""


def _read_pdf_text(content: bytes) -> str | None:
    """The text of the PDF ``content``; None (and a warning) when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages).strip()
    except (PdfReadError, ValueError, KeyError) as error:
        log.warning("no text from a PDF: %s", error)
        return None


def extract_version_text(version_id: int) -> bool:
    """Read the text of a stored version into ``FileVersion.text``; False when the version is
    gone (e.g. its file was removed before the task ran)."""
    version = FileVersion.objects.filter(pk=version_id).first()
    if version is None:
        return False
    with default_storage.open(cast(str, version.blob.name), "rb") as blob:  # stored: named
        text = text_of(blob.read(), version.mime_type)
    version.text, version.text_extracted = text, True
    try:  # a save, not an update(), so the OParl cache hears of the new text
        version.save(update_fields=["text", "text_extracted"])
    except DatabaseError:  # the version went while its text was read
        return False
    return True
