"""Who may do what. Every check of the services, and who may run each transition
(``TRANSITION_RULES``), goes through the functions here; nothing else decides.

Roles:
- Sitzungsdienst (clerk): the permission ``workflow.manage_meetings``, either for every
  committee (model permission, e.g. through the group "Sitzungsdienst") or for single
  committees (object permission on the Organization).
- Vorlagen: the Bearbeiter/-in, active members of the federführend department, and holders of
  ``workflow.change_paper`` edit a paper; holders of ``workflow.add_paper`` create papers.
- Freigabe: the head (active Membership with role "head") of a department whose sign-off
  the paper still awaits.
- Vorsitz: an active Membership with role "chair" in the meeting's committee. Nobody else
  approves agendas or minutes, clerks and superusers included.
- Mandat (members and Fraktionen): an active membership with a seat (chair, vice chair,
  member, deputy) in a committee or Fraktion of the body. Such members draft Anträge and
  Anfragen (``Filing``): the author edits a draft and asks co-signers; a personal filing is
  filed by its author, a group's by the group's (vice) chair or the staff it names; the
  Sitzungsdienst of the requested committee registers it or gives it back. A draft is read
  by its author, the co-signers who have not declined, and (for a group's filing) the
  group's members and staff; once filed also by that Sitzungsdienst.
- Anfragen: the department the Sitzungsdienst names at registration answers; a non-public
  Anfrage and its Antwort are read by the askers, that department, the Sitzungsdienst and,
  where it is on a non-public TOP, the committee.
- Reading non-public content of a committee: its members (object permission
  ``workflow.view_confidential``, derived from memberships by ``workflow.grants``) and its
  clerks. Which rows that makes visible is decided by ``workflow.selectors``, which
  ``can_view_*`` below ask, so a list and a single object never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from workflow.models import (
    AgendaItem,
    Body,
    CoSignature,
    Filing,
    Meeting,
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    Paper,
    Person,
    StatementRequest,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.auth.models import User as AuthUser

    User = AuthUser | AnonymousUser

MANAGE_MEETINGS = "workflow.manage_meetings"


def _person_id(user: User) -> int | None:
    if not user.is_authenticated:
        return None

    try:
        return user.person.pk
    except Person.DoesNotExist:
        return None


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _acting_person_id(user: User) -> int | None:
    """The person of an active user (None for anonymous, inactive and person-less users)."""
    return _person_id(user) if _active(user) else None


def _active_memberships(user: User) -> QuerySet[Membership]:
    """The active memberships of the acting person (none without one)."""
    person_id = _acting_person_id(user)
    if person_id is None:
        return Membership.objects.none()
    return Membership.objects.active().filter(person_id=person_id)


def _of_own_body(queryset: QuerySet, user: User, field: str = "body") -> QuerySet:
    """A model permission ("for every committee") reaches the committees of the user's own
    body (that of their person); superusers and users without a person act for every body
    of the installation."""
    if user.is_superuser:
        return queryset
    person_body = _person_body_id(user)
    return queryset if person_body is None else queryset.filter(**{f"{field}_id": person_body})


def _person_body_id(user: User) -> int | None:
    # Asked for signed-in users only (the callers checked ``_active``).
    try:
        return cast("AuthUser", user).person.body_id
    except Person.DoesNotExist:
        return None


def _permitted_organizations(user: User, *codenames: str) -> QuerySet[Organization]:
    """Organizations on which the user or one of the user's groups holds one of the object
    permissions; one query, through guardian's direct foreign-key tables."""

    granted = {
        "permission__content_type__app_label": "workflow",
        "permission__codename__in": codenames,
    }
    signed_in = cast("AuthUser", user)  # the callers checked ``_active``
    by_user = OrganizationUserObjectPermission.objects.filter(user=signed_in, **granted)
    by_group = OrganizationGroupObjectPermission.objects.filter(group__user=signed_in, **granted)
    return Organization.objects.filter(
        Q(pk__in=by_user.values("content_object")) | Q(pk__in=by_group.values("content_object"))
    )


