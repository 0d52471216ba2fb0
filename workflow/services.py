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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, FSMFieldMixin

from workflow import clock, events, permissions
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
    SignOff,
    SignOffRule,
    TransitionLog,
)
from workflow.models.base import refusal_message, transition_label

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser

M = TypeVar("M", bound=models.Model)

AMEND_AGENDA = TransitionLog.AMENDED_AGENDA
AMEND_PUBLIC_AGENDA = TransitionLog.AMENDED_PUBLIC_AGENDA
EDIT_PAPER = TransitionLog.EDITED
NOTE = TransitionLog.NOTE
MOVED = TransitionLog.MOVED


# -- shared mechanics ---------------------------------------------------------------


def _lock(instance: M, expected_version: int | None = None) -> M:
    """A fresh copy of ``instance``, its row locked until the transaction ends; with
    ``expected_version``, refused when someone changed it since the user's form showed it."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    _check_version(locked, expected_version)
    return locked


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check_version(subject: Paper | Meeting, expected_version: int | None) -> None:
    """Optimistic concurrency for forms: ``expected_version`` is the version the user saw."""
    if expected_version is not None and subject.version != expected_version:
        raise ConcurrentChange(
            _("%(subject)s wurde inzwischen geändert. Bitte neu laden und erneut versuchen.")
            % {"subject": subject}
        )


def _touch(subject: Paper | Meeting) -> None:
    """Count a change of ``subject`` (locked) that is not a transition."""
    subject.version += 1
    subject.save(update_fields=["version", "modified"])


def log_transition(
    subject: models.Model,
    transition: str,
    *,
    source: str,
    target: str,
    by: User | None,
    comment: str = "",
    agenda_item: AgendaItem | None = None,
    confidential_organization_id: int | None = None,
) -> TransitionLog:
    """Write a history entry, the event of the change, and run what follows from it
    (``workflow.events``). ``agenda_item`` is the TOP it is about; with
    ``confidential_organization_id`` it is about that committee's non-public part, read in
    full only by those entitled to it."""
    entry = TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        transition=transition,
        source_state=source,
        target_state=target,
        by=by,
        comment=comment,
        agenda_item=agenda_item,
        confidential_organization_id=confidential_organization_id,
    )
    events.dispatch(events.Event(entry=entry, subject=subject))
    return entry


def _log_event(
    subject: Paper | Meeting,
    kind: str,
    *,
    by: User,
    comment: str,
    **about: Any,
) -> TransitionLog:
    """A history entry that is not a state change (edit, note, agenda amendment)."""
    return log_transition(
        subject, kind, source=subject.state, target=subject.state, by=by, comment=comment, **about
    )


def _about(item: AgendaItem, meeting: Meeting) -> dict[str, Any]:
    """What a history entry about ``item`` records: the TOP, and the committee whose
    non-public part it belongs to, if it does."""
    return {
        "agenda_item": item,
        "confidential_organization_id": None if item.public else meeting.organization_id,
    }


def _perform(
    subject: Paper | Meeting,
    name: str,
    *,
    by: User,
    comment: str = "",
    **about: Any,
) -> None:
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
                % {"action": label, "reason": refusal_message(condition, subject)}
            )
    if transition.custom.get("comment_required") and not comment.strip():
        raise InvalidInput(_("„%(action)s“ braucht eine Begründung.") % {"action": label})
    getattr(subject, name)()
    subject.version += 1
    try:
        subject.save()
    except ConcurrentTransition as error:
        raise ConcurrentChange(
            _("%(subject)s wurde inzwischen geändert. Bitte neu laden.") % {"subject": subject}
        ) from error
    log_transition(
        subject,
        name,
        source=source,
        target=subject.state,
        by=by,
        comment=comment,
        **about,
    )


def _run(
    subject: Paper | Meeting,
    name: str,
    *,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Any:
    with transaction.atomic():
        locked = _lock(subject, expected_version)
        _perform(locked, name, by=by, comment=comment)
    return locked


@dataclass(frozen=True)
class TransitionOption:
    """A transition offered as a button: ``blocked`` says why it cannot run yet."""

    name: str
    label: str
    comment_required: bool
    blocked: str = ""


def transition_options(subject: Paper | Meeting, user: User) -> list[TransitionOption]:
    """The button transitions of ``subject`` that its state and the user's permission allow,
    each with the reason of its first unmet condition (shown next to a disabled button)."""
    options = []
    for transition in _state_transitions(subject):
        if transition.name not in TRANSITION_SERVICES[type(subject)]:
            continue
        if not transition.has_perm(subject, user):
            continue
        unmet = next(
            (refusal_message(c, subject) for c in transition.conditions if not c(subject)), ""
        )
        options.append(
            TransitionOption(
                name=transition.name,
                label=transition_label(subject, transition.name),
                comment_required=bool(transition.custom.get("comment_required")),
                blocked=str(unmet),
            )
        )
    return options


def _state_transitions(subject: Paper | Meeting) -> list:
    return [t for t in subject.get_all_state_transitions() if t.source in (subject.state, "*")]


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
    co_organizations: Iterable[Organization] = (),
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
    with transaction.atomic():
        register_paper(paper, by=by, reference=reference)
        paper.co_organizations.set(_same_body(co_organizations, body))
    return paper


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
    Without ``authoritative``, an Entscheidung decides, and so does a Kenntnisnahme that goes
    last while no step decides (a Mitteilungsvorlage's only step).
    """
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
        if authoritative is None:  # Entscheidung decides; so does a Kenntnisnahme added last
            authoritative = role == Consultation.Role.DECISION or (
                role == Consultation.Role.INFORMATION
                and position is None
                and not any(c.authoritative for c in steps)
            )
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


