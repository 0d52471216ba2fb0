"""One queryset per OParl object type: what the public may see (from
``workflow.selectors``), with every relation the serializer reads loaded in a fixed number
of queries, whatever the page size."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from documents.models import File
from documents.selectors import files_of_public_owners, public_files
from workflow import selectors
from workflow.models import Body, Consultation, LegislativeTerm, Location, Organization, Person


def _public_files() -> Prefetch:
    """The public files of a paper, meeting or TOP (each read through the public selectors
    already), with their current version."""
    return Prefetch(
        "files",
        queryset=files_of_public_owners().select_related("current").order_by("pk"),
        to_attr="public_files",
    )


_PUBLIC_ITEMS = Prefetch(
    "agenda_items",
    queryset=selectors.public_agenda_items().select_related("meeting").order_by("position"),
    to_attr="public_items",
)


def _public_memberships() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=selectors.public_memberships().order_by("pk"),
        to_attr="public_memberships",
    )


def bodies() -> QuerySet:
    return Body.objects.select_related("location").prefetch_related("legislative_terms")


def organizations() -> QuerySet:
    return Organization.objects.prefetch_related(_public_memberships())


def persons() -> QuerySet:
    return selectors.public_persons().prefetch_related(_public_memberships())


def memberships() -> QuerySet:
    return selectors.public_memberships()


_ITEM_RECORD = ("exclusions", "roll_call")


def meetings() -> QuerySet:
    return (
        selectors.public_meetings()
        .select_related("location", "organization")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=selectors.public_agenda_items()
                .select_related("result", "consultation")
                .prefetch_related(_public_files(), *_ITEM_RECORD)
                .order_by("position"),
                to_attr="public_items",
            ),
            Prefetch(
                "attendance",
                queryset=selectors.meeting_participants().order_by("position", "pk"),
                to_attr="participants",
            ),
            _public_files(),
        )
    )


def _public_order() -> Coalesce:
    """OParl's ``order``: the TOP's index (from 0) in its meeting's ``agendaItem`` list, which
    holds the public TOPs by position: the number of public TOPs before it."""
    before = (
        selectors.public_agenda_items()
        .filter(meeting=OuterRef("meeting"), position__lt=OuterRef("position"))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(before, output_field=IntegerField()), 0)


def agenda_items() -> QuerySet:
    return (
        selectors.public_agenda_items()
        .select_related("result", "consultation")
        .prefetch_related(_public_files(), *_ITEM_RECORD)
        .annotate(public_order=_public_order())
    )


def consultations() -> QuerySet:
    return selectors.public_consultations().prefetch_related(_PUBLIC_ITEMS)


def papers() -> QuerySet:
    public = selectors.public_papers().only("pk")
    return (
        selectors.public_papers()
        .select_related("paper_type", "officer")
        .prefetch_related(
            # Lists (to_attr), not managers: a manager's .all() per paper costs a queryset
            # clone each, which dominated the list page.
            Prefetch(
                "originator_persons",
                queryset=Person.objects.only("pk"),
                to_attr="originator_person_list",
            ),
            Prefetch(
                "originator_organizations",
                queryset=Organization.objects.only("pk"),
                to_attr="originator_organization_list",
            ),
            Prefetch("related_papers", queryset=public, to_attr="public_related"),
            Prefetch("superordinate_papers", queryset=public, to_attr="public_superordinate"),
            Prefetch("subordinate_papers", queryset=public, to_attr="public_subordinate"),
            # the Antwort of a public Anfrage of members (the paper is public with it)
            Prefetch("filing", queryset=selectors.public_answers()),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.order_by("position").prefetch_related(_PUBLIC_ITEMS),
                to_attr="consultation_list",
            ),
            _public_files(),
        )
    )


def files() -> QuerySet[File]:
    return public_files().select_related("current")


def legislative_terms() -> QuerySet:
    return LegislativeTerm.objects.all()


def locations() -> QuerySet:
    return Location.objects.all()


# OParl type -> what the public sees of it (the views pair each with its serializer)
PUBLIC = {
    "body": bodies,
    "organization": organizations,
    "person": persons,
    "membership": memberships,
    "meeting": meetings,
    "agendaItem": agenda_items,
    "consultation": consultations,
    "paper": papers,
    "location": locations,
    "legislativeTerm": legislative_terms,
    "file": files,
}
