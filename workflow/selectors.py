"""Reads that several places share (portal, OParl API, documents, notifications).

The public selectors decide what a citizen may see; every public page and the OParl API
read through them, so "what is public" is decided here and nowhere else:

- meetings: their dates and metadata are public; their agenda once invitations went out;
- TOPs: the public ones (``Ö …``) of a meeting whose agenda is published;
- papers: those on at least one public TOP of a published agenda (drafts and papers not
  yet on a published agenda do not exist for the public);
- consultations: those of public papers;
- persons and memberships: members of committees and political groups, not staff of the
  administration (a Bearbeiter/-in is named on the paper only).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from workflow.models import (
    AgendaItem,
    Consultation,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

PUBLISHED_AGENDA_STATES = (
    Meeting.State.INVITED,
    Meeting.State.HELD,
    Meeting.State.MINUTES_APPROVED,
)
POLITICAL_TYPES = (
    Organization.Type.COMMITTEE,
    Organization.Type.PARLIAMENTARY_GROUP,
    Organization.Type.PARTY,
    Organization.Type.EXTERNAL,
)


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.all()


def public_agenda_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(public=True, meeting__state__in=PUBLISHED_AGENDA_STATES)


def public_papers() -> QuerySet[Paper]:
    on_public_top = public_agenda_items().filter(consultation__paper=OuterRef("pk"))
    return Paper.objects.filter(Exists(on_public_top))


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(paper__in=public_papers())


def public_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(organization__organization_type__in=POLITICAL_TYPES)


def public_persons() -> QuerySet[Person]:
    return Person.objects.filter(
        Exists(public_memberships().filter(person=OuterRef("pk")))
        | Exists(public_papers().filter(originator_persons=OuterRef("pk")))
    )


def public_meeting_page(pk: int) -> tuple[Meeting, list[AgendaItem], bool]:
    """A meeting, its public TOPs (empty until the agenda is published) with everything the
    page shows loaded, and whether it has a non-public part (shown without titles)."""
    meeting = public_meetings().select_related("organization", "location", "body").get(pk=pk)
    items = list(
        public_agenda_items()
        .filter(meeting=meeting)
        .select_related("result", "consultation__paper")
        .order_by("position")
    )
    has_non_public = meeting.state in PUBLISHED_AGENDA_STATES and (
        AgendaItem.objects.filter(meeting=meeting, public=False).exists()
    )
    return meeting, items, has_non_public


def public_auszug(pk: int) -> AgendaItem:
    """One public TOP with its meeting and paper, for the Auszug page."""
    return (
        public_agenda_items()
        .select_related(
            "meeting__organization",
            "meeting__location",
            "meeting__body",
            "result",
            "consultation__paper__paper_type",
            "consultation__paper__lead_organization",
            "consultation__paper__officer",
        )
        .get(pk=pk)
    )


def public_paper_page(pk: int) -> tuple[Paper, list[tuple[Consultation, AgendaItem | None]]]:
    """A public paper and its Beratungsfolge, each step with its latest public TOP."""
    paper = public_papers().select_related("paper_type", "lead_organization", "officer").get(pk=pk)
    consultations = list(paper.consultations.select_related("organization").order_by("position"))
    items = (
        public_agenda_items()
        .filter(consultation__paper=paper)
        .select_related("meeting", "result")
        .order_by("meeting__start", "pk")
    )
    latest = {item.consultation_id: item for item in items}
    return paper, [(c, latest.get(c.pk)) for c in consultations]


def public_agendas(meetings: list[Meeting]) -> dict[int, list[AgendaItem]]:
    """The public TOPs of the given meetings (published agendas only), in one query."""
    agendas: dict[int, list[AgendaItem]] = {}
    items = public_agenda_items().filter(meeting__in=meetings).order_by("meeting", "position")
    for item in items:
        agendas.setdefault(item.meeting_id, []).append(item)
    return agendas