def remove_consultation(consultation: Consultation, *, by: User) -> None:
    """Take a committee out of a draft's Beratungsfolge; later steps move up."""
    with transaction.atomic():
        paper = _lock(consultation.paper)
        _check_draft_editable(paper, by=by)
        Consultation.objects.filter(pk=consultation.pk, paper=paper).delete()
        for position, step in enumerate(paper.consultations.order_by("position"), start=1):
            if step.position != position:
                step.position = position
                step.save(update_fields=["position", "modified"])
        _touch(paper)


def _same_body(organizations: Iterable[Organization], body: Body) -> list[Organization]:
    """The Mitzeichnung's departments, all of ``body``."""
    organizations = list(organizations)
    if any(organization.body_id != body.pk for organization in organizations):
        raise InvalidInput(_("Das Amt gehört zu einer anderen Körperschaft."))
    return organizations


def _check_draft_editable(paper: Paper, *, by: User) -> None:
    _require(
        permissions.can_edit_paper(by, paper),
        _("Sie dürfen %(paper)s nicht bearbeiten.") % {"paper": paper},
    )
    if paper.state != Paper.State.DRAFT:
        raise TransitionRefused(
            _(
                "%(paper)s ist %(state)s und kann nicht mehr bearbeitet werden; "
                "Sie können eine Notiz hinzufügen."
            )
            % {"paper": paper, "state": paper.get_state_display()}
        )


PAPER_EDITABLE_FIELDS = (
    "name",
    "paper_type",
    "date",
    "lead_organization",
    "officer",
    "statement",
    "resolution_proposal",
)


def update_paper(
    paper: Paper,
    *,
    by: User,
    expected_version: int | None = None,
    co_organizations: Iterable[Organization] | None = None,
    **fields: Any,
) -> Paper:
    """Change a draft's data (the fields in ``PAPER_EDITABLE_FIELDS``, and the
    Mitzeichnung); once submitted a paper only takes notes."""
    unknown = set(fields) - set(PAPER_EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unbekannte Felder: %(fields)s") % {"fields": ", ".join(unknown)})
    with transaction.atomic():
        paper = _lock(paper, expected_version)
        _check_draft_editable(paper, by=by)
        changed = [name for name, value in fields.items() if getattr(paper, name) != value]
        for name, value in fields.items():
            setattr(paper, name, value)
        if "paper_type" in fields:
            _catalogue_check(paper.paper_type, paper.body, _("Die Vorlage-Art"))
        if co_organizations is not None:
            co_organizations = _same_body(co_organizations, paper.body)
        try:
            paper.full_clean(exclude=["state"])
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages)) from error
        paper.version += 1
        paper.save()
        if co_organizations is not None:
            before = set(paper.co_organizations.values_list("pk", flat=True))
            paper.co_organizations.set(co_organizations)
            if before != {o.pk for o in co_organizations}:
                changed.append("co_organizations")
        if changed:
            labels = ", ".join(str(Paper._meta.get_field(name).verbose_name) for name in changed)
            _log_event(paper, EDIT_PAPER, by=by, comment=labels)
    return paper