def clerk_organizations(user: User) -> QuerySet[Organization]:
    """The committees whose meetings this user manages as Sitzungsdienst."""

    if not _active(user):
        return Organization.objects.none()
    if user.has_perm(MANAGE_MEETINGS):
        return _of_own_body(Organization.objects.all(), user)
    return _permitted_organizations(user, "manage_meetings")


def confidential_organizations(user: User) -> QuerySet[Organization]:
    """The committees whose non-public TOPs, papers and minutes this user reads: as member
    (``view_confidential``, derived from memberships) or as clerk."""

    if not _active(user):
        return Organization.objects.none()
    if user.has_perm(MANAGE_MEETINGS):
        return _of_own_body(Organization.objects.all(), user)
    return _permitted_organizations(user, "manage_meetings", "view_confidential")


def _organizations_with_role(user: User, role: str) -> QuerySet[Organization]:

    roles = _active_memberships(user).filter(role=role)
    return Organization.objects.filter(pk__in=roles.values("organization"))


def chaired_organizations(user: User) -> QuerySet[Organization]:

    return _organizations_with_role(user, Membership.Role.CHAIR)


def headed_organizations(user: User) -> QuerySet[Organization]:
    """Departments this user heads (Amtsleitung), who gives their Freigabe."""

    return _organizations_with_role(user, Membership.Role.HEAD)


def is_clerk_for(user: User, organization: Organization) -> bool:
    """Sitzungsdienst for this committee (or for all)."""
    return clerk_organizations(user).filter(pk=organization.pk).exists()


def is_chair_of(user: User, organization: Organization) -> bool:
    return chaired_organizations(user).filter(pk=organization.pk).exists()


def may_read_confidential(user: User, organization: Organization) -> bool:
    """Members and clerks of the committee read its non-public TOPs, papers and minutes."""
    return confidential_organizations(user).filter(pk=organization.pk).exists()


def can_view_meeting_agenda(user: User, meeting: Meeting) -> bool:
    """Whether the user sees the whole agenda, non-public part included."""
    return may_read_confidential(user, meeting.organization)


def can_create_paper(user: User, body: Body) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("workflow.add_paper"))


def editable_papers(user: User) -> QuerySet[Paper]:
    """Papers this user works on: as Bearbeiter/-in, as an active member of the federführend
    department, or as a holder of ``workflow.change_paper``."""

    if not _active(user):
        return Paper.objects.none()
    if user.has_perm("workflow.change_paper"):
        return _of_own_body(Paper.objects.all(), user)
    person_id = _person_id(user)
    if person_id is None:
        return Paper.objects.none()
    departments = Membership.objects.active().filter(person_id=person_id).values("organization")
    return Paper.objects.filter(Q(officer_id=person_id) | Q(lead_organization__in=departments))


def can_edit_paper(user: User, paper: Paper) -> bool:
    """Bearbeiter/-in, the federführend department, or paper editors."""
    return editable_papers(user).filter(pk=paper.pk).exists()


def can_submit_paper(user: User, paper: Paper) -> bool:
    """The paper's side; for a registered Antrag or Anfrage, the Sitzungsdienst that
    registers it (the paper has no department's side)."""
    if can_edit_paper(user, paper):
        return True
    return Filing.objects.filter(paper=paper, committee__in=clerk_organizations(user)).exists()


def can_add_paper_note(user: User, paper: Paper) -> bool:
    """The paper's side, and the clerks of its consultations."""
    return (
        can_edit_paper(user, paper)
        or paper.consultations.filter(organization__in=clerk_organizations(user)).exists()
    )


def can_read_paper_notes(user: User, paper: Paper) -> bool:
    """Internal notes: the paper's side, the clerks of its consultations, and the heads of
    the departments that give (or gave) its Freigabe or Mitzeichnung. Nobody else reads them
    or learns that there are any."""
    if can_add_paper_note(user, paper):
        return True
    departments = Q(pk__in=paper.sign_offs.values("organization"))
    if paper.lead_organization_id:
        departments |= Q(pk=paper.lead_organization_id)
    return headed_organizations(user).filter(departments).exists()


