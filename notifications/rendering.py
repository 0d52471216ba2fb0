"""A notification as an e-mail: subject, plain text and HTML, in the recipient's language,
with the meeting's calendar entry attached where the message is about a meeting's date.

Templates: ``notifications/<language>/<kind>.subject.txt`` and ``….txt``; the HTML version
is the same text in ``notifications/message.html``.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Feedback, Notification
from workflow import calendars
from workflow.models import Filing, HistoryEntry, Meeting, Paper
from workflow.selectors import FILING_RELATIONS, agenda_parts

Kind = Notification.Kind
WITH_CALENDAR = (Kind.INVITATION, Kind.MEETING_CANCELLED, Kind.MEETING_MOVED)


def message_id(notification: Notification) -> str:
    """Stable per notification, so a receiving server can tell a repeat from a new mail."""
    digest = hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    return f"<{digest}@ratsflow>"


# The subject part of the context, per worker process: an invitation to 1,000 members
# loads its meeting and agenda once. Keyed by the subject's ``modified``, which every change
# through the services moves, so a changed meeting is never shown from the cache.
_recent: OrderedDict[tuple, dict] = OrderedDict()
RECENT_SIZE = 32


def context_of(notification: Notification) -> dict:
    """What the templates of ``notification`` show, loaded in a fixed number of queries."""
    context = {
        "notification": notification,
        "site": settings.SITE_URL.rstrip("/"),
        **_subject_context(notification),
    }
    if "subscription" in notification.context:
        _add_subscription(context, notification.context["subscription"])
    if "meeting" in notification.context:  # a reminder names the meeting it is about
        context["planned_meeting"] = (
            Meeting.objects.select_related("organization")
            .filter(pk=notification.context["meeting"])
            .first()
        )
        context["deadline"] = datetime.date.fromisoformat(notification.context["deadline"])
    if "waiting_since" in notification.context:
        context["waiting_since"] = datetime.date.fromisoformat(
            notification.context["waiting_since"]
        )
    if notification.kind == Kind.DIGEST:
        context["gathered"] = list(
            notification.gathered.select_related("content_type").order_by("created", "pk")
        )
        context["url"] = reverse("staff:workspace")
    return context


def _add_subscription(context: dict, subscription_id: int) -> None:
    """A subscriber's mail links to the public portal and carries the unsubscribe link."""
    from notifications.models import Subscription

    subscription = (
        Subscription.objects.select_related("paper", "organization")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return
    site = context["site"]
    context["subscription"] = subscription
    context["confirm_url"] = site + reverse(
        "portal:subscription_confirm", args=[subscription.token]
    )
    context["unsubscribe_url"] = site + reverse(
        "portal:subscription_end", args=[subscription.token]
    )
    if "meeting" in context:
        context["url"] = reverse("portal:meeting", args=[context["meeting"].pk])
    elif "item" in context and context["item"] is not None:
        context["url"] = reverse("portal:agenda-item", args=[context["item"].pk])
    else:
        context["url"] = reverse("portal:calendar")


def _subject_context(notification: Notification) -> dict:
    # Any: compared with Paper and Meeting, whose class objects mypy sees as Any (django_fsm).
    model: Any = notification.content_type.model_class()
    modified = (
        model.objects.filter(pk=notification.object_id).values_list("modified", flat=True).first()
        if model in (Paper, Meeting, Filing)
        else None
    )
    log_id = notification.context.get("log")
    key = (
        model,
        notification.object_id,
        modified,
        log_id,
        notification.confidential,
        notification.context.get("document"),
    )
    if modified is not None and key in _recent:
        _recent.move_to_end(key)
        return _recent[key]
    entry = (
        HistoryEntry.objects.filter(pk=log_id)
        .select_related(
            "by",
            "agenda_item__meeting__organization",
            "agenda_item__result",
            "agenda_item__consultation",
        )
        .first()
    )
    context: dict = {"entry": entry, "comment": entry.comment if entry else ""}
    if "document" in notification.context:  # the version this event made
        context["document_url"] = reverse(
            "documents:file_version",
            args=[notification.context["document"], notification.context["version"]],
        )
    if model is Paper:
        paper = Paper.objects.select_related(
            "paper_type", "lead_organization", "officer", "body"
        ).get(pk=notification.object_id)
        context.update(
            paper=paper,
            body=paper.body,
            # the TOP the event names (a reminder names none)
            item=entry.agenda_item if entry else None,
            url=reverse("staff:paper", args=[paper.pk]),
        )
    elif model is Filing:
        filing = Filing.objects.select_related(*FILING_RELATIONS).get(pk=notification.object_id)
        context.update(
            filing=filing,
            body=filing.body,
            url=reverse("staff:filing", args=[filing.pk]),
            **_deadline_context(filing),
        )
    elif model is Feedback:
        feedback = Feedback.objects.select_related("body").get(pk=notification.object_id)
        context.update(
            feedback=feedback,
            body=feedback.body,
            url=reverse("admin:notifications_feedback_change", args=[feedback.pk]),
        )
    elif model is Meeting:
        meeting = Meeting.objects.select_related("organization", "location", "body").get(
            pk=notification.object_id
        )
        context.update(
            meeting=meeting,
            body=meeting.body,
            items=agenda_parts(meeting, non_public=notification.confidential),
            # how many, never what: only mails without the non-public part need it
            non_public_count=None
            if notification.confidential
            else meeting.agenda_items.filter(public=False).count(),
            url=reverse("staff:meeting", args=[meeting.pk]),
        )
    if modified is not None:
        _recent[key] = context
        while len(_recent) > RECENT_SIZE:
            _recent.popitem(last=False)
    return context


def _deadline_context(filing: Filing) -> dict[str, Any]:
    """For a filed Antrag: the requested committee's next meeting, and whether the filing
    came before its Antragsfrist (or is a Dringlichkeitsantrag)."""
    if filing.filed_at is None:
        return {}
    meeting = (
        Meeting.objects.filter(
            organization=filing.committee_id,
            state__in=Meeting.NOT_YET_HELD_STATES,
            start__gt=filing.filed_at,
        )
        .order_by("start")
        .first()
    )
    if meeting is None:
        return {"next_meeting": None}
    return {
        "next_meeting": meeting,
        "deadline": filing.deadline_for(meeting),
        "in_time": filing.in_time_for(meeting),
    }


def render(notification: Notification) -> EmailMultiAlternatives:
    context = context_of(notification)
    body = context.get("body")
    zone = body.time_zone if body else settings.TIME_ZONE
    with translation.override(notification.language), timezone.override(zone):
        context["gathered_subjects"] = [
            _subject(n, context_of(n)) for n in context.get("gathered", [])
        ]
        subject = _subject(notification, context)
        text = render_to_string(_template(notification, "txt"), context).strip() + "\n"
        html = render_to_string(
            "notifications/message.html", {**context, "subject": subject, "text": text}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[
            f"{notification.name} <{notification.email}>"
            if notification.name
            else notification.email
        ],
        headers={"Message-ID": message_id(notification), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    if "feedback" in context and context["feedback"].email:  # "Antworten" reaches the writer
        message.reply_to = [context["feedback"].email]
    if "unsubscribe_url" in context and notification.kind != Kind.SUBSCRIPTION_CONFIRM:
        message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if notification.kind in WITH_CALENDAR:
        meeting = context["meeting"]
        description = "\n".join(f"{i.number} {i.name}" for i in context["items"])
        ics = calendars.meeting_message(
            meeting, description=description, url=context["site"] + context["url"]
        )
        method = "CANCEL" if meeting.cancelled else "REQUEST"
        message.attach("sitzung.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


def _template(notification: Notification, suffix: str) -> str:
    language = notification.language if notification.language in ("de", "en") else "de"
    return f"notifications/{language}/{notification.kind}.{suffix}"


def _subject(notification: Notification, context: dict) -> str:
    subject = render_to_string(_template(notification, "subject.txt"), context)
    return " ".join(subject.split())