def add_paper_note(paper: Paper, *, by: User, text: str) -> TransitionLog:
    """A note in the paper's history: what the paper's side and the clerks can still add
    once it is submitted."""
    if not text.strip():
        raise InvalidInput(_("Die Notiz ist leer."))
    _require(
        permissions.can_add_paper_note(by, paper),
        _("Sie dürfen zu %(paper)s keine Notiz schreiben.") % {"paper": paper},
    )
    return _log_event(paper, NOTE, by=by, comment=text.strip())


def submit_paper(
    paper: Paper, *, by: User, comment: str = "", expected_version: int | None = None
) -> Paper:
    """Submit a draft and request the Freigaben its body's rule names for its Vorlage-Art."""
    with transaction.atomic():
        paper = _lock(paper, expected_version)
        # Requested first: the submission's mails go to the heads asked, or (none asked)
        # straight to the Sitzungsdienst.
        _request_sign_offs(paper)
        _perform(paper, "submit", by=by, comment=comment)
    return paper


def _request_sign_offs(paper: Paper) -> None:
    rule = SignOffRule.objects.filter(body=paper.body_id, paper_type=paper.paper_type_id).first()
    if rule is None:
        return
    wanted = {}
    if rule.co_required:
        wanted |= {org.pk: SignOff.Kind.CO for org in paper.co_organizations.all()}
    if rule.lead_required and paper.lead_organization_id:  # without one, submit refuses
        wanted[paper.lead_organization_id] = SignOff.Kind.LEAD
    SignOff.objects.bulk_create(
        [SignOff(paper=paper, organization_id=pk, kind=kind) for pk, kind in wanted.items()]
    )


def sign_off_paper(
    paper: Paper, *, by: User, comment: str = "", expected_version: int | None = None
) -> Paper:
    """Give the Freigabe (or Mitzeichnung) of every pending department the user heads."""
    with transaction.atomic():
        paper = _lock(paper, expected_version)
        departments = permissions.sign_off_organizations(by, paper)
        names = ", ".join(str(d) for d in departments)
        _perform(
            paper, "sign_off", by=by, comment=f"{names}: {comment}" if comment.strip() else names
        )
        paper.sign_offs.pending().filter(organization__in=departments).update(
            given_by=by, given_at=timezone.now()
        )
    return paper


def refuse_sign_off(
    paper: Paper, *, by: User, comment: str, expected_version: int | None = None
) -> Paper:
    """Refuse the Freigabe with a reason: the paper goes back to its authors as a draft, and
    every Freigabe is asked anew when it is submitted again."""
    with transaction.atomic():
        paper = _lock(paper, expected_version)
        _perform(paper, "refuse_sign_off", by=by, comment=comment)
        paper.sign_offs.all().delete()
    return paper


def withdraw_paper(
    paper: Paper, *, by: User, comment: str = "", expected_version: int | None = None
) -> Paper:
    """Withdraw; the history entry names the TOP the paper was on, if it was scheduled."""
    with transaction.atomic():
        paper = _lock(paper, expected_version)
        item = _scheduled_item(paper)
        about = _about(item, item.meeting) if item is not None else {}
        _perform(paper, "withdraw", by=by, comment=comment, **about)
    return paper


