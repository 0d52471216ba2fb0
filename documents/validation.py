"""Checks on an uploaded file before anything is stored: size, type by content, name.

The type is decided by the bytes, not by the name: a file passes only when its content is one
of the allowed types *and* its extension is one of that type's extensions, so a script or an
HTML page renamed to ``bericht.pdf`` is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from workflow.errors import InvalidInput


class Upload(Protocol):
    """What Django's ``UploadedFile`` offers and the checks need."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class Kind:
    mime_type: str
    extensions: tuple[str, ...]
    label: str


PDF = Kind("application/pdf", ("pdf",), "PDF")
PNG = Kind("image/png", ("png",), "PNG")
JPEG = Kind("image/jpeg", ("jpg", "jpeg"), "JPEG")
TEXT = Kind("text/plain", ("txt", "csv"), "Text/CSV")
ODT = Kind("application/vnd.oasis.opendocument.text", ("odt",), "ODT")
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", ("ods",), "ODS")
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "DOCX"
)
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "XLSX")
ALLOWED = (PDF, PNG, JPEG, TEXT, ODT, ODS, DOCX, XLSX)

_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its bytes and what is stored about them."""

    content: bytes
    file_name: str
    mime_type: str
    size: int
    sha256: str

    @classmethod
    def of(cls, content: bytes, *, file_name: str, mime_type: str) -> CheckedUpload:
        return cls(
            content=content,
            file_name=file_name,
            mime_type=mime_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )


def check_upload(upload: Upload) -> CheckedUpload:
    """Read and check ``upload``; raise ``InvalidInput`` with the reason when it is refused."""
    limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(_too_large(limit))
    buffer = io.BytesIO()
    for chunk in upload.chunks():
        buffer.write(chunk)
        if buffer.tell() > limit:  # the declared size may lie
            raise InvalidInput(_too_large(limit))
    content = buffer.getvalue()
    if not content:
        raise InvalidInput(_("Die Datei ist leer."))
    file_name = safe_file_name(upload.name or "")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    kind = sniff(content)
    if kind is None:
        raise InvalidInput(
            _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(kinds)s.")
            % {"kinds": ", ".join(k.label for k in ALLOWED)}
        )
    if extension not in kind.extensions:
        raise InvalidInput(
            _(
                "Der Inhalt ist %(kind)s, der Dateiname endet aber auf „.%(extension)s“. "
                "Bitte die Datei mit der passenden Endung hochladen (.%(expected)s)."
            )
            % {"kind": kind.label, "extension": extension, "expected": kind.extensions[0]}
        )
    return CheckedUpload.of(
        content,
        file_name=file_name,
        # Plain text and CSV look alike; for text the extension names which of the two.
        mime_type="text/csv" if kind is TEXT and extension == "csv" else kind.mime_type,
    )


def _too_large(limit: int) -> str:
    return _("Die Datei ist zu groß (höchstens %(limit)s).") % {"limit": filesizeformat(limit)}


def sniff(content: bytes) -> Kind | None:
    """The allowed kind the bytes are, or ``None``."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _sniff_zip(content)
    if _is_text(content):
        return TEXT
    return None


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(char) == "Cc" and char not in "\t\n\r\f" for char in text[:65536]
    )


def _sniff_zip(content: bytes) -> Kind | None:
    """Office documents are zip archives; what is inside tells which kind."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return next((k for k in (ODT, ODS) if k.mime_type == declared), None)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    return None


def safe_file_name(name: str) -> str:
    """A name fit to show and to send in ``Content-Disposition``: no directories, no control
    or reserved characters, no leading dots, at most 150 characters, never empty."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        keep = extension[:10] if dot else ""
        name = (stem if dot else name)[: 150 - len(keep) - 1].rstrip(" .") + (
            f".{keep}" if keep else ""
        )
    return name or "datei"
