"""Every user action that changes workflow data, one function each.

Views, the API, the admin and management commands call these and nothing else to change
state. Each function checks permission through ``workflow.permissions``, runs inside one
database transaction with the rows it changes locked (meeting before paper, always), writes
the history (``TransitionLog``) and raises a ``workflow.errors.WorkflowError`` with a
message for the user when it refuses. A refused call changes nothing.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, FSMFieldMixin

from workflow import permissions
from workflow.errors import ConcurrentChange, InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import (
    AgendaItem,
    Body,
    Consultation,
    Location,
    Meeting,
    Organization,
    Paper,
    PaperType,
    Person,
    ReferenceCounter,
    ResolutionKind,
    TransitionLog,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

M = TypeVar("M", bound=models.Model)

AMEND_AGENDA = "amend_agenda"


# -- shared mechanics ---------------------------------------------------------------


def _lock(instance: M) -> M:
    """A fresh copy of ``instance``, its row locked until the transaction ends."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def log_transition(
    subject: models.Model,
    transition: str,
    *,
    source: str,
    target: str,
    by: User | None,
    comment: str = "",
) -> TransitionLog:
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        transition=transition,
        source_state=source,
        target_state=target,
        by=by,
        comment=comment,
    )


def transition_label(subject: models.Model, name: str) -> str:
    """The German label of a transition, for messages and buttons."""
    meta = getattr(subject, name)._django_fsm
    any_transition = next(iter(meta.transitions.values()))
    return str(any_transition.custom.get("label", name))


def _perform(subject: Paper | Meeting, name: str, *, by: User, comment: str = "") -> None:
    """Run transition ``name`` on a locked ``subject``: state, then permission, then the
    conditions, each refusal with its reason; then save and write the history row."""
    meta = getattr(subject, name)._django_fsm
    source = subject.state
    transition = meta.get_transition(source)
    label = transition_label(subject, name)
    if transition is None:
        raise TransitionRefused(
            _("„%(action)s“ ist nicht möglich: %(subject)s ist %(state)s.")
            % {"action": label, "subject": subject, "state": subject.get_state_display()}
        )
    if not transition.has_perm(subject, by):
        raise PermissionDenied(
            _("Sie dürfen „%(action)s“ für %(subject)s nicht ausführen.")
            % {"action": label, "subject": subject}
        )
    for condition in transition.conditions:
        if not condition(subject):
            raise TransitionRefused(
                _("„%(action)s“ ist nicht möglich: %(reason)s")
                % {"action": label, "reason": condition.refusal}
            )
    if transition.custom.get("comment_required") and not comment.strip():
        raise InvalidInput(_("„%(action)s“ braucht eine Begründung.") % {"action": label})
    getattr(subject, name)()
    try:
        subject.save()
    except ConcurrentTransition as error:
        raise ConcurrentChange(
            _("%(subject)s wurde inzwischen geändert. Bitte neu laden.") % {"subject": subject}
        ) from error
    log_transition(subject, name, source=source, target=subject.state, by=by, comment=comment)


def _run(subject: Paper | Meeting, name: str, *, by: User, comment: str = "") -> Any:
    with transaction.atomic():
        locked = _lock(subject)
        _perform(locked, name, by=by, comment=comment)
    return locked


# -- references ---------------------------------------------------------------------

_NUMBERED = re.compile(r"(?:^|/)(?P<year>\d{4})/(?P<number>\d+)$")


def _locked_counter(body: Body, scope: str, year: int) -> ReferenceCounter:
    """The counter row of this body, kind and year, created if needed, locked."""
    try:
        with transaction.atomic():
            counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
                body=body, scope=scope, year=year
            )
    except IntegrityError:  # created meanwhile by a concurrent call
        counter = ReferenceCounter.objects.select_for_update().get(
            body=body, scope=scope, year=year
        )
    return counter


