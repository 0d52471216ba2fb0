"""Text content of stored files, for search and for OParl's ``File.text``."""

from __future__ import annotations

import hashlib
import io
import logging
from typing import cast

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError

from documents.models import FileVersion

log = logging.getLogger(__name__)


def text_of(content: bytes, mime_type: str) -> str:
    """The readable text of a PDF or text file; empty for other kinds (images, office files)."""
    if mime_type == "application/pdf":
        return _pdf_text(content)
    if mime_type.startswith("text/"):
        return content.decode("utf-8", "replace")
    return ""


# The test suite only (``DOCUMENTS_MEMOIZE``, see ``documents.generation``): the text of the
# same PDF bytes is read once per process (a PDF that cannot be read is tried, and logged,
# each time). Without the setting, every call reads the PDF.
_TEXT_MEMO: dict[bytes, str] = {}
_MEMO_SIZE = 256


def _pdf_text(content: bytes) -> str:
    if not getattr(settings, "DOCUMENTS_MEMOIZE", False):
        return _read_pdf_text(content) or ""
    key = hashlib.sha256(content).digest()
    if key not in _TEXT_MEMO:
        text = _read_pdf_text(content)
        if text is None:
            return ""
        if len(_TEXT_MEMO) >= _MEMO_SIZE:
            _TEXT_MEMO.clear()
        _TEXT_MEMO[key] = text
    return _TEXT_MEMO[key]


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
