"""Who gets what: one row per event of the workflow, read top to bottom.

An event (``workflow.events.Event``) is a history entry of a paper or meeting, written by the
services in the transaction of the change, naming the TOP it is about. ``RULES`` maps
(subject, transition) to the notifications it causes: their kind, their recipients, and when
they apply. Every rule reads the event's own TOP, never "the paper's latest".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.db.models import Q, QuerySet

from notifications.models import Notification, Subscription
from notifications.recipients import (
    Recipient,
    asked_co_signer,
    asked_deputy,
    author,
    chairs,
    clerks,
    filing_side,
    heads,
    invitees,
    paper_side,
    statement_department,
    subscriber,
    unique,
)
from workflow.events import Event
from workflow.models import (
    AgendaItem,
    Filing,
    HistoryEntry,
    Meeting,
    Paper,
    ResolutionKind,
    SignOff,
)
from workflow.models.meeting import PUBLISHED_AGENDA_STATES, results_published
from workflow.permissions import headed_organizations

Kind = Notification.Kind


def _effect(event: Event) -> str | None:
    """The effect of the Beschlussart recorded on the event's TOP."""
    item = event.agenda_item
    return item.result.effect if item is not None and item.result is not None else None


# Each row of RULES is of one kind of subject; its rules read the subject as that kind.
def _paper(event: Event) -> Paper:
    return cast(Paper, event.subject)


def _filing(event: Event) -> Filing:
    return cast(Filing, event.subject)


def _filing_side(event: Event) -> list[Recipient]:
    return filing_side(_filing(event))


def _clerks_of_steps(event: Event) -> list[Recipient]:
    """The Sitzungsdienst of every committee of the paper's Beratungsfolge."""
    steps = _paper(event).consultations.select_related("organization").order_by("position")
    return [recipient for step in steps for recipient in clerks(step.organization)]


def _filed(event: Event) -> list[Recipient]:
    """The Sitzungsdienst of the committee asked for, and the filing's side (confirmation)."""
    return clerks(_filing(event).committee) + filing_side(_filing(event))


def _meeting(event: Event) -> Meeting:
    return cast(Meeting, event.subject)


def _item(event: Event) -> AgendaItem:
    """The event's TOP, for rules that apply only to an event about one."""
    return cast(AgendaItem, event.agenda_item)


@dataclass(frozen=True)
class Rule:
    kind: str
    recipients: Callable[[Event], list[Recipient]]
    applies: Callable[[Event], bool] = lambda event: True
    # The message shows the non-public part (only ever to the committee's members).
    confidential: bool = False


def _paper_side(event: Event) -> list[Recipient]:
    return paper_side(_paper(event))


def _pending_sign_offs(event: Event) -> QuerySet[SignOff]:
    """The Freigaben the paper still awaits after this event (the actor's own, given in
    this very event, no longer count)."""
    pending = _paper(event).sign_offs.pending()
    if event.name == "sign_off" and event.entry.by is not None:
        pending = pending.exclude(organization__in=headed_organizations(event.entry.by))
    return pending


def _next_clerks(event: Event) -> list[Recipient]:
    """The Sitzungsdienst of the committee the paper goes to next."""
    step = _paper(event).current_consultation()
    return clerks(step.organization) if step else []


def _submitted(event: Event) -> list[Recipient]:
    """The paper's side (confirmation), and the Sitzungsdienst of its first committee once
    it can be scheduled (no Freigabe awaited)."""
    ready = not _pending_sign_offs(event).exists()
    return paper_side(_paper(event)) + (_next_clerks(event) if ready else [])


def _heads_asked(event: Event) -> list[Recipient]:
    return heads(_pending_sign_offs(event).values_list("organization", flat=True))


def _ready_now(event: Event) -> bool:
    """The last awaited Freigabe was given: the paper can go on an agenda."""
    return not _pending_sign_offs(event).exists()


def _withdrawn_from_agenda(event: Event) -> bool:
    """Withdrawn while waiting on an agenda (not by the result "zurückgezogen" at the
    meeting itself)."""
    return event.agenda_item is not None and event.agenda_item.result_id is None


def _meeting_side(event: Event) -> list[Recipient]:
    """The Sitzungsdienst and the chair of the meeting the paper was on; after the
    invitations everyone invited."""
    meeting = _item(event).meeting
    found = clerks(meeting.organization) + chairs(meeting.organization)
    if meeting.state == Meeting.State.INVITED:
        found += invitees(meeting.organization)
    return found