def _assign_reference(
    instance: Paper | Meeting, scope: str, year: int, prefix: str, reference: str
) -> None:
    """Give ``instance`` the next ``<prefix><year>/<n>``, or the explicitly given reference
    (import, demo), which moves the counter past its number."""
    if reference:
        match = _NUMBERED.search(reference)
        if match:
            counter = _locked_counter(instance.body, scope, int(match["year"]))
            if counter.last_number < int(match["number"]):
                counter.last_number = int(match["number"])
                counter.save(update_fields=["last_number"])
        instance.reference = reference
        return
    counter = _locked_counter(instance.body, scope, year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    instance.reference = f"{prefix}{year}/{counter.last_number:03d}"


def _local_year(body: Body, moment: datetime.datetime) -> int:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(body.time_zone)).year


def _save_new(instance: M) -> M:
    """Validate (fields and constraints, with their German messages) and insert."""
    try:
        with transaction.atomic():
            # FSM fields are protected; their value comes from the transitions.
            instance.full_clean(
                exclude=[f.name for f in instance._meta.fields if isinstance(f, FSMFieldMixin)]
            )
            instance.save()
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from error
    except IntegrityError as error:  # lost a race against a concurrent insert
        raise ConcurrentChange(_("Ein gleichartiger Eintrag wurde eben angelegt.")) from error
    return instance


def _catalogue_check(entry: PaperType | ResolutionKind, body: Body, what: str) -> None:
    if entry.body_id not in (None, body.pk):
        raise InvalidInput(
            _("%(what)s „%(entry)s“ gehört zu einer anderen Körperschaft.")
            % {"what": what, "entry": entry}
        )


# -- papers -------------------------------------------------------------------------


def register_paper(paper: Paper, *, by: User, reference: str = "") -> Paper:
    """Save a new, unsaved paper as a draft, giving it the next reference of its year."""
    _require(
        permissions.can_create_paper(by, paper.body),
        _("Sie dürfen keine Vorlagen anlegen."),
    )
    _catalogue_check(paper.paper_type, paper.body, _("Die Vorlage-Art"))
    with transaction.atomic():
        _assign_reference(paper, ReferenceCounter.Scope.PAPER, paper.date.year, "", reference)
        _save_new(paper)
        log_transition(paper, TransitionLog.CREATED, source="", target=paper.state, by=by)
    return paper


def create_paper(
    *,
    body: Body,
    name: str,
    paper_type: PaperType,
    by: User,
    date: datetime.date | None = None,
    lead_organization: Organization | None = None,
    officer: Person | None = None,
    statement: str = "",
    resolution_proposal: str = "",
    reference: str = "",
) -> Paper:
    paper = Paper(
        body=body,
        name=name,
        paper_type=paper_type,
        date=date or timezone.localdate(),
        lead_organization=lead_organization,
        officer=officer,
        statement=statement,
        resolution_proposal=resolution_proposal,
    )
    return register_paper(paper, by=by, reference=reference)


def add_consultation(
    paper: Paper,
    *,
    organization: Organization,
    role: str,
    by: User,
    authoritative: bool | None = None,
    position: int | None = None,
) -> Consultation:
    """Add a committee to the Beratungsfolge.

    A draft's Beratungsfolge is edited by the paper's side. Later, the committee's clerks may
    insert a step (e.g. after a referral), but never before a step already concluded or the
    TOP the paper is scheduled on. Without ``position`` the step goes before the deciding one.
    """
    if authoritative is None:
        authoritative = role == Consultation.Role.DECISION
    with transaction.atomic():
        paper = _lock(paper)
        if paper.state in Paper.FINAL_STATES:
            raise TransitionRefused(
                _("Die Beratungsfolge von %(paper)s ist abgeschlossen.") % {"paper": paper}
            )
        if paper.state == Paper.State.DRAFT:
            _require(
                permissions.can_edit_paper(by, paper),
                _("Sie dürfen %(paper)s nicht bearbeiten.") % {"paper": paper},
            )
        else:
            _require(
                permissions.is_clerk_for(by, organization),
                _("Nur der Sitzungsdienst von %(org)s kann die Beratungsfolge ergänzen.")
                % {"org": organization},
            )
        if organization.body_id != paper.body_id:
            raise InvalidInput(_("Das Gremium gehört zu einer anderen Körperschaft."))
        steps = list(paper.consultations.order_by("position"))
        earliest = _first_free_position(paper, steps)
        if position is None:
            deciding = [c.position for c in steps if c.authoritative]
            position = deciding[0] if deciding else (steps[-1].position + 1 if steps else 1)
        if position < earliest:
            raise InvalidInput(
                _("Die Beratung kann frühestens an Position %(pos)s eingefügt werden.")
                % {"pos": earliest}
            )
        for step in reversed(steps):
            if step.position >= position:
                step.position += 1
                step.save(update_fields=["position"])
        consultation = Consultation(
            paper=paper,
            organization=organization,
            role=role,
            authoritative=authoritative,
            position=position,
        )
        return _save_new(consultation)


