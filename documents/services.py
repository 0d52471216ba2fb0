"""Every change to files: attach, add a version, remove, store a generated document.

Like ``workflow.services``: each function checks permission through ``workflow.permissions``,
runs in one transaction with the owning paper or meeting locked, writes a history entry on it,
and refuses with a ``WorkflowError`` that says why, changing nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.base import File as DjangoFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import File, FileVersion
from documents.text import text_of
from documents.validation import CheckedUpload, Upload, check_upload
from workflow import permissions
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import AgendaItem, HistoryEntry, Meeting, Paper
from workflow.services.history import write_entry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Owner = Paper | Meeting | AgendaItem


def attach_file(
    owner: Owner,
    *,
    upload: Upload,
    by: User,
    role: str = File.Role.AUXILIARY,
    name: str = "",
    confidential: bool = False,
) -> File:
    """Attach an uploaded file to a paper, meeting or TOP as its first version."""
    _require_attach(by, owner)
    owner_field = _owner_field(owner)
    if role not in File.ROLES_BY_OWNER[owner_field] or role in File.GENERATED_ROLES:
        raise InvalidInput(
            _("„%(role)s“ kann hier nicht hochgeladen werden.")
            % {"role": File.Role(role).label if role in File.Role.values else role}
        )
    with check_upload(upload) as checked, transaction.atomic():
        subject = _lock_subject(owner)
        siblings = File.objects.filter(**{owner_field: owner})
        if role == File.Role.MAIN and siblings.filter(role=File.Role.MAIN).exists():
            raise InvalidInput(
                _("%(owner)s hat schon eine Hauptdatei; laden Sie dort eine neue Fassung hoch.")
                % {"owner": owner}
            )
        duplicate = siblings.filter(versions__sha256=checked.sha256).first()
        if duplicate is not None:
            raise InvalidInput(
                _("Dieselbe Datei ist hier schon als „%(name)s“ angehängt.") % {"name": duplicate}
            )
        file = File.objects.create(
            body_id=subject.body_id,
            role=role,
            name=(name.strip() or checked.file_name)[:300],
            confidential=confidential,
            **{owner_field: owner},
        )
        version = _add_version(file, checked, by=by)
        _log(subject, by, _("%(file)s angehängt") % {"file": _described(file)})
    _extract_text_later(version)
    return file


def add_file_version(file: File, *, upload: Upload, by: User, comment: str = "") -> FileVersion:
    """Supersede the current content of ``file``; the earlier versions stay."""
    _require_attach(by, file.owner)
    with check_upload(upload) as checked, transaction.atomic():
        subject = _lock_subject(file.owner)
        file = File.objects.select_related("current").get(pk=file.pk)
        if file.generated:
            raise TransitionRefused(
                _("„%(name)s“ wird von ratsflow erzeugt und kann nicht hochgeladen werden.")
                % {"name": file}
            )
        _refuse_frozen(file)
        if file.current is not None and file.current.sha256 == checked.sha256:
            raise InvalidInput(_("Die Datei ist identisch mit der aktuellen Fassung."))
        version = _add_version(file, checked, by=by, comment=comment)
        _log(
            subject,
            by,
            _("%(file)s: Fassung %(number)s")
            % {"file": _described(file), "number": version.number},
        )
    _extract_text_later(version)
    return version


def remove_file(file: File, *, by: User) -> None:
    """Remove a file from a draft paper or an unpublished agenda. Once the paper is submitted
    or the agenda published, a file can only be superseded by a new version."""
    _require_attach(by, file.owner)
    with transaction.atomic():
        subject = _lock_subject(file.owner)
        file = File.objects.get(pk=file.pk)
        refusal = removal_refusal(file, subject)
        if refusal:
            raise TransitionRefused(refusal)
        hashes = list(file.versions.values_list("sha256", "blob"))
        file.current = None
        file.save(update_fields=["current"])
        file.delete()
        _log(subject, by, _("%(file)s entfernt") % {"file": _described(file)})
        transaction.on_commit(lambda: _delete_unused_blobs(hashes))


def removal_refusal(file: File, subject: Paper | Meeting) -> str:
    """Why ``file`` cannot be removed from ``subject`` (its paper or meeting), or ``""``."""
    if file.generated or file.frozen:
        return _("„%(name)s“ ist ein Dokument der Sitzung und bleibt erhalten.") % {"name": file}
    published = (
        subject.state != Paper.State.DRAFT
        if isinstance(subject, Paper)
        else subject.state not in Meeting.AGENDA_OPEN_STATES
    )
    if published:
        return _(
            "%(subject)s ist eingereicht oder veröffentlicht: „%(name)s“ kann nur durch eine "
            "neue Fassung ersetzt, nicht entfernt werden."
        ) % {"subject": subject, "name": file}
    return ""


def store_generated(
    meeting: Meeting,
    *,
    role: str,
    confidential: bool,
    name: str,
    file_name: str,
    content: bytes,
    freeze: bool = False,
) -> File:
    """Keep a document ratsflow made for ``meeting`` (Einladung, Niederschrift). Unchanged
    content adds no version; a frozen document refuses a new one. Call it inside the
    transaction that changes the meeting, so both stand or fall together."""
    checked = CheckedUpload.of(content, file_name=file_name, mime_type="application/pdf")
    file, _created = File.objects.select_for_update().get_or_create(
        meeting=meeting,
        role=role,
        confidential=confidential,
        generated=True,
        defaults={"body_id": meeting.body_id, "name": name},
    )
    current = file.current
    if current is None or current.sha256 != checked.sha256:
        _refuse_frozen(file)
        # Our own PDF: its text is read at once (uploads wait for the Celery task).
        _add_version(file, checked, by=None, text=text_of(content, checked.mime_type))
    if freeze and not file.frozen:
        file.frozen = True
        file.save(update_fields=["frozen", "modified"])
    return file


# -- mechanics ----------------------------------------------------------------------


def _require_attach(user: User, owner: Owner) -> None:
    if not permissions.can_attach_file(user, owner):
        raise PermissionDenied(
            _("Sie dürfen die Dateien von %(owner)s nicht ändern.") % {"owner": owner}
        )


def _owner_field(owner: Owner) -> str:
    if isinstance(owner, Paper):
        return "paper"
    return "meeting" if isinstance(owner, Meeting) else "agenda_item"


def _lock_subject(owner: Owner) -> Paper | Meeting:
    """The paper or meeting whose history records the change, locked."""
    if isinstance(owner, Paper):
        return Paper.objects.select_for_update().get(pk=owner.pk)
    meeting_id = owner.meeting_id if isinstance(owner, AgendaItem) else owner.pk
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _refuse_frozen(file: File) -> None:
    if file.frozen:
        raise TransitionRefused(
            _("„%(name)s“ ist festgeschrieben und bekommt keine neue Fassung.") % {"name": file}
        )


def _add_version(
    file: File,
    checked: CheckedUpload,
    *,
    by: User | None,
    comment: str = "",
    text: str | None = None,
) -> FileVersion:
    number = (file.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = FileVersion.objects.create(
        file=file,
        number=number,
        blob=_store_blob(checked),
        file_name=checked.file_name,
        mime_type=checked.mime_type,
        size=checked.size,
        sha256=checked.sha256,
        created_by=by,
        comment=comment[:500],
        text=text or "",
        text_extracted=text is not None,
    )
    file.current = version
    file.save(update_fields=["current", "modified"])
    return version


def blob_name(sha256: str) -> str:
    return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _lock_blob(sha256: str) -> None:
    """Hold the blob of ``sha256`` until the transaction ends, so that storing or reusing it
    for a new version and removing it as unused never interleave: the removal waits for the
    upload's commit and then sees the version. A PostgreSQL advisory lock; SQLite (the demo)
    has no such lock and relies on ``remove_unused_blobs``'s age limit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sha256[:15], 16)])