def _chairs(event: Event) -> list[Recipient]:
    return chairs(_meeting(event).organization)


def _clerks(event: Event) -> list[Recipient]:
    return clerks(_meeting(event).organization)


def _invitees(event: Event) -> list[Recipient]:
    return invitees(_meeting(event).organization)


def _invitations_out(event: Event) -> bool:
    return event.subject.state == Meeting.State.INVITED


def _agenda_published(event: Event) -> bool:
    return event.subject.state in PUBLISHED_AGENDA_STATES


def _was_invited(event: Event) -> bool:
    return event.entry.source_state == Meeting.State.INVITED


def _deferred(event: Event) -> bool:
    return _effect(event) in (ResolutionKind.Effect.DEFERRAL, ResolutionKind.Effect.REFERRAL)


def _removed(event: Event) -> bool:
    item = event.agenda_item
    return item is not None and item.removed


def _recommended(event: Event) -> bool:
    """A Vorberatung concluded: its result is a Beschlussempfehlung, not the decision."""
    return _effect(event) in ResolutionKind.CONCLUDING


def _agenda_subscribers(event: Event) -> list[Recipient]:
    """Confirmed subscribers of the committee, of a paper on a public TOP of the now published
    agenda, or of a term in such a paper's title."""
    meeting = _meeting(event)
    papers = list(
        Paper.objects.filter(
            consultations__agenda_items__meeting=meeting,
            consultations__agenda_items__public=True,
        ).distinct()
    )
    found = []
    for subscription in Subscription.objects.filter(confirmed_at__isnull=False).order_by("pk"):
        if subscription.target == Subscription.Target.TERM:
            term = subscription.term.casefold()
            follows = any(term in paper.name.casefold() for paper in papers)
        else:
            follows = subscription.organization_id == meeting.organization_id or (
                subscription.paper_id in {paper.pk for paper in papers}
            )
        if follows:
            found.append(subscriber(subscription))
    return found


def _result_subscribers(event: Event) -> list[Recipient]:
    """Confirmed subscribers of the paper, or of the committee whose public TOP decided."""
    item = _item(event)
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(paper=event.subject) | Q(organization_id=item.meeting.organization_id)
    )
    return [subscriber(s) for s in subscriptions.order_by("pk")]


def _results_public(meeting: Meeting) -> bool:
    return results_published(meeting.state, at_once=meeting.body.publish_results_at_once)


def _published_result(event: Event) -> bool:
    """The result was recorded on a public TOP whose results are public: during the meeting
    if the body publishes results at once (otherwise the meeting's close tells the
    subscribers, ``_results_held_back``), or after its close."""
    item = event.agenda_item
    return (
        item is not None
        and item.public
        and item.result_id is not None
        and _results_public(item.meeting)
    )


def _results_held_back(event: Event) -> bool:
    """Closed with results of public TOPs (an Absetzung is one) held back until now."""
    meeting = _meeting(event)
    return (
        not meeting.body.publish_results_at_once
        and meeting.agenda_items.filter(public=True)
        .filter(Q(result__isnull=False) | Q(removed=True))
        .exists()
    )


_TOLD_OF_AMENDMENT = Rule(
    Kind.AGENDA_AMENDED, _invitees, applies=_invitations_out, confidential=True
)

