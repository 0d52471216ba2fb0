"""Checks on an uploaded file before anything is stored: size, type by content, name.

The type is decided by the bytes, not by the name: a file passes only when its content is one
of the allowed types *and* its extension is one of that type's extensions, so a script or an
HTML page renamed to ``bericht.pdf`` is refused.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol, cast

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

# Bounds of the check, whatever an upload claims (see the README, "Documents").
CHUNK_BYTES = 64 * 1024  # read and hashed piece by piece
SPOOL_BYTES = 1024 * 1024  # an upload up to this size stays in memory, a larger one on disk
TEXT_CHECKED_CHARACTERS = 65536  # the start of a text that must be free of control characters
ZIP_READ_BYTES = 256  # the most read of any entry of an office archive (ODF's "mimetype")
ZIP_READ_LIMIT = 1024 * 1024  # the most zipfile may read at once (its central directory)
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_ENTRY_BYTES = 1024**3  # declared uncompressed size of one entry …
ZIP_MAX_TOTAL_BYTES = 2 * 1024**3  # … and of all together
ZIP_MAX_RATIO = 250  # uncompressed : compressed of an entry above ZIP_RATIO_GRACE_BYTES
ZIP_RATIO_GRACE_BYTES = 1024 * 1024

_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its content (in a temporary file, not in memory) and what is
    stored about it. Close it when done, or use it in a ``with`` block."""

    file: BinaryIO = field(repr=False, compare=False)
    file_name: str
    mime_type: str
    size: int
    sha256: str

    @classmethod
    def of(cls, content: bytes, *, file_name: str, mime_type: str) -> CheckedUpload:
        """Content ratsflow made itself (a generated PDF), already in memory."""
        return cls(
            file=io.BytesIO(content),
            file_name=file_name,
            mime_type=mime_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )

    def chunks(self, chunk_size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The content from its start, piece by piece."""
        self.file.seek(0)
        while chunk := self.file.read(chunk_size):
            yield chunk

    def read(self) -> bytes:
        """The whole content at once; for small files (and tests) only."""
        return b"".join(self.chunks())

    def close(self) -> None:
        self.file.close()

    def __enter__(self) -> CheckedUpload:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_upload(upload: Upload) -> CheckedUpload:
    """Read and check ``upload``; raise ``InvalidInput`` with the reason when it is refused.

    The content is copied into a temporary file (in memory up to ``SPOOL_BYTES``) while it is
    hashed, so a large upload is never held in memory, let alone twice."""
    limit = settings.DOCUMENTS_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(_too_large(limit))
    # Handed on to the CheckedUpload (which closes it), closed here if the upload is refused.
    spool = cast(  # a binary file (typeshed does not make it a BinaryIO)
        BinaryIO,
        tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_BYTES, dir=settings.FILE_UPLOAD_TEMP_DIR
        ),
    )
    try:
        return _check(upload, spool, limit)
    except BaseException:
        spool.close()
        raise


def _check(upload: Upload, spool: BinaryIO, limit: int) -> CheckedUpload:
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:  # the declared size may lie
            raise InvalidInput(_too_large(limit))
        digest.update(chunk)
        spool.write(chunk)
    if not size:
        raise InvalidInput(_("Die Datei ist leer."))
    file_name = safe_file_name(upload.name or "")
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    kind = sniff(spool)
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
    spool.seek(0)
    return CheckedUpload(
        file=spool,
        file_name=file_name,
        # Plain text and CSV look alike; for text the extension names which of the two.
        mime_type="text/csv" if kind is TEXT and extension == "csv" else kind.mime_type,
        size=size,
        sha256=digest.hexdigest(),
    )


def _too_large(limit: int) -> str:
    return _("Die Datei ist zu groß (höchstens %(limit)s).") % {"limit": filesizeformat(limit)}


def sniff(content: bytes | BinaryIO) -> Kind | None:
    """The allowed kind the bytes (or the seekable binary file) are, or ``None``. An office
    archive whose sizes are absurd (a zip bomb) is refused with ``InvalidInput``."""
    file = io.BytesIO(content) if isinstance(content, bytes) else content
    file.seek(0)
    head = file.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(file)
    if _is_text(file):
        return TEXT
    return None


def _is_text(file: BinaryIO) -> bool:
    """UTF-8 throughout, without control characters in its first ``TEXT_CHECKED_CHARACTERS``;
    decoded piece by piece, never as a whole."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    checked = 0
    try:
        while chunk := file.read(CHUNK_BYTES):
            text = decoder.decode(chunk)
            if checked < TEXT_CHECKED_CHARACTERS:
                head = text[: TEXT_CHECKED_CHARACTERS - checked]
                if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in head):
                    return False
                checked += len(head)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_zip(file: BinaryIO) -> Kind | None:
    """Office documents are zip archives; what is inside tells which kind. Only the directory
    and at most ``ZIP_READ_BYTES`` of one entry are read, whatever the archive claims."""
    try:
        with zipfile.ZipFile(_BoundedReads(file)) as archive:
            entries = archive.infolist()
            _refuse_bomb(entries)
            if any(
                e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                or e.flag_bits & 0x1  # encrypted
                for e in entries
            ):
                return None  # office documents are stored or deflated, never encrypted (in zip)
            names = {e.filename for e in entries}
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(ZIP_READ_BYTES).decode("ascii", "replace").strip()
                return next((k for k in (ODT, ODS) if k.mime_type == declared), None)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except _TooLargeRead as error:  # a central directory beyond reason
        raise InvalidInput(_too_many_entries()) from error
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
        NotImplementedError,  # a zip version or feature zipfile does not know
    ):
        return None
    return None


def _refuse_bomb(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive that claims to unpack into far more than an office document does.
    Its directory may lie; the bounded reads hold anyway, this catches honest bombs early."""
    if len(entries) > ZIP_MAX_ENTRIES:
        raise InvalidInput(_too_many_entries())
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > ZIP_MAX_ENTRY_BYTES or total > ZIP_MAX_TOTAL_BYTES:
            raise InvalidInput(
                _(
                    "Die Datei wäre entpackt zu groß (ein Teil höchstens %(entry)s, alle "
                    "zusammen höchstens %(total)s) und wird deshalb nicht angenommen."
                )
                % {
                    "entry": filesizeformat(ZIP_MAX_ENTRY_BYTES),
                    "total": filesizeformat(ZIP_MAX_TOTAL_BYTES),
                }
            )
        if entry.file_size > ZIP_RATIO_GRACE_BYTES and entry.file_size > ZIP_MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise InvalidInput(
                _(
                    "Die Datei ist ungewöhnlich stark komprimiert (ein Teil mehr als "
                    "%(ratio)s-fach) und wird deshalb nicht angenommen."
                )
                % {"ratio": ZIP_MAX_RATIO}
            )


def _too_many_entries() -> str:
    return _(
        "Die Datei besteht aus zu vielen Teilen (höchstens %(limit)s) "
        "und wird deshalb nicht angenommen."
    ) % {"limit": ZIP_MAX_ENTRIES}


class _TooLargeRead(Exception):
    pass


class _BoundedReads(io.RawIOBase):
    """A view of a seekable binary file that refuses any single read of more than
    ``ZIP_READ_LIMIT`` bytes, so ``zipfile`` can neither load a huge central directory nor
    take in a whole entry at once."""

    def __init__(self, file: BinaryIO) -> None:
        self._file = file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            position = self._file.tell()
            size = self._file.seek(0, io.SEEK_END) - position
            self._file.seek(position)
        if size > ZIP_READ_LIMIT:
            raise _TooLargeRead(size)
        return self._file.read(size)


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