def _scheduled_item(paper: Paper) -> AgendaItem | None:
    """The TOP a scheduled paper waits on (its current consultation's, without a result)."""
    if paper.state != Paper.State.SCHEDULED:
        return None
    return (
        AgendaItem.objects.filter(consultation__paper=paper, result__isnull=True)
        .select_related("meeting")
        .order_by("-meeting__start", "-pk")
        .first()
    )


# -- meetings and agendas -----------------------------------------------------------


def register_meeting(
    meeting: Meeting,
    *,
    by: User,
    reference: str = "",
    archive: bool = False,
    allow_overlap: bool = False,
) -> Meeting:
    """Save a new, unsaved meeting as planned, with the next ``SI/<year>/<n>`` reference.

    A meeting whose start has passed is entered only as an archive entry (``archive``, its
    history says so); one overlapping another meeting of its committee only with
    ``allow_overlap``."""
    _require(
        permissions.is_clerk_for(by, meeting.organization),
        _("Sie dürfen für %(org)s keine Sitzungen anlegen.") % {"org": meeting.organization},
    )
    meeting.body = meeting.organization.body
    if meeting.location_id and meeting.location.body_id not in (None, meeting.body_id):
        raise InvalidInput(_("Der Ort gehört zu einer anderen Körperschaft."))
    past = meeting.start is not None and meeting.start < clock.now()
    if past and not archive:
        raise InvalidInput(
            _(
                "Der Beginn %(start)s liegt in der Vergangenheit. Eine vergangene Sitzung wird "
                "nur ausdrücklich nachträglich erfasst („nachträglich erfassen“ ankreuzen)."
            )
            % {"start": _when(meeting.start)}
        )
    if archive and not past:
        raise InvalidInput(_("Nachträglich erfasst werden nur Sitzungen, deren Beginn vorbei ist."))
    with transaction.atomic():
        if meeting.start is not None:
            _check_overlap(meeting, allow_overlap=allow_overlap)
        _assign_reference(
            meeting,
            ReferenceCounter.Scope.MEETING,
            _local_year(meeting.body, meeting.start),
            f"{meeting.body.meeting_reference_prefix}/",
            reference,
        )
        _save_new(meeting)
        log_transition(
            meeting,
            TransitionLog.CREATED,
            source="",
            target=meeting.state,
            by=by,
            comment=_("nachträglich erfasst") if archive else "",
        )
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
    archive: bool = False,
    allow_overlap: bool = False,
) -> Meeting:
    meeting = Meeting(organization=organization, name=name, start=start, end=end, location=location)
    return register_meeting(
        meeting, by=by, reference=reference, archive=archive, allow_overlap=allow_overlap
    )


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"


