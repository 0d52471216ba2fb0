"""Who gets what: one row per event of the workflow, read top to bottom.

An event is a history entry (``TransitionLog``) of a paper or meeting, written by the services
in the transaction of the change. ``RULES`` maps (subject, transition) to the notifications
it causes: their kind, their recipients, and when they apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from notifications.models import Notification
from notifications.recipients import Recipient, chairs, clerks, invitees, paper_side, unique
from workflow.models import AgendaItem, Meeting, Paper, ResolutionKind, TransitionLog

Kind = Notification.Kind


@dataclass
class Event:
    """A history entry with its paper or meeting."""

    log: TransitionLog
    subject: Paper | Meeting

    @cached_property
    def agenda_item(self) -> AgendaItem | None:
        """For a paper: its latest TOP (where it was scheduled, deferred or decided)."""
        if not isinstance(self.subject, Paper):
            return None
        return (
            AgendaItem.objects.filter(consultation__paper=self.subject)
            .select_related("meeting__organization", "result", "consultation")
            .order_by("-meeting__start", "-pk")
            .first()
        )

    @property
    def effect(self) -> str | None:
        item = self.agenda_item
        return item.result.effect if item is not None and item.result_id else None


@dataclass(frozen=True)
class Rule:
    kind: str
    recipients: Callable[[Event], list[Recipient]]
    applies: Callable[[Event], bool] = lambda event: True
    # The message shows the non-public part (only ever to the committee's members).
    confidential: bool = False


def _paper_side(event: Event) -> list[Recipient]:
    return paper_side(event.subject)


def _submitted(event: Event) -> list[Recipient]:
    """The paper's side (confirmation) and the Sitzungsdienst of its first committee."""
    first = event.subject.consultations.select_related("organization").order_by("position")
    step = first.first()
    return paper_side(event.subject) + (clerks(step.organization) if step else [])


def _chairs(event: Event) -> list[Recipient]:
    return chairs(event.subject.organization)


def _clerks(event: Event) -> list[Recipient]:
    return clerks(event.subject.organization)


def _invitees(event: Event) -> list[Recipient]:
    return invitees(event.subject.organization)


def _was_invited(event: Event) -> bool:
    return event.log.source_state == Meeting.State.INVITED


def _deferred(event: Event) -> bool:
    return event.effect in (ResolutionKind.Effect.DEFERRAL, ResolutionKind.Effect.REFERRAL)


def _recommended(event: Event) -> bool:
    """A Vorberatung concluded: its result is a Beschlussempfehlung, not the decision."""
    return event.effect in ResolutionKind.CONCLUDING


RULES: dict[tuple[type, str], tuple[Rule, ...]] = {
    (Paper, "submit"): (Rule(Kind.PAPER_SUBMITTED, _submitted),),
    (Paper, "schedule"): (Rule(Kind.PAPER_SCHEDULED, _paper_side),),
    (Paper, "requeue"): (
        Rule(Kind.PAPER_DEFERRED, _paper_side, applies=_deferred),
        Rule(Kind.PAPER_RECOMMENDED, _paper_side, applies=_recommended),
    ),
    (Paper, "resolve"): (Rule(Kind.PAPER_RESOLVED, _paper_side),),
    (Meeting, "submit_agenda"): (Rule(Kind.AGENDA_SUBMITTED, _chairs),),
    (Meeting, "return_agenda"): (Rule(Kind.AGENDA_RETURNED, _clerks),),
    (Meeting, "approve_agenda"): (Rule(Kind.AGENDA_APPROVED, _clerks),),
    (Meeting, "send_invitations"): (Rule(Kind.INVITATION, _invitees, confidential=True),),
    (Meeting, "cancel"): (Rule(Kind.MEETING_CANCELLED, _invitees, applies=_was_invited),),
    (Meeting, TransitionLog.MOVED): (
        Rule(Kind.MEETING_MOVED, _invitees, applies=lambda e: e.subject.state == "invited"),
    ),
}


def planned(event: Event) -> list[tuple[Rule, Recipient]]:
    """Every (rule, recipient) the event causes, one per address and kind."""
    found = []
    for rule in RULES.get((type(event.subject), event.log.transition), ()):
        if rule.applies(event):
            found += [(rule, recipient) for recipient in unique(rule.recipients(event))]
    return found
