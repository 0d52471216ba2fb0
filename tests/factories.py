"""Factories for the tests. Papers and meetings are made through the services (they need
references, history rows and legal states); the helpers at the bottom walk them to a state."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from workflow import services
from workflow.models import (
    Body,
    Consultation,
    Filing,
    Meeting,
    Membership,
    Organization,
    Paper,
    PaperType,
    Person,
    ResolutionKind,
)

TZ = zoneinfo.ZoneInfo("Europe/Brussels")


class Clock:
    """The clock of the time rules (``workflow.clock.now``) in the tests: real time until a
    test moves it. Only the workflow's rules see it; sessions and mails keep real time."""

    def __init__(self) -> None:
        self.moment: datetime.datetime | None = None

    def now(self) -> datetime.datetime:
        from django.utils import timezone

        return self.moment or timezone.now()

    def travel(self, moment: datetime.datetime) -> None:
        """Set the clock to ``moment`` (also backwards)."""
        self.moment = moment

    def reach(self, moment: datetime.datetime) -> None:
        """Move the clock forward to ``moment`` unless it is already later."""
        if moment > self.now():
            self.moment = moment

    def reset(self) -> None:
        self.moment = None


CLOCK = Clock()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Gemeinde {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    body = factory.SubFactory(BodyFactory)
    family_name = factory.Sequence(lambda n: f"Muster{n}")
    given_name = "Kim"


def grant(user, *codenames: str, obj=None) -> None:
    """Give model permissions (or, with ``obj``, guardian object permissions)."""
    from guardian.shortcuts import assign_perm

    for codename in codenames:
        if obj is not None:
            assign_perm(f"workflow.{codename}", user, obj)
        else:
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label="workflow", codename=codename)
            )


def person_user(body: Body, organization: Organization | None = None, role: str = "member"):
    """A user with a Person, optionally with an active membership."""
    user = UserFactory()
    person = PersonFactory(body=body, user=user)
    if organization is not None:
        Membership.objects.create(person=person, organization=organization, role=role)
    return user


def kind(name: str) -> ResolutionKind:
    return ResolutionKind.objects.get(body=None, name=name)


def paper_type(name: str = "Beschlussvorlage") -> PaperType:
    return PaperType.objects.get(body=None, name=name)


def at(day: int, hour: int = 16, month: int = 11, year: int = 2030) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