def _first_free_position(paper: Paper, steps: list[Consultation]) -> int:
    if paper.state == Paper.State.DRAFT or not steps:
        return 1
    concluded = set(paper.consultations.concluded().values_list("pk", flat=True))
    fixed = [c.position for c in steps if c.pk in concluded]
    if paper.state in (Paper.State.SCHEDULED, Paper.State.DISCUSSED):
        current = paper.current_consultation()
        if current is not None:
            fixed.append(current.position)
    return max(fixed, default=0) + 1


def submit_paper(paper: Paper, *, by: User, comment: str = "") -> Paper:
    return _run(paper, "submit", by=by, comment=comment)


def withdraw_paper(paper: Paper, *, by: User, comment: str = "") -> Paper:
    return _run(paper, "withdraw", by=by, comment=comment)


# -- meetings and agendas -----------------------------------------------------------


def register_meeting(meeting: Meeting, *, by: User, reference: str = "") -> Meeting:
    """Save a new, unsaved meeting as planned, with the next ``SI/<year>/<n>`` reference."""
    _require(
        permissions.is_clerk_for(by, meeting.organization),
        _("Sie dürfen für %(org)s keine Sitzungen anlegen.") % {"org": meeting.organization},
    )
    meeting.body = meeting.organization.body
    if meeting.location_id and meeting.location.body_id not in (None, meeting.body_id):
        raise InvalidInput(_("Der Ort gehört zu einer anderen Körperschaft."))
    with transaction.atomic():
        _assign_reference(
            meeting,
            ReferenceCounter.Scope.MEETING,
            _local_year(meeting.body, meeting.start),
            f"{meeting.body.meeting_reference_prefix}/",
            reference,
        )
        _save_new(meeting)
        log_transition(meeting, TransitionLog.CREATED, source="", target=meeting.state, by=by)
    return meeting


def create_meeting(
    *,
    organization: Organization,
    start: datetime.datetime,
    by: User,
    name: str = "Ordentliche Sitzung",
    end: datetime.datetime | None = None,
    location: Location | None = None,
    reference: str = "",
) -> Meeting:
    meeting = Meeting(organization=organization, name=name, start=start, end=end, location=location)
    return register_meeting(meeting, by=by, reference=reference)


def _check_agenda_editable(meeting: Meeting, *, by: User, amendment_reason: str) -> bool:
    """True when the change is an amendment of an approved agenda (and so needs logging)."""
    _require(
        permissions.can_manage_meeting(by, meeting),
        _("Sie dürfen die Tagesordnung von %(meeting)s nicht ändern.") % {"meeting": meeting},
    )
    if meeting.state in Meeting.AGENDA_OPEN_STATES:
        return False
    if meeting.state in Meeting.AGENDA_AMENDABLE_STATES:
        if not amendment_reason.strip():
            raise InvalidInput(
                _(
                    "Die Tagesordnung von %(meeting)s ist freigegeben; eine Änderung braucht "
                    "eine Begründung."
                )
                % {"meeting": meeting}
            )
        return True
    raise TransitionRefused(
        _("Die Tagesordnung von %(meeting)s kann nicht mehr geändert werden (%(state)s).")
        % {"meeting": meeting, "state": meeting.get_state_display()}
    )