def sign_off_organizations(user: User, paper: Paper) -> list[Organization]:
    """The departments whose pending Freigabe or Mitzeichnung of ``paper`` this user gives."""
    pending = paper.sign_offs.pending().values("organization")
    return list(headed_organizations(user).filter(pk__in=pending))


def can_sign_off_paper(user: User, paper: Paper) -> bool:
    return bool(sign_off_organizations(user, paper))


def can_withdraw_paper(user: User, paper: Paper) -> bool:
    """The paper's side may withdraw it; so may the clerk recording "zurückgezogen"."""
    return can_edit_paper(user, paper) or can_record_paper_result(user, paper)


def can_schedule_paper(user: User, paper: Paper) -> bool:
    """Clerks of the committee of the paper's current consultation."""
    consultation = paper.current_consultation()
    return consultation is not None and is_clerk_for(user, consultation.organization)


def can_record_paper_result(user: User, paper: Paper) -> bool:
    """Clerks of the committee whose TOP (the paper's latest) is being or was decided."""

    item = (
        AgendaItem.objects.filter(consultation__paper=paper)
        .select_related("meeting__organization")
        .order_by("-meeting__start", "-pk")
        .first()
    )
    return item is not None and is_clerk_for(user, item.meeting.organization)


def can_manage_meeting(user: User, meeting: Meeting) -> bool:
    return is_clerk_for(user, meeting.organization)


def can_edit_draft(user: User, paper: Paper) -> bool:
    """Edit the paper's fields and Beratungsfolge: its side, while it is a draft."""
    return paper.state == Paper.State.DRAFT and can_edit_paper(user, paper)


def can_record_result(user: User, agenda_item: AgendaItem) -> bool:
    return is_clerk_for(user, agenda_item.meeting.organization)


def can_chair_meeting(user: User, meeting: Meeting) -> bool:
    return is_chair_of(user, meeting.organization)


def can_attach_file(user: User, owner: Paper | Meeting | AgendaItem) -> bool:
    """Files of a paper: its side and the clerks of its consultations (after submission too:
    a submitted paper takes documents, not edits). Files of a meeting or TOP: its clerks."""

    if isinstance(owner, Paper):
        return can_add_paper_note(user, owner)
    meeting = owner.meeting if isinstance(owner, AgendaItem) else owner
    # A meeting: mypy keeps Paper in the union past the isinstance check above.
    return can_manage_meeting(user, cast(Meeting, meeting))


def clerk_users(organization: Organization) -> QuerySet:
    """The Sitzungsdienst of this committee, as users: holders of ``manage_meetings`` for all
    committees (directly or through a group) and those holding it for this one. The inverse
    of ``clerk_organizations``; superusers only when they hold the permission themselves."""

    permission = Permission.objects.filter(
        content_type__app_label="workflow", codename="manage_meetings"
    )
    by_object = OrganizationUserObjectPermission.objects.filter(
        content_object=organization, permission__in=permission
    ).values("user")
    by_group_object = OrganizationGroupObjectPermission.objects.filter(
        content_object=organization, permission__in=permission
    ).values("group")
    for_every_committee = Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    of_this_body = Q(person__isnull=True) | Q(person__body_id=organization.body_id)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            (for_every_committee & of_this_body)
            | Q(pk__in=by_object)
            | Q(groups__in=by_group_object)
        )
        .distinct()
    )


# -- Mandat: Anträge and Anfragen of members and Fraktionen ---------------------------

SEATS = (
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.DEPUTY,
)
MANDATE_TYPES = (Organization.Type.COMMITTEE, Organization.Type.PARLIAMENTARY_GROUP)


SEAT = Q(role__in=SEATS, organization__organization_type__in=MANDATE_TYPES)


def seats() -> QuerySet[Membership]:
    """Active seats (chair, vice chair, member, deputy) in committees and Fraktionen."""
    return Membership.objects.active().filter(SEAT)


