"""Tombstones for public objects that leave public view: deleted, or no longer public
because something they depend on changed (a meeting cancelled after its invitations, a TOP
made non-public, a file marked non-public, a committee turned into an administrative unit).

Before a save or delete that can change what the public sees, the objects it can affect
and which of them are public are noted; afterwards, those no longer public get a
tombstone (OParl ``deleted: true``), and a tombstone of an object that is public again is
removed. Objects that were never public leave nothing: outside, nobody knew of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from oparl import queries
from oparl.models import Tombstone
from workflow.models.meeting import is_published
from workflow.publication import papers_on_items, touches

# model label -> (OParl kind, lookup of its body's id)
TRACKED = {
    "workflow.Organization": ("organization", "body_id"),
    "workflow.Person": ("person", "body_id"),
    "workflow.Membership": ("membership", "organization__body_id"),
    "workflow.Meeting": ("meeting", "body_id"),
    "workflow.AgendaItem": ("agendaItem", "meeting__body_id"),
    "workflow.Paper": ("paper", "body_id"),
    "workflow.Consultation": ("consultation", "paper__body_id"),
    "workflow.Location": ("location", "body_id"),
    "workflow.LegislativeTerm": ("legislativeTerm", "body_id"),
    "documents.File": ("file", "body_id"),
}
BODY_LOOKUP = dict(TRACKED.values())

# model label -> the fields whose change can move other objects in or out of public view
WATCHED_FIELDS = {
    "workflow.Meeting": ("state",),
    "workflow.AgendaItem": ("public", "meeting_id", "consultation_id"),
    "workflow.Consultation": ("paper_id",),
    "workflow.Organization": ("organization_type",),
    "workflow.Membership": ("organization_id", "person_id"),
    "documents.File": ("confidential", "current_id", "paper_id", "meeting_id", "agenda_item_id"),
}

Candidates = dict[str, set[int]]
Public = dict[str, dict[int, tuple[int | None, Any]]]  # kind -> pk -> (body id, created)


def affected(label: str, rows: Iterable[dict[str, Any]]) -> Candidates:
    """The objects whose visibility can follow ``rows`` (field values of one model, before
    or after the change), the objects themselves included."""
    from documents.models import File
    from workflow.models import AgendaItem, Consultation, Membership, Paper

    found: Candidates = defaultdict(set)
    rows = list(rows)
    found[TRACKED[label][0]].update(row["pk"] for row in rows)
    meetings, items, papers, organizations, persons = set(), set(), set(), set(), set()
    if label == "workflow.Meeting":
        meetings = {row["pk"] for row in rows}
        items = set(AgendaItem.objects.filter(meeting__in=meetings).values_list("pk", flat=True))
    elif label == "workflow.AgendaItem":
        # (their papers follow below: the rows are what the database holds at each call)
        items = {row["pk"] for row in rows}
    elif label == "workflow.Consultation":
        papers = {row["paper_id"] for row in rows}
    elif label == "workflow.Organization":
        organizations = {row["pk"] for row in rows}
    elif label == "workflow.Membership":
        persons = {row["person_id"] for row in rows}
    if items:
        found["agendaItem"] |= items
        papers |= set(papers_on_items(pk__in=items))
    if papers:
        found["paper"] |= papers
        found["consultation"] |= set(
            Consultation.objects.filter(paper__in=papers).values_list("pk", flat=True)
        )
        persons |= set(
            Paper.originator_persons.through.objects.filter(paper__in=papers).values_list(
                "person_id", flat=True
            )
        )
    if organizations:
        memberships = Membership.objects.filter(organization__in=organizations)
        found["membership"] |= set(memberships.values_list("pk", flat=True))
        persons |= set(memberships.values_list("person_id", flat=True))
    found["person"] |= persons
    if meetings or items or papers:
        files = File.objects.filter(meeting__in=meetings) | File.objects.filter(
            agenda_item__in=items
        )
        found["file"] |= set(
            (files | File.objects.filter(paper__in=papers)).values_list("pk", flat=True)
        )
    return found


def public_among(candidates: Candidates) -> Public:
    public: Public = {}
    for kind, pks in candidates.items():
        rows = (
            queries.PUBLIC[kind]()
            .filter(pk__in=pks)
            .values_list("pk", BODY_LOOKUP[kind], "created")
        )
        public[kind] = {pk: (body_id, created) for pk, body_id, created in rows}
    return public


def _label(sender: type[Model]) -> str:
    return sender._meta.label


def _values(label: str, instance: Model) -> dict[str, Any]:
    return {"pk": instance.pk} | {
        field: getattr(instance, field) for field in WATCHED_FIELDS.get(label, ())
    }


def _can_matter(label: str, old: dict[str, Any] | None, instance: Any) -> bool:
    """Whether saving ``instance`` (``old``: its row before, None when new) can move
    anything in or out of public view; the cheap answer for the common saves. (``Any``
    here and below: a watched model, whose fields ``label`` names.)"""
    if old is None:
        # A new TOP on a published agenda can bring a paper back into view; nothing else
        # new can have been public before.
        return label == "workflow.AgendaItem" and is_published(instance.meeting.state)
    if {k: v for k, v in old.items() if k in WATCHED_FIELDS[label]} == _values(label, instance):
        return False
    if label == "workflow.Meeting":
        return is_published(old["state"]) != is_published(instance.state)
    if label == "workflow.AgendaItem" and old["meeting_id"] == instance.meeting_id:
        return is_published(old["meeting__state"])  # a TOP of an unpublished agenda: unseen
    return True


def note_before(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """pre_save / pre_delete: what the change can affect, and which of it is public now."""
    label = _label(sender)
    instance._oparl_before = None
    if instance.pk is None:
        return
    fields = WATCHED_FIELDS.get(label, ())
    saving = kwargs.get("signal") is pre_save
    if saving and not touches(kwargs, set(fields) | {f.removesuffix("_id") for f in fields}):
        return  # e.g. a meeting's version counter: nothing watched is written
    extra = ("meeting__state",) if label == "workflow.AgendaItem" else ()
    old = sender._base_manager.filter(pk=instance.pk).values("pk", *fields, *extra).first()
    if old is None:
        return
    if not saving:
        if extra and not is_published(old["meeting__state"]):
            return  # a TOP of an unpublished agenda: nobody outside saw it or its paper
    elif not _can_matter(label, old, instance):
        return
    old = {k: v for k, v in old.items() if k not in extra}
    candidates = affected(label, [old])
    publishing = label == "workflow.Meeting" and is_published(instance.state)
    if publishing and saving:  # nothing can go
        instance._oparl_before = (candidates, {})
        return
    instance._oparl_before = (candidates, public_among(candidates))


def settle_after(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete: tombstones for what left public view, none for what is
    public (again)."""
    label = _label(sender)
    before = getattr(instance, "_oparl_before", None)
    instance._oparl_before = None
    if before is None:
        if not (kwargs.get("created") and _can_matter(label, None, instance)):
            return
        before = ({}, {})
    candidates, public_before = before
    now: Candidates
    if kwargs.get("signal") is post_delete:
        now = candidates
    else:
        now = affected(label, [_values(label, instance)])
        for kind, pks in candidates.items():
            now.setdefault(kind, set()).update(pks)
    # What was public and is not now: only those public before can have gone.
    still = public_among({kind: set(rows) for kind, rows in public_before.items() if rows})
    for kind, rows in public_before.items():
        for pk, (body_id, created_at) in rows.items():
            if pk not in still.get(kind, {}):
                Tombstone.objects.update_or_create(
                    kind=kind, object_id=pk, defaults={"body_id": body_id, "created": created_at}
                )
    # Tombstones of objects that are public again: usually there are none to look at.
    among = Q()
    for kind, pks in now.items():
        if pks:
            among |= Q(kind=kind, object_id__in=pks)
    if not among:
        return
    buried: dict[str, set[int]] = defaultdict(set)
    for kind, pk in Tombstone.objects.filter(among).values_list("kind", "object_id"):
        buried[kind].add(pk)
    back = Q()
    for kind, rows in public_among(buried).items():
        if rows:
            back |= Q(kind=kind, object_id__in=rows)
    if back:
        Tombstone.objects.filter(back).delete()


def connect() -> None:
    from django.apps import apps

    for label in TRACKED:
        model = apps.get_model(label)
        uid = f"oparl-tombstone-{label}"
        pre_delete.connect(note_before, sender=model, dispatch_uid=uid + "-pre-delete")
        post_delete.connect(settle_after, sender=model, dispatch_uid=uid + "-post-delete")
        if label in WATCHED_FIELDS:
            pre_save.connect(note_before, sender=model, dispatch_uid=uid + "-pre-save")
            post_save.connect(settle_after, sender=model, dispatch_uid=uid + "-post-save")