def add_agenda_item(
    meeting: Meeting,
    *,
    name: str = "",
    by: User,
    public: bool = True,
    paper: Paper | None = None,
    amendment_reason: str = "",
) -> AgendaItem:
    """Append a TOP to the public or non-public part; with ``paper``, schedule that paper
    on it (its name is the default title)."""
    with transaction.atomic():
        meeting = _lock(meeting)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=amendment_reason)
        title = (name or (paper.name if paper else "")).strip()
        if not title:
            raise InvalidInput(_("Ein TOP braucht einen Titel."))
        last = meeting.agenda_items.filter(public=public).aggregate(last=Max("position"))["last"]
        item = _save_new(
            AgendaItem(meeting=meeting, public=public, position=(last or 0) + 1, name=title)
        )
        if paper is not None:
            _schedule(paper, item, meeting, by=by, comment=amendment_reason)
        if amendment:
            log_transition(
                meeting,
                AMEND_AGENDA,
                source=meeting.state,
                target=meeting.state,
                by=by,
                comment=_("%(number)s „%(name)s“ ergänzt: %(reason)s")
                % {"number": item.number, "name": item.name, "reason": amendment_reason},
            )
    return item


def schedule_paper(paper: Paper, *, agenda_item: AgendaItem, by: User, comment: str = "") -> Paper:
    """Put the paper's current consultation on an existing TOP without a paper."""
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=comment)
        item = AgendaItem.objects.get(pk=agenda_item.pk)
        paper = _schedule(paper, item, meeting, by=by, comment=comment)
        if amendment:
            log_transition(
                meeting,
                AMEND_AGENDA,
                source=meeting.state,
                target=meeting.state,
                by=by,
                comment=_("%(paper)s auf %(number)s gesetzt: %(reason)s")
                % {"paper": paper, "number": item.number, "reason": comment},
            )
    return paper


def _schedule(paper: Paper, item: AgendaItem, meeting: Meeting, *, by: User, comment: str) -> Paper:
    paper = _lock(paper)
    if item.consultation_id is not None:
        raise InvalidInput(_("%(number)s behandelt schon eine Vorlage.") % {"number": item.number})
    consultation = paper.current_consultation()
    _perform(paper, "schedule", by=by, comment=comment)
    if consultation.organization_id != meeting.organization_id:
        raise InvalidInput(
            _("%(paper)s ist als Nächstes in %(due)s zu beraten, nicht in %(org)s.")
            % {"paper": paper, "due": consultation.organization, "org": meeting.organization}
        )
    item.consultation = consultation
    item.save(update_fields=["consultation", "modified"])
    return paper


def remove_agenda_item(agenda_item: AgendaItem, *, by: User) -> None:
    """Take a TOP off an agenda not yet approved; a paper on it goes back to "eingereicht"."""
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting)
        if meeting.state not in Meeting.AGENDA_OPEN_STATES:
            raise TransitionRefused(
                _(
                    "TOPs werden nur vor der Freigabe der Tagesordnung entfernt; %(meeting)s ist "
                    "%(state)s."
                )
                % {"meeting": meeting, "state": meeting.get_state_display()}
            )
        _check_agenda_editable(meeting, by=by, amendment_reason="")
        item = AgendaItem.objects.select_related("consultation").get(pk=agenda_item.pk)
        _unschedule_from(item, by=by, comment=_("%(number)s entfernt") % {"number": item.number})
        item.delete()
        for position, later in enumerate(
            meeting.agenda_items.filter(public=item.public).order_by("position"), start=1
        ):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position", "modified"])


def _unschedule_from(item: AgendaItem, *, by: User, comment: str) -> None:
    if item.consultation_id is None or item.result_id is not None:
        return
    paper = _lock(item.consultation.paper)
    if paper.state == Paper.State.SCHEDULED and paper.current_consultation() == item.consultation:
        _perform(paper, "unschedule", by=by, comment=comment)