def mandate_memberships(user: User) -> QuerySet[Membership]:
    """The user's seats (what "Mein Mandat" shows)."""
    return _active_memberships(user).filter(SEAT)


# Who files for a Fraktion: its (vice) chair, and whom it names for that as its staff
# (Fraktionsgeschäftsführung: an active membership with role "Mitarbeiter/-in").
GROUP_FILERS = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.STAFF)


def _group_memberships(user: User) -> QuerySet[Membership]:
    return _active_memberships(user).filter(
        role__in=(*SEATS, Membership.Role.STAFF),
        organization__organization_type=Organization.Type.PARLIAMENTARY_GROUP,
    )


def groups_of(user: User) -> QuerySet[Organization]:
    """The Fraktionen in which the user holds a seat or works as its staff."""
    return Organization.objects.filter(pk__in=_group_memberships(user).values("organization"))


def led_groups(user: User) -> QuerySet[Organization]:
    """The Fraktionen for which the user files: as (vice) chair or named staff."""
    filers = _group_memberships(user).filter(role__in=GROUP_FILERS)
    return Organization.objects.filter(pk__in=filers.values("organization"))


# Who a committee's invitations go to: members with a vote (chair included), every deputy.
INVITED = Q(
    role__in=(Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER),
    voting_right=True,
) | Q(role=Membership.Role.DEPUTY)


def invited_memberships(organization: Organization) -> QuerySet[Membership]:
    """The memberships a committee's invitations go to (``INVITED``)."""
    return Membership.objects.active().filter(INVITED, organization=organization)


def invited_memberships_of(user: User) -> QuerySet[Membership]:
    """The user's memberships that bring invitations (``invited_memberships``)."""
    return _active_memberships(user).filter(INVITED)


def can_reply_to_invitation(user: User, meeting: Meeting) -> bool:
    """The invited answer Zusage or Absage once the invitations are out, until it begins."""
    return (
        meeting.state == Meeting.State.INVITED
        and not meeting.has_begun()
        and invited_memberships_of(user).filter(organization=meeting.organization_id).exists()
    )


def can_create_filing(user: User, body: Body) -> bool:
    """Members with a seat in the body draft Anträge and Anfragen."""
    return mandate_memberships(user).filter(organization__body=body).exists()


def readable_filings(user: User) -> QuerySet[Filing]:
    """Filings the user reads: authors, co-signers who have not declined, the group's
    members (a group's filing), once filed the requested committee's Sitzungsdienst, and
    an Anfrage's answering department."""
    if not _active(user):
        return Filing.objects.none()
    person_id = _person_id(user)
    clerks_of = Q(filed_at__isnull=False, committee__in=clerk_organizations(user))
    if person_id is None:
        return Filing.objects.filter(clerks_of)
    co_signing = CoSignature.objects.filter(person_id=person_id).exclude(
        answer=CoSignature.Answer.DECLINED
    )
    departments = answering_departments(user)
    return Filing.objects.filter(
        Q(author_id=person_id)
        | Q(pk__in=co_signing.values("filing"))
        | Q(group__in=groups_of(user))
        | clerks_of
        | Q(answering_organization__in=departments)
    )


def originated_papers(user: User) -> QuerySet[Paper]:
    """Papers the user, or a Fraktion in which they hold a seat, originated (Antragsteller)."""
    person_id = _acting_person_id(user)
    if person_id is None:
        return Paper.objects.none()
    return Paper.objects.filter(
        Q(originator_persons=person_id) | Q(originator_organizations__in=groups_of(user))
    ).distinct()


def can_view_filing(user: User, filing: Filing) -> bool:
    return readable_filings(user).filter(pk=filing.pk).exists()


def is_filing_author(user: User, filing: Filing) -> bool:
    person_id = _acting_person_id(user)
    return person_id is not None and person_id == filing.author_id


