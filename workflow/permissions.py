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
    Meeting,
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    Paper,
    Person,
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

    person_id = _person_id(user)
    if person_id is None or not user.is_active:
        return Organization.objects.none()
    roles = Membership.objects.active().filter(person_id=person_id, role=role)
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
    return can_edit_paper(user, paper)


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
}


def may_run_transition(user: User, subject: Paper | Meeting, name: str) -> bool:
    """Whether ``user`` may run transition ``name`` of ``subject`` (``TRANSITION_RULES``)."""
    rule = TRANSITION_RULES.get((type(subject), name))
    return rule is not None and rule(user, subject)