RULES: dict[tuple[type, str], tuple[Rule, ...]] = {
    (Paper, "submit"): (
        Rule(Kind.PAPER_SUBMITTED, _submitted),
        Rule(Kind.SIGN_OFF_REQUESTED, _heads_asked),
    ),
    (Paper, "sign_off"): (
        Rule(Kind.SIGN_OFF_GIVEN, _paper_side),
        Rule(Kind.PAPER_READY, _next_clerks, applies=_ready_now),
    ),
    (Paper, "refuse_sign_off"): (Rule(Kind.SIGN_OFF_REFUSED, _paper_side),),
    (Paper, "withdraw"): (
        Rule(Kind.PAPER_WITHDRAWN, _meeting_side, applies=_withdrawn_from_agenda),
    ),
    (Paper, "schedule"): (Rule(Kind.PAPER_SCHEDULED, _paper_side),),
    # Abgesetzt at the meeting: the paper's side learns it waits for another meeting.
    (Paper, "unschedule"): (Rule(Kind.PAPER_REMOVED, _paper_side, applies=_removed),),
    (Paper, "requeue"): (
        Rule(Kind.PAPER_DEFERRED, _paper_side, applies=_deferred),
        Rule(Kind.PAPER_RECOMMENDED, _paper_side, applies=_recommended),
        # the Vorberatung is over: the next committee's Sitzungsdienst can schedule it
        Rule(Kind.PAPER_READY, _next_clerks, applies=_recommended),
        Rule(Kind.PUBLIC_RESULT, _result_subscribers, applies=_published_result),
    ),
    (Paper, HistoryEntry.STATEMENT_REQUESTED): (
        Rule(Kind.STATEMENT_REQUESTED, lambda event: statement_department(_paper(event))),
    ),
    (Paper, HistoryEntry.STATEMENT_GIVEN): (Rule(Kind.STATEMENT_GIVEN, _clerks_of_steps),),
    (Paper, "resolve"): (
        Rule(Kind.PAPER_RESOLVED, _paper_side),
        Rule(Kind.PUBLIC_RESULT, _result_subscribers, applies=_published_result),
    ),
    (Filing, HistoryEntry.CO_SIGN_REQUESTED): (
        Rule(Kind.CO_SIGN_REQUESTED, lambda event: asked_co_signer(_filing(event))),
    ),
    (Filing, HistoryEntry.CO_SIGNED): (
        Rule(Kind.CO_SIGN_ANSWERED, lambda event: author(_filing(event))),
    ),
    (Filing, HistoryEntry.CO_SIGN_DECLINED): (
        Rule(Kind.CO_SIGN_ANSWERED, lambda event: author(_filing(event))),
    ),
    (Filing, "file"): (Rule(Kind.FILING_FILED, _filed),),
    (Filing, "return_to_authors"): (Rule(Kind.FILING_RETURNED, _filing_side),),
    (Filing, "register"): (Rule(Kind.FILING_REGISTERED, _filing_side),),
    (Filing, "give_answer"): (Rule(Kind.QUESTION_ANSWERED, _filed),),
    (Meeting, HistoryEntry.DEPUTY_ASKED): (
        Rule(Kind.DEPUTY_ASKED, lambda event: asked_deputy(_meeting(event)), confidential=True),
    ),
    (Meeting, "submit_agenda"): (Rule(Kind.AGENDA_SUBMITTED, _chairs),),
    (Meeting, "return_agenda"): (Rule(Kind.AGENDA_RETURNED, _clerks),),
    (Meeting, "approve_agenda"): (Rule(Kind.AGENDA_APPROVED, _clerks),),
    (Meeting, "send_invitations"): (
        Rule(Kind.INVITATION, _invitees, confidential=True),
        Rule(Kind.PUBLIC_AGENDA, _agenda_subscribers),
    ),
    # Closed: the results of the public TOPs are now public; the subscribers get them in one
    # mail (unless the body published each as it was recorded, PUBLIC_RESULT).
    (Meeting, "close"): (
        Rule(Kind.PUBLIC_RESULTS, _agenda_subscribers, applies=_results_held_back),
    ),
    (Meeting, "cancel"): (Rule(Kind.MEETING_CANCELLED, _invitees, applies=_was_invited),),
    # Moved: the invited get the updated calendar entry; once the agenda is published, the
    # subscribers hear of the new time too (without the clerk's reason).
    (Meeting, HistoryEntry.MOVED): (
        Rule(Kind.MEETING_MOVED, _invitees, applies=_invitations_out),
        Rule(Kind.PUBLIC_MEETING_MOVED, _agenda_subscribers, applies=_agenda_published),
    ),
    # A TOP added, put on a paper or moved after the invitations (a Nachtrag): the invited
    # get the change and the agenda as it now stands, non-public part included.
    (Meeting, HistoryEntry.AMENDED_AGENDA): (_TOLD_OF_AMENDMENT,),
    # Of the public part: the subscribers too, with the public agenda only and without the
    # clerk's reason (free text, which might say more than the public part does).
    (Meeting, HistoryEntry.AMENDED_PUBLIC_AGENDA): (
        _TOLD_OF_AMENDMENT,
        Rule(Kind.PUBLIC_AGENDA_AMENDED, _agenda_subscribers, applies=_invitations_out),
    ),
}


def planned(event: Event) -> list[tuple[Rule, Recipient]]:
    """Every (rule, recipient) the event causes, one per address and kind."""
    found = []
    for rule in RULES.get((type(event.subject), event.entry.action), ()):
        if rule.applies(event):
            found += [(rule, recipient) for recipient in unique(rule.recipients(event))]
    return found
