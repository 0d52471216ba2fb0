"""Services of a Vorlage: create, edit, Beratungsfolge, submit, Freigabe, withdraw."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow import clock, permissions
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import (
    AgendaItem,
    Body,
    Consultation,
    HistoryEntry,
    Organization,
    Paper,
    PaperType,
    Person,
    ReferenceCounter,
    SignOff,
    SignOffRule,
    StatementRequest,
)
from workflow.services.engine import (
    assign_reference,
    catalogue_check,
    lock,
    organization_check,
    perform,
    require,
    save_new,
    touch,
    validate,
)
from workflow.services.history import about_item, write_entry, write_event

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def register_paper(paper: Paper, *, by: User, reference: str = "") -> Paper:
    """Save a new, unsaved paper as a draft, giving it the next reference of its year."""
    require(
        permissions.can_create_paper(by, paper.body),
        _("Sie dürfen keine Vorlagen anlegen."),
    )
    return insert_paper(paper, by=by, reference=reference)


def insert_paper(paper: Paper, *, by: User, reference: str = "") -> Paper:
    """Save a new paper as a draft with its reference and history, for a caller that has
    checked who may (``register_paper``, a filing's registration)."""
    catalogue_check(paper.paper_type, paper.body, _("Die Vorlage-Art"))
    with transaction.atomic():
        assign_reference(paper, ReferenceCounter.Scope.PAPER, paper.date.year, "", reference)
        save_new(paper)
        write_entry(paper, HistoryEntry.CREATED, source="", target=paper.state, by=by)
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
        paper = lock(paper)
        if paper.state in Paper.FINAL_STATES:
            raise TransitionRefused(
                _("Die Beratungsfolge von %(paper)s ist abgeschlossen.") % {"paper": paper}
            )
        if paper.state == Paper.State.DRAFT:
            require(
                permissions.can_edit_paper(by, paper),
                _("Sie dürfen %(paper)s nicht bearbeiten.") % {"paper": paper},
            )
        else:
            require(
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
        return save_new(consultation)


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
        paper = lock(consultation.paper)
        _check_draft_editable(paper, by=by)
        Consultation.objects.filter(pk=consultation.pk, paper=paper).delete()
        for position, step in enumerate(paper.consultations.order_by("position"), start=1):
            if step.position != position:
                step.position = position
                step.save(update_fields=["position", "modified"])
        touch(paper)


def _same_body(organizations: Iterable[Organization], body: Body) -> list[Organization]:
    """The Mitzeichnung's departments, all of ``body``."""
    organizations = list(organizations)
    if any(organization.body_id != body.pk for organization in organizations):
        raise InvalidInput(_("Das Amt gehört zu einer anderen Körperschaft."))
    return organizations


def _check_draft_editable(paper: Paper, *, by: User) -> None:
    require(
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
        paper = lock(paper, expected_version)
        _check_draft_editable(paper, by=by)
        changed = [name for name, value in fields.items() if getattr(paper, name) != value]
        for name, value in fields.items():
            setattr(paper, name, value)
        if "paper_type" in fields:
            catalogue_check(paper.paper_type, paper.body, _("Die Vorlage-Art"))
        if co_organizations is not None:
            co_organizations = _same_body(co_organizations, paper.body)
        validate(paper)
        paper.version += 1
        paper.save()
        if co_organizations is not None:
            before = set(paper.co_organizations.values_list("pk", flat=True))
            paper.co_organizations.set(co_organizations)
            if before != {o.pk for o in co_organizations}:
                changed.append("co_organizations")
        if changed:
            labels = ", ".join(str(Paper._meta.get_field(name).verbose_name) for name in changed)
            write_event(paper, HistoryEntry.EDITED, by=by, comment=labels)
    return paper


def add_paper_note(paper: Paper, *, by: User, text: str) -> HistoryEntry:
    """A note in the paper's history: what the paper's side and the clerks can still add
    once it is submitted."""
    if not text.strip():
        raise InvalidInput(_("Die Notiz ist leer."))
    require(
        permissions.can_add_paper_note(by, paper),
        _("Sie dürfen zu %(paper)s keine Notiz schreiben.") % {"paper": paper},
    )
    return write_event(paper, HistoryEntry.NOTE, by=by, comment=text.strip())


def submit_paper(
    paper: Paper, *, by: User, comment: str = "", expected_version: int | None = None
) -> Paper:
    """Submit a draft and request the Freigaben its body's rule names for its Vorlage-Art."""
    with transaction.atomic():
        paper = lock(paper, expected_version)
        # Requested first: the submission's mails go to the heads asked, or (none asked)
        # straight to the Sitzungsdienst.
        _request_sign_offs(paper)
        perform(paper, "submit", by=by, comment=comment)
    return paper


def _request_sign_offs(paper: Paper) -> None:
    rule = SignOffRule.objects.filter(body=paper.body_id, paper_type=paper.paper_type_id).first()
    if rule is None:
        return
    wanted: dict[int, str] = {}
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
        paper = lock(paper, expected_version)
        departments = permissions.sign_off_organizations(by, paper)
        names = ", ".join(str(d) for d in departments)
        perform(
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
        paper = lock(paper, expected_version)
        perform(paper, "refuse_sign_off", by=by, comment=comment)
        paper.sign_offs.all().delete()
    return paper


def withdraw_paper(
    paper: Paper, *, by: User, comment: str = "", expected_version: int | None = None
) -> Paper:
    """Withdraw; the history entry names the TOP the paper was on, if it was scheduled."""
    with transaction.atomic():
        paper = lock(paper, expected_version)
        item = _scheduled_item(paper)
        about = about_item(item, item.meeting) if item is not None else {}
        perform(paper, "withdraw", by=by, comment=comment, **about)
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


def request_statement(
    paper: Paper, *, organization: Organization, due: datetime.date, by: User
) -> StatementRequest:
    """Ask a department for its Stellungnahme on the paper by ``due``; it is told by mail."""
    with transaction.atomic():
        paper = lock(paper)
        require(
            permissions.can_request_statement(by, paper),
            _("Nur der Sitzungsdienst der Beratungsfolge fordert Stellungnahmen an."),
        )
        organization_check(
            organization,
            paper.body_id,
            Organization.Type.DEPARTMENT,
            _("Bitte ein Amt dieser Körperschaft wählen."),
        )
        if due < timezone.localdate(clock.now()):
            raise InvalidInput(_("Die Frist für die Stellungnahme liegt in der Vergangenheit."))
        request = save_new(
            StatementRequest(
                paper=paper,
                organization=organization,
                due=due,
                requested_by=by,
                requested_at=clock.now(),
            )
        )
        touch(paper)
        write_event(
            paper,
            HistoryEntry.STATEMENT_REQUESTED,
            by=by,
            comment=_("%(organization)s, bis %(due)s")
            % {"organization": organization, "due": f"{due:%d.%m.%Y}"},
        )
    return request


def give_statement(request: StatementRequest, *, text: str, by: User) -> StatementRequest:
    """The department gives its Stellungnahme (once); the Sitzungsdienst is told by mail."""
    with transaction.atomic():
        paper = lock(request.paper)
        request = StatementRequest.objects.select_for_update().get(pk=request.pk)
        require(
            permissions.can_give_statement(by, request),
            _("Die Stellungnahme gibt das angefragte Amt ab."),
        )
        if request.given_at is not None:
            raise TransitionRefused(_("Die Stellungnahme ist schon abgegeben."))
        if not text.strip():
            raise InvalidInput(_("Die Stellungnahme ist leer."))
        request.text = text.strip()
        request.given_by = by
        request.given_at = clock.now()
        request.save()
        touch(paper)
        write_event(paper, HistoryEntry.STATEMENT_GIVEN, by=by, comment=str(request.organization))
    return request
