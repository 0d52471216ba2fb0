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
