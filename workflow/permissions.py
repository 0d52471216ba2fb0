"""Who may do what. Every check of the services (and the transitions' permission hooks)
goes through the functions here; nothing else decides.

Roles:
- Sitzungsdienst (clerk): the permission ``workflow.manage_meetings``, either for every
  committee (model permission, e.g. through the group "Sitzungsdienst") or for single
  committees (object permission on the Organization).
- Vorlagen: the Bearbeiter/-in, active members of the federführend department, and holders of
  ``workflow.change_paper`` edit a paper; holders of ``workflow.add_paper`` create papers.
- Vorsitz: an active Membership with role "chair" in the meeting's committee. Nobody else
  approves agendas or minutes, clerks and superusers included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from workflow.models import AgendaItem, Body, Meeting, Organization, Paper

    User = AbstractBaseUser | AnonymousUser

MANAGE_MEETINGS = "workflow.manage_meetings"


def _person_id(user: User) -> int | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person.pk if person is not None else None


def is_clerk_for(user: User, organization: Organization) -> bool:
    """Sitzungsdienst for this committee (or for all)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.has_perm(MANAGE_MEETINGS) or user.has_perm(MANAGE_MEETINGS, organization)


def is_chair_of(user: User, organization: Organization) -> bool:
    from workflow.models import Membership

    person_id = _person_id(user)
    if person_id is None or not user.is_active:
        return False
    return (
        Membership.objects.active()
        .filter(person_id=person_id, organization=organization, role=Membership.Role.CHAIR)
        .exists()
    )


def can_create_paper(user: User, body: Body) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("workflow.add_paper"))


def can_edit_paper(user: User, paper: Paper) -> bool:
    """Bearbeiter/-in, the federführend department, or paper editors."""
    from workflow.models import Membership

    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_perm("workflow.change_paper"):
        return True
    person_id = _person_id(user)
    if person_id is None:
        return False
    if paper.officer_id == person_id:
        return True
    return (
        paper.lead_organization_id is not None
        and Membership.objects.active()
        .filter(person_id=person_id, organization_id=paper.lead_organization_id)
        .exists()
    )


def can_submit_paper(user: User, paper: Paper) -> bool:
    return can_edit_paper(user, paper)


def can_withdraw_paper(user: User, paper: Paper) -> bool:
    """The paper's side may withdraw it; so may the clerk recording "zurückgezogen"."""
    return can_edit_paper(user, paper) or can_record_paper_result(user, paper)


def can_schedule_paper(user: User, paper: Paper) -> bool:
    """Clerks of the committee of the paper's current consultation."""
    consultation = paper.current_consultation()
    return consultation is not None and is_clerk_for(user, consultation.organization)


def can_record_paper_result(user: User, paper: Paper) -> bool:
    """Clerks of the committee whose TOP (the paper's latest) is being or was decided."""
    item = _latest_agenda_item(paper)
    return item is not None and is_clerk_for(user, item.meeting.organization)


def can_manage_meeting(user: User, meeting: Meeting) -> bool:
    return is_clerk_for(user, meeting.organization)


def can_record_result(user: User, agenda_item: AgendaItem) -> bool:
    return is_clerk_for(user, agenda_item.meeting.organization)


def can_chair_meeting(user: User, meeting: Meeting) -> bool:
    return is_chair_of(user, meeting.organization)


def _latest_agenda_item(paper: Paper) -> AgendaItem | None:
    from workflow.models import AgendaItem

    return (
        AgendaItem.objects.filter(consultation__paper=paper)
        .select_related("meeting__organization")
        .order_by("-meeting__start", "-pk")
        .first()
    )