def _store_blob(checked: CheckedUpload) -> str:
    """Store the content under its hash (once); a blob left by a rolled-back transaction is
    simply reused by the next upload of the same content. Inside the version's transaction."""
    _lock_blob(checked.sha256)
    name = blob_name(checked.sha256)
    if default_storage.exists(name):
        return name
    return default_storage.save(name, DjangoFile(checked.file, name=name))


def _delete_if_unused(sha256: str, name: str, *, dry_run: bool = False) -> bool:
    """Whether no version uses the blob; then delete it (unless ``dry_run``)."""
    with transaction.atomic():
        _lock_blob(sha256)
        if FileVersion.objects.filter(sha256=sha256).exists():
            return False
        if not dry_run:
            default_storage.delete(name)
    return True


def _delete_unused_blobs(blobs: list[tuple[str, str]]) -> None:
    for sha256, name in blobs:
        _delete_if_unused(sha256, name)


def remove_unused_blobs(
    *, older_than: datetime.timedelta = datetime.timedelta(hours=1), dry_run: bool = False
) -> list[str]:
    """Remove stored blobs that no version refers to (left by uploads whose transaction
    rolled back) and that are older than ``older_than``; the names removed (or, with
    ``dry_run``, that would be)."""
    referenced = set(FileVersion.objects.values_list("blob", flat=True))
    cutoff = timezone.now() - older_than
    removed = []
    for name in _blob_names():
        if name in referenced or default_storage.get_modified_time(name) > cutoff:
            continue
        if _delete_if_unused(name.rsplit("/", 1)[-1], name, dry_run=dry_run):
            removed.append(name)
    return removed


def _blob_names(directory: str = "files") -> list[str]:
    """Every blob under ``directory`` (``files/ab/cd/<sha256>``, see ``blob_name``)."""
    if not default_storage.exists(directory):
        return []
    subdirectories, names = default_storage.listdir(directory)
    found = [f"{directory}/{name}" for name in names]
    for subdirectory in subdirectories:
        found += _blob_names(f"{directory}/{subdirectory}")
    return sorted(found)


def _described(file: File) -> str:
    """How the history names a file: a non-public one (or one of a non-public TOP) without its
    title, since everyone who sees the paper or meeting reads its history."""
    if file.confidential or (file.agenda_item is not None and not file.agenda_item.public):
        return str(_("Eine nichtöffentliche Datei"))
    return f"„{file.name}“"


def _log(subject: Paper | Meeting, by: User | None, comment: str) -> None:
    write_entry(
        subject,
        HistoryEntry.FILES,
        source=subject.state,
        target=subject.state,
        by=by,
        comment=comment,
    )


def _extract_text_later(version: FileVersion) -> None:
    from documents.tasks import extract_file_text

    transaction.on_commit(lambda: extract_file_text.delay(version.pk))