def submit_agenda(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _run(meeting, "submit_agenda", by=by, comment=comment)


def return_agenda(meeting: Meeting, *, by: User, comment: str) -> Meeting:
    return _run(meeting, "return_agenda", by=by, comment=comment)


def approve_agenda(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _run(meeting, "approve_agenda", by=by, comment=comment)


def send_invitations(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _run(meeting, "send_invitations", by=by, comment=comment)


def close_meeting(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _run(meeting, "close", by=by, comment=comment)


def approve_minutes(meeting: Meeting, *, by: User, comment: str = "") -> Meeting:
    return _run(meeting, "approve_minutes", by=by, comment=comment)


def cancel_meeting(meeting: Meeting, *, by: User, comment: str) -> Meeting:
    """Cancel; papers scheduled on its TOPs go back to "eingereicht"."""
    with transaction.atomic():
        meeting = _lock(meeting)
        _perform(meeting, "cancel", by=by, comment=comment)
        reason = _("Sitzung %(meeting)s abgesagt") % {"meeting": meeting.reference}
        for item in meeting.agenda_items.select_related("consultation"):
            _unschedule_from(item, by=by, comment=reason)
    return meeting


# -- results --------------------------------------------------------------------------


def record_result(
    agenda_item: AgendaItem,
    *,
    result: ResolutionKind,
    by: User,
    resolution_text: str = "",
    minutes_text: str = "",
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
) -> AgendaItem:
    """Record Beschlussart, Beschluss, minutes and votes of a TOP, and move its paper.

    The paper scheduled on the TOP goes to "beraten" and then, by the Beschlussart's effect:
    a decision or Kenntnisnahme of the deciding consultation resolves it; a deferral, a
    referral or a finished Vorberatung return it to "eingereicht" for its next consultation;
    "zurückgezogen" withdraws it. Once applied, the Beschlussart stays; texts and votes can
    still be corrected until the minutes are approved.
    """
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting)
        item = AgendaItem.objects.select_related("consultation").get(pk=agenda_item.pk)
        _require(
            permissions.can_record_result(by, item),
            _("Sie dürfen für %(meeting)s keine Ergebnisse erfassen.") % {"meeting": meeting},
        )
        if meeting.state not in (Meeting.State.INVITED, Meeting.State.HELD):
            raise TransitionRefused(
                _(
                    "Ergebnisse werden nach der Einladung und bis zur Genehmigung der "
                    "Niederschrift erfasst; %(meeting)s ist %(state)s."
                )
                % {"meeting": meeting, "state": meeting.get_state_display()}
            )
        _catalogue_check(result, meeting.body, _("Die Beschlussart"))
        for votes in (votes_yes, votes_no, votes_abstain):
            if votes is not None and votes < 0:
                raise InvalidInput(_("Stimmenzahlen können nicht negativ sein."))
        if item.result_id is not None and item.result_id != result.pk and item.consultation_id:
            raise TransitionRefused(
                _(
                    "Die Beschlussart von %(number)s ist schon auf die Vorlage angewendet; nur "
                    "Texte und Stimmen lassen sich noch ändern."
                )
                % {"number": item.number}
            )
        paper = _lock(item.consultation.paper) if item.consultation_id else None
        moves_paper = (
            paper is not None
            and item.result_id is None
            and paper.state == Paper.State.SCHEDULED
            and paper.current_consultation() == item.consultation
        )
        item.result = result
        item.resolution_text = resolution_text
        item.minutes_text = minutes_text
        item.votes_yes, item.votes_no, item.votes_abstain = votes_yes, votes_no, votes_abstain
        item.save()
        if moves_paper:
            comment = f"{meeting.reference} {item.number}: {result.name}"
            _perform(paper, "discuss", by=by, comment=comment)
            _perform(paper, _follow_up(item.consultation, result), by=by, comment=comment)
    return item


def _follow_up(consultation: Consultation, result: ResolutionKind) -> str:
    if result.effect == ResolutionKind.Effect.WITHDRAWAL:
        return "withdraw"
    if result.concludes_consultation and consultation.authoritative:
        return "resolve"
    return "requeue"
