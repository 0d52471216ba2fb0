"""Who receives mail, as ``Recipient``s with an address: the people around a paper and a
committee. The queries read memberships and permissions; what each event sends to whom is in
``notifications.rules``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from workflow import permissions
from workflow.models import (
    Body,
    CoSignature,
    Filing,
    InvitationReply,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    user_id: int | None = None
    # for subscribers (no account): their subscription and language
    subscription_id: int | None = None
    language: str | None = None


def subscriber(subscription) -> Recipient:
    """A subscriber without an account: the address, language and subscription it names."""
    return Recipient(
        subscription.email,
        "",
        None,
        subscription_id=subscription.pk,
        language=subscription.language,
    )


def _from_people(people: Iterable[Person]) -> list[Recipient]:
    """People (with their user loaded) who have an address: their own, else their account's."""
    found = []
    for person in people:
        email = person.email or (person.user.email if person.user is not None else "")
        if email:
            found.append(Recipient(email, person.name, person.user_id))
    return found


def _members(organization_id: int, roles: Q) -> list[Recipient]:
    memberships = (
        Membership.objects.active()
        .filter(roles, organization_id=organization_id)
        .select_related("person__user")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return _from_people(m.person for m in memberships)


def paper_side(paper: Paper) -> list[Recipient]:
    """The Bearbeiter/-in and the federführend department's head and staff."""
    found = []
    if paper.officer_id:
        officer = Person.objects.select_related("user").get(pk=paper.officer_id)
        found += _from_people([officer])
    if paper.lead_organization_id:
        found += _members(
            paper.lead_organization_id,
            Q(role__in=(Membership.Role.HEAD, Membership.Role.STAFF)),
        )
    return found


def filing_side(filing: Filing) -> list[Recipient]:
    """The author, the members who co-signed, and for a Fraktion's filing who files for it
    (``permissions.GROUP_FILERS``)."""
    confirmed = filing.co_signatures.filter(answer=CoSignature.Answer.CONFIRMED)
    people = [filing.author, *(c.person for c in confirmed.select_related("person__user"))]
    found = _from_people(people)
    if filing.group_id is not None:
        found += _members(filing.group_id, Q(role__in=permissions.GROUP_FILERS))
    return found


def asked_co_signer(filing: Filing) -> list[Recipient]:
    """The member asked last to co-sign (the event of the request is written with it)."""
    latest = filing.co_signatures.select_related("person__user").order_by("-pk").first()
    return _from_people([latest.person]) if latest is not None else []


def author(filing: Filing) -> list[Recipient]:
    return _from_people([Person.objects.select_related("user").get(pk=filing.author_id)])


def clerks(organization: Organization) -> list[Recipient]:
    """The committee's Sitzungsdienst (users with an e-mail address)."""
    users = permissions.clerk_users(organization).exclude(email="").order_by("pk")
    return [Recipient(u.email, u.get_full_name() or u.get_username(), u.pk) for u in users]


def sitzungsdienst(body: Body) -> list[Recipient]:
    """The Sitzungsdienst of the body's committees, each address once; the body's contact
    address if no committee has one."""
    committees = Organization.objects.filter(
        body=body, organization_type=Organization.Type.COMMITTEE
    ).order_by("pk")
    found = unique(recipient for committee in committees for recipient in clerks(committee))
    if not found and body.contact_email:
        found = [Recipient(body.contact_email, body.contact_name or body.name)]
    return found


def heads(organization_ids: Iterable[int]) -> list[Recipient]:
    """The heads (Leitung) of these departments, who give their Freigabe."""
    return [
        recipient
        for organization_id in organization_ids
        for recipient in _members(organization_id, Q(role=Membership.Role.HEAD))
    ]


def chairs(organization: Organization) -> list[Recipient]:
    return _members(organization.pk, Q(role=Membership.Role.CHAIR))


def invitees(organization: Organization) -> list[Recipient]:
    """Everyone invited to the committee's meetings: members with a vote (chair included)
    and every deputy."""
    memberships = (
        permissions.invited_memberships(organization)
        .select_related("person__user")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    return _from_people(m.person for m in memberships)


def statement_department(paper: Paper) -> list[Recipient]:
    """Head and staff of the department asked last for a Stellungnahme on the paper."""
    request = paper.statements.order_by("-pk").first()
    if request is None:
        return []
    return _members(
        request.organization_id, Q(role__in=(Membership.Role.HEAD, Membership.Role.STAFF))
    )


def asked_deputy(meeting: Meeting) -> list[Recipient]:
    """The deputy asked last to stand in at ``meeting`` (the event is written with it)."""
    reply = (
        InvitationReply.objects.filter(meeting=meeting, stands_in_for__isnull=False)
        .select_related("person__user")
        .order_by("-pk")
        .first()
    )
    return _from_people([reply.person]) if reply is not None else []


def unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    """One per address (the first wins), in order."""
    seen: set[str] = set()
    result = []
    for recipient in recipients:
        address = recipient.email.lower()
        if address not in seen:
            seen.add(address)
            result.append(recipient)
    return result
