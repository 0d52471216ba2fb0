"""Which files a reader may see. Download views, portal pages, the staff pages and the OParl
API all read through these, so a file is never more visible than what it belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from documents.models import File
from workflow import permissions
from workflow.models import Consultation, Paper
from workflow.models.meeting import PUBLISHED_AGENDA_STATES
from workflow.selectors import (
    public_agenda_items,
    public_papers,
    published_results,
    visible_agenda_items,
    visible_papers,
)

if TYPE_CHECKING:
    from workflow.permissions import User


RESULT_ROLES = (File.Role.RESOLUTION, File.Role.RESULTS_PROTOCOL, File.Role.VERBATIM_PROTOCOL)


def results_files_published() -> Q:
    """A TOP's Beschluss files and a meeting's Niederschrift and Wortprotokoll are public
    with the meeting's results (``published_results``); the other files are not held back."""
    return (
        ~Q(role__in=RESULT_ROLES)
        | (Q(role=File.Role.RESOLUTION) & published_results("agenda_item__"))
        # a File's meeting is reached as a TOP's is: the same lookups
        | (Q(meeting__isnull=False) & published_results())
    )


def public_files() -> QuerySet[File]:
    """Files a citizen may read: not marked non-public, of a public paper, of a meeting whose
    agenda is published, or of a public TOP of a published agenda (its Beschluss files once
    its results are public)."""
    return File.objects.filter(current__isnull=False, confidential=False).filter(
        (
            Q(paper__in=public_papers())
            | Q(meeting__state__in=PUBLISHED_AGENDA_STATES)
            | Q(agenda_item__in=public_agenda_items())
        )
        & results_files_published()
    )


def files_of_public_owners() -> QuerySet[File]:
    """The files a citizen may read of papers, TOPs and meetings the caller has already read
    through the public selectors (a prefetch, a page): not marked non-public, and of a
    meeting only once its agenda is published. Cheaper than ``public_files``, which checks
    each owner's visibility again; never use it for owners not already known to be public."""
    return File.objects.filter(current__isnull=False, confidential=False).filter(
        (Q(meeting__isnull=True) | Q(meeting__state__in=PUBLISHED_AGENDA_STATES))
        & results_files_published()
    )


def visible_files(user: User) -> QuerySet[File]:
    """Public files, and what ``user`` reads as the paper's side or as member or clerk of the
    committee: a file marked non-public only for the committee (and for a paper's file,
    the paper's side and the committees of its Beratungsfolge)."""
    if not user.is_authenticated:
        return public_files()
    committees = permissions.confidential_organizations(user)
    own_papers = permissions.editable_papers(user)
    papers_of_committees = Consultation.objects.filter(organization__in=committees).values("paper")
    return File.objects.filter(current__isnull=False).filter(
        Q(pk__in=public_files().values("pk"))
        | Q(paper__in=visible_papers(user), confidential=False)
        | Q(paper__in=own_papers)
        | (Q(paper__in=papers_of_committees) & ~Q(paper__state=Paper.State.DRAFT))
        | Q(meeting__organization__in=committees)
        | Q(agenda_item__in=visible_agenda_items(user), confidential=False)
        | Q(agenda_item__meeting__organization__in=committees)
    )


def files_of(owner_field: str, owners: list, files: QuerySet[File]) -> dict[int, list[File]]:
    """``files`` (already filtered to what the reader sees) of several papers, meetings or TOPs,
    grouped by owner id, with their current version, in one query."""
    grouped: dict[int, list[File]] = {}
    rows = (
        files.filter(**{f"{owner_field}__in": owners})
        .select_related("current")
        .order_by("role", "pk")
    )
    for file in rows:
        grouped.setdefault(getattr(file, f"{owner_field}_id"), []).append(file)
    return grouped