def can_edit_filing(user: User, filing: Filing) -> bool:
    """The author edits a draft and asks co-signers."""
    return filing.state == Filing.State.DRAFT and is_filing_author(user, filing)


def can_file(user: User, filing: Filing) -> bool:
    """A personal filing: its author; a group's: the group's (vice) chair or named staff."""
    if filing.group_id is not None:
        return led_groups(user).filter(pk=filing.group_id).exists()
    return is_filing_author(user, filing)


def can_withdraw_filing(user: User, filing: Filing) -> bool:
    return can_file(user, filing) or is_filing_author(user, filing)


def can_register_filing(user: User, filing: Filing) -> bool:
    """The Sitzungsdienst of the committee the filing asks for."""
    return is_clerk_for(user, filing.committee)


def answering_departments(user: User) -> QuerySet[Organization]:
    """The departments in which the user has an active membership (who answer Anfragen)."""
    memberships = _active_memberships(user).filter(
        organization__organization_type=Organization.Type.DEPARTMENT
    )
    return Organization.objects.filter(pk__in=memberships.values("organization"))


def can_request_statement(user: User, paper: Paper) -> bool:
    """The Sitzungsdienst of a committee of the paper's Beratungsfolge, until it is done."""
    return (
        paper.state not in Paper.FINAL_STATES
        and paper.consultations.filter(organization__in=clerk_organizations(user)).exists()
    )


def can_give_statement(user: User, request: StatementRequest) -> bool:
    """Active members (head, staff) of the department asked for the Stellungnahme."""
    return answering_departments(user).filter(pk=request.organization_id).exists()


def can_answer_question(user: User, filing: Filing) -> bool:
    """Active members (head, staff) of the department asked to answer the Anfrage."""
    return (
        filing.answering_organization_id is not None
        and answering_departments(user).filter(pk=filing.answering_organization_id).exists()
    )


def can_answer_co_signature(user: User, filing: Filing) -> bool:
    """An invited co-signer, while the filing is a draft."""
    person_id = _acting_person_id(user)
    return (
        filing.state == Filing.State.DRAFT
        and person_id is not None
        and filing.co_signatures.filter(person_id=person_id)
        .exclude(answer=CoSignature.Answer.DECLINED)
        .exists()
    )


# Who may run each transition: one permission function per transition of the state
# machines (``workflow/models``), asked by the engine before it runs one and by the
# selectors before they offer it as a button. A transition missing here is refused.
TRANSITION_RULES: dict[tuple[type, str], Callable[[Any, Any], bool]] = {
    (Paper, "submit"): can_submit_paper,
    (Paper, "sign_off"): can_sign_off_paper,
    (Paper, "refuse_sign_off"): can_sign_off_paper,
    (Paper, "schedule"): can_schedule_paper,
    (Paper, "unschedule"): can_schedule_paper,
    (Paper, "discuss"): can_record_paper_result,
    (Paper, "resolve"): can_record_paper_result,
    (Paper, "requeue"): can_record_paper_result,
    (Paper, "withdraw"): can_withdraw_paper,
    (Meeting, "submit_agenda"): can_manage_meeting,
    (Meeting, "return_agenda"): can_chair_meeting,
    (Meeting, "approve_agenda"): can_chair_meeting,
    (Meeting, "send_invitations"): can_manage_meeting,
    (Meeting, "close"): can_manage_meeting,
    (Meeting, "approve_minutes"): can_chair_meeting,
    (Meeting, "cancel"): can_manage_meeting,
    (Filing, "file"): can_file,
    (Filing, "return_to_authors"): can_register_filing,
    (Filing, "register"): can_register_filing,
    (Filing, "withdraw"): can_withdraw_filing,
    (Filing, "give_answer"): can_answer_question,
}


def may_run_transition(user: User, subject: Paper | Meeting | Filing, name: str) -> bool:
    """Whether ``user`` may run transition ``name`` of ``subject`` (``TRANSITION_RULES``)."""
    rule = TRANSITION_RULES.get((type(subject), name))
    return rule is not None and rule(user, subject)