def _check_overlap(meeting: Meeting, *, allow_overlap: bool) -> None:
    """Refuse a second meeting of the committee at the same time, unless confirmed.

    Two meetings overlap when their time ranges do; a meeting without a planned end counts
    as ``Meeting.ASSUMED_DURATION`` long. Cancelled meetings do not count."""
    if allow_overlap:
        return
    end = meeting.assumed_end
    candidates = (
        Meeting.objects.filter(
            organization_id=meeting.organization_id,
            start__lt=end,
            start__gt=meeting.start - Meeting.ASSUMED_DURATION * 8,
        )
        .exclude(state=Meeting.State.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("start")
    )
    for other in candidates:
        if other.assumed_end > meeting.start:
            raise InvalidInput(
                _(
                    "%(org)s hat am %(start)s schon die Sitzung %(other)s. Wenn beide "
                    "stattfinden sollen, bestätigen Sie die Überschneidung."
                )
                % {
                    "org": meeting.organization,
                    "start": _when(other.start),
                    "other": other.reference,
                }
            )


def reschedule_meeting(
    meeting: Meeting,
    *,
    start: datetime.datetime,
    by: User,
    reason: str,
    end: datetime.datetime | None = None,
    location: Location | None = None,
    allow_overlap: bool = False,
    expected_version: int | None = None,
) -> Meeting:
    """Move a meeting not yet held to another time (and room); the history keeps the reason,
    and those invited are told (with an updated calendar entry).

    The new start lies ahead, after the meetings where its papers were last discussed; a
    meeting with results already recorded has taken place and stays where it is."""
    with transaction.atomic():
        meeting = _lock(meeting, expected_version)
        _require(
            permissions.can_manage_meeting(by, meeting),
            _("Sie dürfen %(meeting)s nicht verlegen.") % {"meeting": meeting},
        )
        if meeting.state not in Meeting.NOT_YET_HELD_STATES:
            raise TransitionRefused(
                _("%(meeting)s ist %(state)s und kann nicht mehr verlegt werden.")
                % {"meeting": meeting, "state": meeting.get_state_display()}
            )
        if meeting.agenda_items.filter(result__isnull=False).exists():
            raise TransitionRefused(
                _(
                    "Für %(meeting)s sind schon Ergebnisse erfasst; die Sitzung kann nicht "
                    "mehr verlegt werden."
                )
                % {"meeting": meeting}
            )
        if not reason.strip():
            raise InvalidInput(_("Eine Verlegung braucht eine Begründung."))
        if end is not None and end < start:
            raise InvalidInput(_("Eine Sitzung kann nicht vor ihrem Beginn enden."))
        if start < clock.now():
            raise InvalidInput(
                _("Eine Sitzung wird nicht in die Vergangenheit verlegt (%(start)s).")
                % {"start": _when(start)}
            )
        if location is not None and location.body_id not in (None, meeting.body_id):
            raise InvalidInput(_("Der Ort gehört zu einer anderen Körperschaft."))
        before = _when(meeting.start)
        meeting.start, meeting.end = start, end
        if location is not None:
            meeting.location = location
        _check_overlap(meeting, allow_overlap=allow_overlap)
        for item in meeting.agenda_items.filter(consultation__isnull=False).select_related(
            "consultation__paper"
        ):
            _check_after_previous_consultation(item.consultation.paper, meeting)
        meeting.version += 1
        meeting.save(update_fields=["start", "end", "location", "version", "modified"])
        _log_event(
            meeting,
            MOVED,
            by=by,
            comment=_("vorher %(before)s: %(reason)s") % {"before": before, "reason": reason},
        )
    return meeting


def _amendment_of(item: AgendaItem) -> str:
    """The history entry of an amendment: of the public part (subscribers hear of it) or not."""
    return AMEND_PUBLIC_AGENDA if item.public else AMEND_AGENDA


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
    expected_version: int | None = None,
) -> AgendaItem:
    """Append a TOP to the public or non-public part; with ``paper``, schedule that paper
    on it (its name is the default title)."""
    with transaction.atomic():
        meeting = _lock(meeting, expected_version)
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
            _log_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(number)s „%(name)s“ ergänzt: %(reason)s")
                % {"number": item.number, "name": item.name, "reason": amendment_reason},
                **_about(item, meeting),
            )
        _touch(meeting)
    return item


def schedule_paper(
    paper: Paper,
    *,
    agenda_item: AgendaItem,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Paper:
    """Put the paper's current consultation on an existing TOP without a paper."""
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting, expected_version)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=comment)
        item = AgendaItem.objects.get(pk=agenda_item.pk)
        paper = _schedule(paper, item, meeting, by=by, comment=comment)
        if amendment:
            _log_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(paper)s auf %(number)s gesetzt: %(reason)s")
                % {"paper": paper, "number": item.number, "reason": comment},
                **_about(item, meeting),
            )
        _touch(meeting)
    return paper


def _schedule(paper: Paper, item: AgendaItem, meeting: Meeting, *, by: User, comment: str) -> Paper:
    paper = _lock(paper)
    if item.consultation_id is not None:
        raise InvalidInput(_("%(number)s behandelt schon eine Vorlage.") % {"number": item.number})
    consultation = paper.current_consultation()
    _perform(
        paper,
        "schedule",
        by=by,
        comment=comment,
        **_about(item, meeting),
    )
    if consultation.organization_id != meeting.organization_id:
        raise InvalidInput(
            _("%(paper)s ist als Nächstes in %(due)s zu beraten, nicht in %(org)s.")
            % {"paper": paper, "due": consultation.organization, "org": meeting.organization}
        )
    _check_after_previous_consultation(paper, meeting)
    item.consultation = consultation
    item.save(update_fields=["consultation", "modified"])
    return paper