class World:
    """One body with two committees, a plenum, a department, and a person for each role."""

    def __init__(self) -> None:
        self.body = BodyFactory(name="Parlament der DG")
        self.committee = OrganizationFactory(body=self.body, name="Ausschuss I")
        self.other_committee = OrganizationFactory(body=self.body, name="Ausschuss II")
        self.plenum = OrganizationFactory(body=self.body, name="Plenum")
        self.department = OrganizationFactory(
            body=self.body, name="Fachbereich", organization_type=Organization.Type.DEPARTMENT
        )
        self.clerk = UserFactory(username="clerk")
        grant(self.clerk, "manage_meetings")
        self.officer = person_user(self.body, self.department, Membership.Role.STAFF)
        self.officer_person = self.officer.person
        self.chair = person_user(self.body, self.committee, Membership.Role.CHAIR)
        self.plenum_chair = person_user(self.body, self.plenum, Membership.Role.CHAIR)
        self.other_chair = person_user(self.body, self.other_committee, Membership.Role.CHAIR)
        self.member = person_user(self.body, self.committee, Membership.Role.MEMBER)
        self.outsider = UserFactory(username="outsider")
        self.admin = UserFactory(username="root", is_superuser=True, is_staff=True)
        grant(self.officer, "add_paper")
        self._day = 0

    # -- papers ---------------------------------------------------------------------

    def draft(self, *steps: tuple[Organization, str, bool], **fields) -> Paper:
        """A draft; ``steps`` default to one deciding consultation in ``committee``."""
        paper = services.create_paper(
            body=self.body,
            name=fields.pop("name", "Sachstand Regionalmarketing"),
            paper_type=fields.pop("paper_type", None) or paper_type(),
            lead_organization=fields.pop("lead", self.department),
            officer=self.officer_person,
            by=self.officer,
            **fields,
        )
        for organization, role, authoritative in steps or (
            (self.committee, Consultation.Role.DECISION, True),
        ):
            services.add_consultation(
                paper,
                organization=organization,
                role=role,
                authoritative=authoritative,
                by=self.officer,
            )
        return paper

    def submitted(self, *steps, **fields) -> Paper:
        return services.submit_paper(self.draft(*steps, **fields), by=self.officer)

    def two_step(self) -> Paper:
        """Vorberatung in ``committee``, Entscheidung in ``plenum``."""
        return self.submitted(
            (self.committee, Consultation.Role.PRELIMINARY, False),
            (self.plenum, Consultation.Role.DECISION, True),
        )

    # -- meetings -------------------------------------------------------------------

    def meeting(self, organization: Organization | None = None, **fields) -> Meeting:
        self._day += 1
        return services.create_meeting(
            organization=organization or self.committee,
            start=at(1) + datetime.timedelta(days=self._day),
            by=self.clerk,
            **fields,
        )

    def chair_of(self, meeting: Meeting):
        return {
            self.committee.pk: self.chair,
            self.plenum.pk: self.plenum_chair,
            self.other_committee.pk: self.other_chair,
        }[meeting.organization_id]

    def invite(self, meeting: Meeting, *, begin: bool = True) -> Meeting:
        """Submit, approve and send the agenda; with ``begin``, the clock then moves to an
        hour after the meeting's start (so its results can be recorded and it can close)."""
        meeting = services.submit_agenda(meeting, by=self.clerk)
        meeting = services.approve_agenda(meeting, by=self.chair_of(meeting))
        meeting = services.send_invitations(meeting, by=self.clerk)
        if begin:
            self.begin(meeting)
        return meeting

    def begin(self, meeting: Meeting) -> None:
        """Let the meeting begin: the clock moves to an hour after its start."""
        CLOCK.reach(meeting.start + datetime.timedelta(hours=1))

    def scheduled(self, paper: Paper | None = None, organization: Organization | None = None):
        """(paper, agenda item) with the paper on a TOP of a new meeting, invitations sent."""
        paper = paper or self.submitted()
        meeting = self.meeting(organization or paper.current_consultation().organization)
        item = services.add_agenda_item(meeting, paper=paper, by=self.clerk)
        self.invite(meeting)
        item.refresh_from_db()
        paper.refresh_from_db()
        return paper, item

    def decide(self, item, name: str = "ungeändert beschlossen", **texts):
        services.record_result(item, result=kind(name), by=self.clerk, **texts)
        item.refresh_from_db()
        return Paper.objects.get(pk=item.consultation.paper_id)


def second_body_clerk(*codenames: str):
    """A second body in the same installation and a clerk "for every committee" of it (the
    model permissions through a group, as the Sitzungsdienst has them), with a person there."""
    from django.contrib.auth.models import Group

    body = BodyFactory(name="Nachbargemeinde")
    OrganizationFactory(body=body, name="Rat der Nachbargemeinde")
    clerk = person_user(body)
    group = Group.objects.create(name="Sitzungsdienst der Nachbargemeinde")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="workflow",
            codename__in=codenames or ("manage_meetings", "change_paper"),
        )
    )
    clerk.groups.add(group)
    return body, clerk


# -- the council's side: members and Fraktionen ---------------------------------------


@dataclass
class Council:
    """The World's committee member writes for the Fraktion "Grüne", whose chair files;
    a colleague of the group co-signs; a member of another group, and an officer."""

    world: World
    group: Organization
    other_group: Organization
    author: object
    group_chair: object
    colleague: object
    group_member: object
    other_group_member: object


def political_group(body: Body, name: str) -> Organization:
    """A Fraktion of ``body``."""
    return OrganizationFactory(
        body=body, name=name, organization_type=Organization.Type.PARLIAMENTARY_GROUP
    )


def make_council(world: World) -> Council:
    group = political_group(world.body, "Fraktion Grüne")
    other = political_group(world.body, "Fraktion Blau")
    author = world.member
    Membership.objects.create(person=author.person, organization=group)
    return Council(
        world=world,
        group=group,
        other_group=other,
        author=author,
        group_chair=person_user(world.body, group, Membership.Role.CHAIR),
        colleague=person_user(world.body, group),
        group_member=person_user(world.body, group),
        other_group_member=person_user(world.body, other),
    )


def draft_filing(council: Council, *, group: bool = True, **fields) -> Filing:
    world = council.world
    return services.create_filing(
        body=world.body,
        name=fields.pop("name", "Radweg an der Hauptstraße"),
        text=fields.pop("text", "Der Rat beauftragt die Verwaltung, einen Radweg zu planen."),
        reasoning="Schulweg",
        committee=fields.pop("committee", world.committee),
        group=council.group if group else None,
        by=council.author,
        **fields,
    )
