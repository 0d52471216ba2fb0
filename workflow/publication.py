"""Which papers the public may read, kept as rows (``PaperPublication``) so that the
public lists and the search need no join through the agendas.

The rule lives here and only here: a paper is public while it is on a public TOP of a
meeting whose agenda is published (invitations sent), or was on one until the meeting set it
down (Absetzung), and a public Anfrage of members once it has its Antwort. ``refresh``
applies it to the papers a change can affect; the receivers below call it after every save
or delete of a TOP, a meeting or a consultation, in the same transaction, before the OParl
receivers (connected later) look at what is public.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal
from django.utils import timezone

from workflow.models import (
    AgendaDecision,
    AgendaItem,
    Body,
    Consultation,
    Filing,
    Meeting,
    Paper,
    PaperPublication,
)
from workflow.models.meeting import is_published, results_published
from workflow.selectors import public_agenda_items

# Sent when papers (``paper_ids``) or a meeting's agenda (``meeting_ids``) came into public
# view or left it, at ``moment``: what belongs to them (files) can follow.
visibility_changed = Signal()


def on_public_agenda() -> Exists:
    """On one of the public TOPs of ``selectors.public_agenda_items``."""
    return Exists(public_agenda_items().filter(consultation__paper=OuterRef("pk")))


def answered_public_question() -> Exists:
    """A public Anfrage of members that has its Antwort (published with it)."""
    return Exists(
        Filing.objects.filter(
            paper=OuterRef("pk"),
            kind=Filing.Kind.QUESTION,
            public=True,
            state=Filing.State.ANSWERED,
        )
    )


def removed_from_public_agenda() -> Exists:
    """Abgesetzt from a public TOP of a published agenda: public there, it stays so while it
    waits for another meeting (the TOP no longer names it)."""
    return Exists(
        AgendaDecision.objects.filter(
            paper=OuterRef("pk"),
            kind=AgendaDecision.Kind.REMOVAL,
            agenda_item__in=public_agenda_items(),
        )
    )


def public_rule() -> Q:
    """The rule, as an expression over ``Paper``."""
    return Q(on_public_agenda()) | Q(removed_from_public_agenda()) | Q(answered_public_question())


def refresh(paper_ids: Iterable[int | None]) -> tuple[set[int], set[int]]:
    """Publish or withdraw ``paper_ids`` by the rule; the ids published and withdrawn. A
    paper that changes either way gets a new ``modified``, so OParl clients that sync by
    ``modified_since`` see it (and so do its consultations, public with it)."""
    ids = {pk for pk in paper_ids if pk is not None}
    if not ids:
        return set(), set()
    return _apply(Paper.objects.filter(pk__in=ids))


def refresh_all() -> tuple[set[int], set[int]]:
    """Apply the rule to every paper (after a bulk import, or to repair)."""
    return _apply(Paper.objects.all())


def _apply(papers: QuerySet[Paper]) -> tuple[set[int], set[int]]:
    public = set(papers.filter(public_rule()).values_list("pk", flat=True))
    listed = set(
        PaperPublication.objects.filter(paper__in=papers).values_list("paper_id", flat=True)
    )
    now = timezone.now()
    published, withdrawn = public - listed, listed - public
    if published:
        PaperPublication.objects.bulk_create(
            [PaperPublication(paper_id=pk, since=now) for pk in published], batch_size=5000
        )
    if withdrawn:
        PaperPublication.objects.filter(paper_id__in=withdrawn).delete()
    if published or withdrawn:
        changed = published | withdrawn
        Paper.objects.filter(pk__in=changed).update(modified=now)
        Consultation.objects.filter(paper__in=changed).update(modified=now)
        visibility_changed.send(Paper, paper_ids=changed, meeting_ids=set(), moment=now)
    return published, withdrawn


# -- receivers ------------------------------------------------------------------------


def papers_on_items(**filters: Any) -> list[int]:
    """The papers on the TOPs that ``filters`` select."""
    return list(
        AgendaItem.objects.filter(consultation__isnull=False, **filters).values_list(
            "consultation__paper_id", flat=True
        )
    )


def touches(kwargs: dict[str, Any], fields: set[str]) -> bool:
    """Whether a save (its pre_save/post_save ``kwargs``) can change one of ``fields``, by
    name or attname (a save without update_fields can)."""
    update_fields = kwargs.get("update_fields")
    return update_fields is None or bool(fields & set(update_fields))


ITEM_FIELDS = {"public", "meeting", "meeting_id", "consultation", "consultation_id"}


def _remember_item(sender: type, instance: AgendaItem, **kwargs: Any) -> None:
    instance._papers_before = (
        papers_on_items(pk=instance.pk) if instance.pk and touches(kwargs, ITEM_FIELDS) else []
    )


def _item_changed(sender: type, instance: AgendaItem, **kwargs: Any) -> None:
    if not touches(kwargs, ITEM_FIELDS):
        return
    papers = getattr(instance, "_papers_before", [])
    if instance.consultation_id is not None:
        papers = papers + list(
            Consultation.objects.filter(pk=instance.consultation_id).values_list(
                "paper_id", flat=True
            )
        )
    refresh(papers)


def _remember_meeting(sender: type, instance: Meeting, **kwargs: Any) -> None:
    instance._state_before = (
        Meeting.objects.filter(pk=instance.pk).values_list("state", flat=True).first()
        if instance.pk and touches(kwargs, {"state"})
        else instance.state  # new, or the state is not saved: no change
    )


def _meeting_changed(sender: type, instance: Meeting, **kwargs: Any) -> None:
    before = getattr(instance, "_state_before", instance.state)
    agenda_changed = is_published(before) != is_published(instance.state)
    closed_or_reopened = results_published(before, at_once=False) != results_published(
        instance.state, at_once=False
    )
    # at the close the results come into view, unless they were public at once (the body
    # is read only then)
    if agenda_changed or (closed_or_reopened and not instance.body.publish_results_at_once):
        # the TOPs come into view (or leave it) with the agenda, their results with the close
        _tops_seen_anew({instance.pk})
        refresh(papers_on_items(meeting=instance.pk))


def _tops_seen_anew(meeting_ids: set[int]) -> None:
    """The TOPs of these meetings (or their results) came into public view or left it: a new
    ``modified`` for OParl clients that sync by ``modified_since``, for them and their files."""
    now = timezone.now()
    AgendaItem.objects.filter(meeting__in=meeting_ids).update(modified=now)
    visibility_changed.send(Meeting, paper_ids=set(), meeting_ids=meeting_ids, moment=now)


def _remember_consultation(sender: type, instance: Consultation, **kwargs: Any) -> None:
    instance._paper_before = (
        Consultation.objects.filter(pk=instance.pk).values_list("paper_id", flat=True).first()
        if instance.pk
        else None
    )


def _consultation_changed(sender: type, instance: Consultation, **kwargs: Any) -> None:
    refresh([getattr(instance, "_paper_before", None), instance.paper_id])


def _remember_body(sender: type, instance: Body, **kwargs: Any) -> None:
    before = (
        Body.objects.filter(pk=instance.pk)
        .values_list("publish_results_at_once", flat=True)
        .first()
        if instance.pk and touches(kwargs, {"publish_results_at_once"})
        else None
    )
    # new, or the flag is not saved: no change
    instance._at_once_before = instance.publish_results_at_once if before is None else before


def _body_changed(sender: type, instance: Body, **kwargs: Any) -> None:
    """Results published at once, or no longer: those of the meetings under way come into
    view (or leave it)."""
    if getattr(instance, "_at_once_before", instance.publish_results_at_once) == (
        instance.publish_results_at_once
    ):
        return
    under_way = set(
        Meeting.objects.filter(body=instance, state=Meeting.State.INVITED).values_list(
            "pk", flat=True
        )
    )
    if under_way:
        _tops_seen_anew(under_way)


def connect() -> None:
    pre_save.connect(_remember_body, sender=Body, dispatch_uid="publication-body-pre")
    post_save.connect(_body_changed, sender=Body, dispatch_uid="publication-body")
    pre_save.connect(_remember_item, sender=AgendaItem, dispatch_uid="publication-item-pre")
    post_save.connect(_item_changed, sender=AgendaItem, dispatch_uid="publication-item")
    post_delete.connect(_item_changed, sender=AgendaItem, dispatch_uid="publication-item-del")
    pre_save.connect(_remember_meeting, sender=Meeting, dispatch_uid="publication-meeting-pre")
    post_save.connect(_meeting_changed, sender=Meeting, dispatch_uid="publication-meeting")
    pre_save.connect(
        _remember_consultation, sender=Consultation, dispatch_uid="publication-consultation-pre"
    )
    post_save.connect(
        _consultation_changed, sender=Consultation, dispatch_uid="publication-consultation"
    )
    post_delete.connect(
        _consultation_changed, sender=Consultation, dispatch_uid="publication-consultation-del"
    )