def _check_after_previous_consultation(paper: Paper, meeting: Meeting) -> None:
    """A paper's next consultation lies after the meeting where it was last discussed
    (a Vorberatung before the Plenum, a deferred TOP on a later meeting)."""
    previous = (
        AgendaItem.objects.filter(consultation__paper=paper, result__isnull=False)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    if previous is not None and previous.meeting.start >= meeting.start:
        raise InvalidInput(
            _(
                "%(paper)s wurde zuletzt in %(previous)s am %(date)s beraten; die nächste "
                "Beratung kann nur in einer späteren Sitzung sein, nicht am %(start)s."
            )
            % {
                "paper": paper,
                "previous": previous.meeting.reference,
                "date": _when(previous.meeting.start),
                "start": _when(meeting.start),
            }
        )


def remove_agenda_item(
    agenda_item: AgendaItem, *, by: User, expected_version: int | None = None
) -> None:
    """Take a TOP off an agenda not yet approved; a paper on it goes back to "eingereicht"."""
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting, expected_version)
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
        _unschedule_from(
            item, meeting, by=by, comment=_("%(number)s entfernt") % {"number": item.number}
        )
        item.delete()
        for position, later in enumerate(
            meeting.agenda_items.filter(public=item.public).order_by("position"), start=1
        ):
            if later.position != position:
                later.position = position
                later.save(update_fields=["position", "modified"])
        _touch(meeting)


def move_agenda_item(
    agenda_item: AgendaItem,
    *,
    by: User,
    up: bool,
    amendment_reason: str = "",
    expected_version: int | None = None,
) -> AgendaItem:
    """Swap a TOP with its neighbour in its part (``Ö``/``N``); the numbers follow."""
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting, expected_version)
        amendment = _check_agenda_editable(meeting, by=by, amendment_reason=amendment_reason)
        item = AgendaItem.objects.get(pk=agenda_item.pk, meeting=meeting)
        neighbours = meeting.agenda_items.filter(public=item.public)
        neighbour = (
            neighbours.filter(position__lt=item.position).order_by("-position")
            if up
            else neighbours.filter(position__gt=item.position).order_by("position")
        ).first()
        if neighbour is None:
            raise InvalidInput(
                _("%(number)s steht schon ganz %(where)s.")
                % {"number": item.number, "where": _("oben") if up else _("unten")}
            )
        old_number = item.number
        item.position, neighbour.position = neighbour.position, item.position
        item.save(update_fields=["position", "modified"])
        neighbour.save(update_fields=["position", "modified"])
        if amendment:
            _log_event(
                meeting,
                _amendment_of(item),
                by=by,
                comment=_("%(old)s „%(name)s“ wird %(new)s: %(reason)s")
                % {
                    "old": old_number,
                    "name": item.name,
                    "new": item.number,
                    "reason": amendment_reason,
                },
                **_about(item, meeting),
            )
        _touch(meeting)
    return item


def _unschedule_from(item: AgendaItem, meeting: Meeting, *, by: User, comment: str) -> None:
    if item.consultation_id is None or item.result_id is not None:
        return
    paper = _lock(item.consultation.paper)
    if paper.state == Paper.State.SCHEDULED and paper.current_consultation() == item.consultation:
        _perform(
            paper,
            "unschedule",
            by=by,
            comment=comment,
            **_about(item, meeting),
        )


