"""Daily reminders (beat task ``send_reminders``), configured per body:

- Bearbeiter/-innen of papers still in ``draft`` or ``submitted`` (not yet on an agenda),
  ``Body.reminder_days`` days before the Annahmeschluss (``Body.submission_deadline_days``
  before the meeting) of the next meeting of the committee the paper goes to next;
- chairs of agendas that have waited ``Body.agenda_reminder_days`` days or more for their
  approval, once a day;
- the department that is to answer an Anfrage (its head and staff),
  ``Body.answer_reminder_days`` days before the Antwort is due, and on the day after.

Each reminder has a key of its own (paper, meeting, day), so running the task twice a day
reminds once.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from notifications.models import Notification
from notifications.outbox import Planned, write
from notifications.recipients import chairs, paper_side
from workflow.models import Body, Filing, HistoryEntry, Meeting, Paper
from workflow.selectors import next_committee

Kind = Notification.Kind


@transaction.atomic
def send_reminders(today: datetime.date | None = None) -> list[Notification]:
    today = today or timezone.localdate()
    planned: list[Planned] = []
    for body in Body.objects.all():
        planned += (
            _paper_reminders(body, today)
            + _agenda_reminders(body, today)
            + _answer_reminders(body, today)
        )
    return write(planned)


def _paper_reminders(body: Body, today: datetime.date) -> list[Planned]:
    if not body.reminder_days:
        return []
    # Meetings whose Annahmeschluss is ``reminder_days`` from today.
    meeting_day = today + datetime.timedelta(
        days=body.reminder_days + body.submission_deadline_days
    )
    meetings = {
        m.organization_id: m
        for m in Meeting.objects.filter(
            body=body,
            state__in=(Meeting.State.PLANNED, Meeting.State.AGENDA_SUBMITTED),
            start__date=meeting_day,
        )
        .select_related("organization")
        .order_by("-start")
    }
    if not meetings:
        return []
    deadline = meeting_day - datetime.timedelta(days=body.submission_deadline_days)
    papers = (
        Paper.objects.filter(body=body, state__in=(Paper.State.DRAFT, Paper.State.SUBMITTED))
        .annotate(next_committee=next_committee())
        .filter(next_committee__in=list(meetings))
        .order_by("pk")
    )
    return [
        Planned(
            kind=Kind.PAPER_REMINDER,
            recipient=recipient,
            subject=paper,
            key=f"reminder:{paper.pk}:{meetings[paper.next_committee].pk}:{recipient.email.lower()}",
            context={"meeting": meetings[paper.next_committee].pk, "deadline": str(deadline)},
        )
        for paper in papers
        for recipient in paper_side(paper)
    ]


def _agenda_reminders(body: Body, today: datetime.date) -> list[Planned]:
    if not body.agenda_reminder_days:
        return []
    submitted_at = Subquery(
        HistoryEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=OuterRef("pk"),
            action="submit_agenda",
        )
        .values("object_id")
        .annotate(last=Max("at"))
        .values("last")[:1]
    )
    cutoff = timezone.now() - datetime.timedelta(days=body.agenda_reminder_days)
    waiting = (
        Meeting.objects.filter(body=body, state=Meeting.State.AGENDA_SUBMITTED)
        .annotate(submitted_at=submitted_at)
        .filter(submitted_at__lte=cutoff)
        .select_related("organization")
        .order_by("start")
    )
    return [
        Planned(
            kind=Kind.AGENDA_REMINDER,
            recipient=recipient,
            subject=meeting,
            key=f"reminder-agenda:{meeting.pk}:{today}:{recipient.email.lower()}",
            context={"waiting_since": str(timezone.localdate(meeting.submitted_at))},
        )
        for meeting in waiting
        for recipient in chairs(meeting.organization)
    ]


def _answer_reminders(body: Body, today: datetime.date) -> list[Planned]:
    if not body.answer_reminder_days:
        return []
    soon = today + datetime.timedelta(days=body.answer_reminder_days)
    overdue = today - datetime.timedelta(days=1)
    questions = (
        Filing.objects.filter(
            body=body,
            kind=Filing.Kind.QUESTION,
            state=Filing.State.REGISTERED,
            answer_due__in=(soon, overdue),
            paper__isnull=False,
        )
        .select_related("paper")
        .order_by("pk")
    )
    return [
        Planned(
            kind=Kind.ANSWER_REMINDER,
            recipient=recipient,
            subject=question,
            key=f"reminder-answer:{question.pk}:{today}:{recipient.email.lower()}",
            context={"overdue": question.answer_due < today},
        )
        for question in questions
        for recipient in paper_side(question.paper)
    ]
