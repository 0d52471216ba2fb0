"""The documents ratsflow writes: Einladung with Tagesordnung, Niederschrift, Auszug, Vorlage.

Each is a Django template rendered to PDF by WeasyPrint, in German and in the body's time
zone, with the body's name, the document's date and page numbers. The output depends on the
data and the given date only, so the same data gives the same PDF, byte for byte.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from documents.memo import Memo
from workflow.models import AgendaItem, Body, Consultation, HistoryEntry, Meeting, Paper
from workflow.proceedings import meeting_record
from workflow.selectors import AUSZUG_RELATIONS, agenda_parts, consultation_steps


@dataclass(frozen=True)
class Document:
    """A rendered document and the names it is stored and downloaded under."""

    title: str
    file_name: str
    content: bytes


def render_pdf(
    template: str, context: dict, *, body: Body, title: str, date: datetime.date
) -> bytes:
    """Render ``template`` (extending ``documents/base.html``) to PDF bytes."""
    with translation.override("de"), timezone.override(body.time_zone):
        html = render_to_string(
            template, {**context, "body": body, "title": title, "document_date": date}
        )
    return _pdf_of(html)


_PDFS: Memo[bytes] = Memo()


def _pdf_of(html: str) -> bytes:
    from weasyprint import HTML

    # Without a target, WeasyPrint returns the bytes (or raises), never None.
    return cast(bytes, _PDFS.get(html.encode(), lambda: HTML(string=html).write_pdf()))


def _loaded(meeting: Meeting) -> Meeting:
    """``meeting`` with what the documents show loaded. Read its state from the given
    instance: it may be in the middle of a transition, the new state not saved yet."""
    return Meeting.objects.select_related("organization", "location", "body").get(pk=meeting.pk)


def _file_stem(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def _transition_date(meeting: Meeting, transition: str) -> datetime.date | None:
    """When ``transition`` last happened to the meeting (the date a document carries)."""
    log = (
        HistoryEntry.objects.filter(object_id=meeting.pk, action=transition)
        .filter(content_type__app_label="workflow", content_type__model="meeting")
        .order_by("-at")
        .first()
    )
    return timezone.localdate(log.at) if log else None


def invitation(
    meeting: Meeting, *, confidential: bool, date: datetime.date | None = None
) -> Document:
    """Einladung with the Tagesordnung; ``confidential``: the members' version with the
    non-public part."""
    meeting = _loaded(meeting)
    items = agenda_parts(meeting, non_public=True)
    public = [item for item in items if item.public]
    non_public = [item for item in items if not item.public]
    date = date or _transition_date(meeting, "send_invitations") or timezone.localdate()
    title = f"Einladung {meeting.reference}"
    content = render_pdf(
        "documents/invitation.html",
        {
            "meeting": meeting,
            "public_items": public,
            "non_public_items": non_public if confidential else [],
            "has_non_public": bool(non_public),
            "confidential": confidential,
        },
        body=meeting.body,
        title=title,
        date=date,
    )
    suffix = "-mitglieder" if confidential else ""
    return Document(title, f"einladung-{_file_stem(meeting.reference)}{suffix}.pdf", content)


def minutes(meeting: Meeting, *, confidential: bool, date: datetime.date | None = None) -> Document:
    """Niederschrift: every TOP with Beschlussart, Beschluss, votes and minutes; the public
    version leaves the non-public part out."""
    draft = meeting.state != Meeting.State.MINUTES_APPROVED
    meeting = _loaded(meeting)
    date = date or _transition_date(meeting, "approve_minutes") or timezone.localdate()
    title = f"Niederschrift {meeting.reference}"
    items = agenda_parts(meeting, non_public=confidential)
    record = meeting_record(meeting, items)
    content = render_pdf(
        "documents/minutes.html",
        {
            "meeting": meeting,
            "rows": [(item, record.items[item.pk]) for item in items],
            "record": record,
            "confidential": confidential,
            "draft": draft,
        },
        body=meeting.body,
        title=title,
        date=date,
    )
    suffix = "-vollstaendig" if confidential else ""
    return Document(title, f"niederschrift-{_file_stem(meeting.reference)}{suffix}.pdf", content)


def auszug(item: AgendaItem) -> Document:
    """Auszug of one TOP, laid out like the Bürgerinformationssystem's Auszug page."""
    item = AgendaItem.objects.select_related(*AUSZUG_RELATIONS).get(pk=item.pk)
    meeting = item.meeting
    title = f"Auszug - {item.name}"
    content = render_pdf(
        "documents/auszug.html",
        {
            "item": item,
            "rec": meeting_record(meeting, [item]).items[item.pk],
            "meeting": meeting,
            "paper": item.consultation.paper if item.consultation is not None else None,
        },
        body=meeting.body,
        title=title,
        date=timezone.localtime(meeting.start, _zone(meeting.body)).date(),
    )
    stem = _file_stem(f"{meeting.reference} {item.number}")
    return Document(title, f"auszug-{stem}.pdf", content)


def paper_document(paper: Paper, *, agenda_items: QuerySet[AgendaItem] | None = None) -> Document:
    """The Vorlage with its Beratungsfolge; ``agenda_items``: the TOPs the reader may see
    (a queryset), whose results are shown per step."""
    paper = Paper.objects.select_related("paper_type", "lead_organization", "officer", "body").get(
        pk=paper.pk
    )
    steps: list[tuple[Consultation, AgendaItem | None]] = (
        consultation_steps(paper, agenda_items)
        if agenda_items is not None
        else [(c, None) for c in paper.consultations.select_related("organization")]
    )
    title = f"Vorlage {paper.reference}"
    content = render_pdf(
        "documents/paper.html",
        {"paper": paper, "steps": steps},
        body=paper.body,
        title=title,
        date=paper.date,
    )
    return Document(title, f"vorlage-{_file_stem(paper.reference)}.pdf", content)


def _zone(body: Body):
    import zoneinfo

    return zoneinfo.ZoneInfo(body.time_zone)