def submit_agenda(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return _run(meeting, "submit_agenda", by=by, comment=comment, expected_version=expected_version)


def return_agenda(
    meeting: Meeting, *, by: User, comment: str, expected_version: int | None = None
) -> Meeting:
    return _run(meeting, "return_agenda", by=by, comment=comment, expected_version=expected_version)


def approve_agenda(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return _run(
        meeting, "approve_agenda", by=by, comment=comment, expected_version=expected_version
    )


def send_invitations(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return _run(
        meeting, "send_invitations", by=by, comment=comment, expected_version=expected_version
    )


def close_meeting(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return _run(meeting, "close", by=by, comment=comment, expected_version=expected_version)


def approve_minutes(
    meeting: Meeting, *, by: User, comment: str = "", expected_version: int | None = None
) -> Meeting:
    return _run(
        meeting, "approve_minutes", by=by, comment=comment, expected_version=expected_version
    )


def cancel_meeting(
    meeting: Meeting, *, by: User, comment: str, expected_version: int | None = None
) -> Meeting:
    """Cancel; papers scheduled on its TOPs go back to "eingereicht"."""
    with transaction.atomic():
        meeting = _lock(meeting, expected_version)
        _perform(meeting, "cancel", by=by, comment=comment)
        reason = _("Sitzung %(meeting)s abgesagt") % {"meeting": meeting.reference}
        for item in meeting.agenda_items.select_related("consultation"):
            _unschedule_from(item, meeting, by=by, comment=reason)
    return meeting


# -- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultEntry:
    """One TOP's result: a row of the result screen."""

    agenda_item: AgendaItem
    result: ResolutionKind
    resolution_text: str = ""
    minutes_text: str = ""
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None


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
    entry = ResultEntry(
        agenda_item=agenda_item,
        result=result,
        resolution_text=resolution_text,
        minutes_text=minutes_text,
        votes_yes=votes_yes,
        votes_no=votes_no,
        votes_abstain=votes_abstain,
    )
    with transaction.atomic():
        meeting = _lock(agenda_item.meeting)
        item = _record(meeting, entry, by=by)
        _touch(meeting)
    return item


def record_results(
    meeting: Meeting,
    *,
    entries: Iterable[ResultEntry],
    by: User,
    actual_start: datetime.datetime | None = None,
    actual_end: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Record the results of several TOPs of one meeting at once, and the meeting's actual
    start and end: all or nothing."""
    with transaction.atomic():
        meeting = _lock(meeting, expected_version)
        for entry in entries:
            if entry.agenda_item.meeting_id != meeting.pk:
                raise InvalidInput(_("Der TOP gehört zu einer anderen Sitzung."))
            _record(meeting, entry, by=by)
        if actual_start is not None or actual_end is not None:
            _record_times(meeting, actual_start, actual_end, by=by)
        _touch(meeting)
    return meeting


# An actual start this far from the planned one is a typo, not a late meeting.
ACTUAL_TIME_LEEWAY = datetime.timedelta(hours=12)
LONGEST_MEETING = datetime.timedelta(hours=24)


def _record_times(
    meeting: Meeting,
    actual_start: datetime.datetime | None,
    actual_end: datetime.datetime | None,
    *,
    by: User,
) -> None:
    """The actual start and end of a meeting (locked) whose start has passed."""
    _require(
        permissions.can_manage_meeting(by, meeting),
        _("Sie dürfen für %(meeting)s keine Ergebnisse erfassen.") % {"meeting": meeting},
    )
    _check_result_time(meeting)
    if meeting.state not in Meeting.RESULT_STATES:
        raise TransitionRefused(
            _("Beginn und Ende von %(meeting)s lassen sich nicht mehr ändern (%(state)s).")
            % {"meeting": meeting, "state": meeting.get_state_display()}
        )
    start = actual_start or meeting.actual_start or meeting.start
    end = actual_end or meeting.actual_end
    if abs(start - meeting.start) > ACTUAL_TIME_LEEWAY:
        raise InvalidInput(
            _(
                "Der tatsächliche Beginn %(actual)s liegt zu weit vom geplanten "
                "(%(planned)s) entfernt."
            )
            % {"actual": _when(start), "planned": _when(meeting.start)}
        )
    if end is not None and not start < end <= start + LONGEST_MEETING:
        raise InvalidInput(
            _(
                "Das tatsächliche Ende (%(end)s) muss nach dem Beginn (%(start)s) und am "
                "selben oder nächsten Tag liegen."
            )
            % {"end": _when(end), "start": _when(start)}
        )
    now = clock.now()
    if start > now or (end is not None and end > now):
        raise InvalidInput(_("Tatsächlicher Beginn und Ende können nicht in der Zukunft liegen."))
    if actual_start is not None:
        meeting.actual_start = actual_start
    if actual_end is not None:
        meeting.actual_end = actual_end
    meeting.save(update_fields=["actual_start", "actual_end", "modified"])


def _check_result_time(meeting: Meeting) -> None:
    if meeting.start > clock.now():
        raise TransitionRefused(
            _(
                "Ergebnisse werden ab dem Beginn der Sitzung erfasst; %(meeting)s beginnt "
                "erst am %(start)s."
            )
            % {"meeting": meeting, "start": _when(meeting.start)}
        )


VOTE_FIELDS = ("votes_yes", "votes_no", "votes_abstain")
MAX_VOTES = 32_767  # the column's maximum (PositiveSmallIntegerField) on every database


def _record(meeting: Meeting, entry: ResultEntry, *, by: User) -> AgendaItem:
    """``record_result`` for one entry, on a meeting already locked."""
    result = entry.result
    item = AgendaItem.objects.select_related("consultation").get(pk=entry.agenda_item.pk)
    _require(
        permissions.can_record_result(by, item),
        _("Sie dürfen für %(meeting)s keine Ergebnisse erfassen.") % {"meeting": meeting},
    )
    if meeting.state not in Meeting.RESULT_STATES:
        raise TransitionRefused(
            _(
                "Ergebnisse werden nach der Einladung und bis zur Genehmigung der "
                "Niederschrift erfasst; %(meeting)s ist %(state)s."
            )
            % {"meeting": meeting, "state": meeting.get_state_display()}
        )
    _check_result_time(meeting)
    _catalogue_check(result, meeting.body, _("Die Beschlussart"))
    for field in VOTE_FIELDS:
        votes = getattr(entry, field)
        if votes is not None and votes < 0:
            raise InvalidInput(_("Stimmenzahlen können nicht negativ sein."))
        if votes is not None and votes > MAX_VOTES:
            raise InvalidInput(
                _("%(field)s: höchstens %(maximum)s Stimmen.")
                % {"field": AgendaItem._meta.get_field(field).verbose_name, "maximum": MAX_VOTES}
            )
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
    item.resolution_text = entry.resolution_text
    item.minutes_text = entry.minutes_text
    item.votes_yes, item.votes_no, item.votes_abstain = (
        entry.votes_yes,
        entry.votes_no,
        entry.votes_abstain,
    )
    item.save()
    if moves_paper:
        comment = f"{meeting.reference} {item.number}: {result.name}"
        for name in ("discuss", _follow_up(item.consultation, result)):
            _perform(paper, name, by=by, comment=comment, **_about(item, meeting))
    return item


def _follow_up(consultation: Consultation, result: ResolutionKind) -> str:
    if result.effect == ResolutionKind.Effect.WITHDRAWAL:
        return "withdraw"
    if result.concludes_consultation and consultation.authoritative:
        return "resolve"
    return "requeue"


# -- the transitions offered as buttons, and the service that runs each ----------------

TRANSITION_SERVICES: dict[type, dict[str, Callable[..., Any]]] = {
    Paper: {
        "submit": submit_paper,
        "sign_off": sign_off_paper,
        "refuse_sign_off": refuse_sign_off,
        "withdraw": withdraw_paper,
    },
    Meeting: {
        "submit_agenda": submit_agenda,
        "return_agenda": return_agenda,
        "approve_agenda": approve_agenda,
        "send_invitations": send_invitations,
        "close": close_meeting,
        "approve_minutes": approve_minutes,
        "cancel": cancel_meeting,
    },
}


def run_transition(
    subject: Paper | Meeting,
    name: str,
    *,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> Paper | Meeting:
    """Run the button transition ``name`` through its service."""
    service = TRANSITION_SERVICES[type(subject)].get(name)
    if service is None:
        raise InvalidInput(_("Unbekannter Vorgang „%(name)s“.") % {"name": name})
    return service(subject, by=by, comment=comment, expected_version=expected_version)
