"""The demo data set: the seed's Auszug (SI/2024/129, TOP Ö 5, Vorlage 2024/053) exactly,
plus enough around it that every screen has something to show. Built through the services,
so the history is real. Used by ``manage.py load_demo``; not a test fixture."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from workflow import services
from workflow.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    Filing,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    PaperType,
    Person,
    ResolutionKind,
    SignOffRule,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

BODY_NAME = "Parlament der DG"
TZ = zoneinfo.ZoneInfo("Europe/Brussels")
COMMITTEE_NAME = (
    "Ausschuss für (eu)regionale Arbeit, Fachkräftesicherung, Bildungs- und Wissensregion"
)
DEPARTMENT_NAME = "Arbeit, Bildungs- und Wissensregion"

SEED_MINUTES = """\
Frau Thönnissen (RAZV) stellt den aktuellen Sachstand zur Entwicklung eines regionalen Marketings vor. Zunächst soll ein Konzept erarbeitet werden, wie ein zukünftiges regionales Marketing aufgebaut werden kann. Entscheidend für den gesamten Prozess wird es sein, alle Akteure der Region einzubinden (Workshops etc.), um sicherzustellen, dass alle Sichtweisen berücksichtigt werden. Nach Erstellung des Konzeptes wird eine Agentur zur Umsetzung ausgeschrieben.

Frau Thönnissen berichtet darüber hinaus, dass am 24.09.2024 eine Kooperationsvereinbarung zwischen regionalen Wirtschaftsclustern und dem RAZV unterzeichnet wurde. Darin vereinbaren der RAZV und die Wirtschaftscluster im Rahmen einer strategischen Partnerschaft bzgl. des geplanten Regionalmarketings und zum Zweck der Fach- und Arbeitskräftesicherung/-gewinnung ihre Kräfte zu bündeln, um einen starken Auftritt nach außen zu gewährleisten und mit einer starken Stimme zu sprechen. Durch die Zusammenarbeit sollen Synergien, eine erhöhte Schlagkraft und deutlich mehr Sichtbarkeit nach innen und außen entstehen. Doppelarbeit und Doppelstrukturen innerhalb der Region sollen durch die Kooperation vermieden werden und eine effiziente Interessenvertretung mit schlanken Strukturen entstehen.

Herr Bausch hebt den Willen zur Kooperation der o.g. Akteure hervor und betont, dass es endlich gelungen sei, Akteure aus der Wirtschaft einzubinden, da man gemeinsam mehr erreichen könne.

Herr Käser vermisst bei den beteiligten Partnern die regionalen Hochschulen. Frau Thönnissen erklärt, dass sie diesbezüglich mit Prof. Ritz (FH Aachen) im Gespräch sei."""

CONFIDENTIAL_TITLE = "Personalangelegenheit: Besetzung der Stelle Koordination Fachkräfte"
CONFIDENTIAL_RESOLUTION = "Der Ausschuss empfiehlt die Einstellung von Bewerberin B zum 01.01.2025."
CONFIDENTIAL_MINUTES = "Vertrauliche Aussprache über drei Bewerbungen; Bewerberin B überzeugte."

# Demo only: every demo account has this password (see README).
DEMO_PASSWORD = "ratsflow-demo"
DEMO_USERS = {
    # username: (given, family, role description)
    "admin": ("", "", "superuser"),
    "sitzungsdienst": ("Sabine", "Kohnen", "Sitzungsdienst (all committees)"),
    "zierstedt": (
        "Björn",
        "Zierstedt",
        "Bearbeiter, Fachbereich Arbeit, Bildungs- und Wissensregion",
    ),
    "vorsitz": ("Anna", "Lenz", "Vorsitz of the Ausschuss"),
    "praesident": ("Karl", "Mertens", "Vorsitz of the Plenum"),
    "mitglied": ("Jana", "Hilgers", "member of the Ausschuss"),
    "finanzen": ("Marc", "Radermacher", "Vorsitz of the Ausschuss für Haushalt und Finanzen"),
    "heinen": ("Petra", "Heinen", "Leitung der Fachbereiche; gibt die Freigabe"),
}


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def demo_exists() -> bool:
    return Body.objects.filter(name=BODY_NAME).exists()


@transaction.atomic
def load_demo(*, today: datetime.date | None = None, seed_held: bool = True) -> bool:
    """Create the demo data unless it exists. Returns whether it was created.

    Without ``seed_held`` the seed meeting stops when its invitations are out, to be held
    live (the browser test of the live screen does that).

    Upcoming meetings are placed in the weeks after ``today`` so the workspace has
    something to do; the seed meeting keeps its real date.
    """
    if demo_exists():
        return False
    today = today or timezone.localdate()
    users = _users()
    clerk = users["sitzungsdienst"]

    place = Location.objects.create(
        description="Parlament der DG, Eupen",
        room="Parlament der DG, Eupen",
        street_address="Platz des Parlaments 1",
        postal_code="4700",
        locality="Eupen",
    )
    body = Body.objects.create(
        name=BODY_NAME,
        short_name="PDG",
        location=place,
        time_zone="Europe/Brussels",
        website="https://pdg.be",
        contact_email="info@pdg.example",
        classification="Parlament",
        license="https://creativecommons.org/licenses/by/4.0/",
    )
    place.body = body
    place.save()
    body.legislative_terms.create(
        name="Legislaturperiode 2024–2029", start_date=datetime.date(2024, 6, 25)
    )

    def org(name: str, kind: str, classification: str) -> Organization:
        return Organization.objects.create(
            body=body, name=name, organization_type=kind, classification=classification
        )

    plenum = org("Plenum", Organization.Type.COMMITTEE, "Hauptorgan")
    committee = org(COMMITTEE_NAME, Organization.Type.COMMITTEE, "Ausschuss")
    finance = org("Ausschuss für Haushalt und Finanzen", Organization.Type.COMMITTEE, "Ausschuss")
    department = org(DEPARTMENT_NAME, Organization.Type.DEPARTMENT, "Fachbereich")
    finance_dept = org("Finanzen", Organization.Type.DEPARTMENT, "Fachbereich")
    group_a = org("Fraktion Mitte", Organization.Type.PARLIAMENTARY_GROUP, "Fraktion")
    group_b = org("Fraktion Zukunft", Organization.Type.PARLIAMENTARY_GROUP, "Fraktion")

    people = _people(body, users)
    term_start = datetime.date(2024, 6, 25)

    def member(
        person: str,
        organization: Organization,
        role: str,
        on_behalf_of: Organization | None = None,
    ) -> None:
        Membership.objects.create(
            person=people[person],
            organization=organization,
            role=role,
            voting_right=role
            in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER),
            start_date=term_start,
            on_behalf_of=on_behalf_of,
        )

    R = Membership.Role
    member("vorsitz", committee, R.CHAIR, group_a)
    member("mitglied", committee, R.MEMBER, group_b)
    member("Schmitz", committee, R.MEMBER, group_a)
    member("Bausch", committee, R.MEMBER, group_a)
    member("Käser", committee, R.MEMBER, group_b)
    member("Franzen", committee, R.MEMBER, group_b)
    member("Lambertz", committee, R.MEMBER, group_a)
    member("Wetzel", committee, R.DEPUTY, group_b)
    member("praesident", plenum, R.CHAIR, group_a)
    member("vorsitz", plenum, R.MEMBER, group_a)
    member("mitglied", plenum, R.MEMBER, group_b)
    member("Schmitz", plenum, R.MEMBER, group_a)
    member("finanzen", plenum, R.MEMBER, group_b)
    member("Wetzel", plenum, R.DEPUTY, group_b)
    Membership.objects.filter(person=people["Wetzel"], organization=plenum).update(
        represents=people["mitglied"]
    )
    member("finanzen", finance, R.CHAIR, group_b)
    member("Schmitz", finance, R.MEMBER, group_a)
    member("Bausch", finance, R.MEMBER, group_a)
    member("Käser", finance, R.MEMBER, group_b)
    member("zierstedt", department, R.STAFF)
    member("heinen", department, R.HEAD)
    member("heinen", finance_dept, R.HEAD)
    for person in ("vorsitz", "Schmitz"):
        member(person, group_a, R.MEMBER)
    for person in ("mitglied", "Wetzel"):
        member(person, group_b, R.MEMBER)
    member("finanzen", group_b, R.CHAIR)

    paper_type = {t.name: t for t in PaperType.objects.filter(body=None)}
    # Beschlussvorlagen need the Freigabe of the department heads before scheduling.
    SignOffRule.objects.create(body=body, paper_type=paper_type["Beschlussvorlage"])
    author = users["zierstedt"]

    def paper(
        reference: str,
        name: str,
        kind: str,
        date: datetime.date,
        steps: Sequence[tuple[Organization, str]],
        *,
        lead: Organization = department,
        officer: str = "zierstedt",
        submit: bool = True,
        sign_off: bool = True,
        co: Iterable[Organization] = (),
        by: User = author,
    ) -> Paper:
        created = services.create_paper(
            body=body,
            name=name,
            paper_type=paper_type[kind],
            date=date,
            lead_organization=lead,
            officer=people[officer],
            by=by,
            reference=reference,
            statement=f"Sachverhalt zu „{name}“.",
        )
        created.co_organizations.set(co)
        for index, (organization, role) in enumerate(steps, start=1):
            # A paper for information only ends with its (deciding) Kenntnisnahme.
            deciding = role == C.DECISION or (index == len(steps) and role == C.INFORMATION)
            services.add_consultation(
                created, organization=organization, role=role, authoritative=deciding, by=by
            )
        if not submit:
            return created
        created = services.submit_paper(created, by=by)
        if sign_off and created.sign_offs.exists():
            created = services.sign_off_paper(created, by=users["heinen"])
        return created

    C = Consultation.Role
    # -- SI/2024/129, the seed meeting ------------------------------------------------
    seed_paper = paper(
        "2024/053",
        "Sachstand Regionalmarketing",
        "Standardvorlage",
        datetime.date(2024, 10, 14),
        [(committee, C.DECISION)],
    )
    fund = paper(
        "2024/051",
        "Anpassung des Weiterbildungsfonds 2025",
        "Beschlussvorlage",
        datetime.date(2024, 10, 7),
        [(committee, C.PRELIMINARY), (plenum, C.DECISION)],
    )
    monitor = paper(
        "2024/052",
        "Bericht Fachkräftemonitor 2024",
        "Mitteilungsvorlage",
        datetime.date(2024, 10, 9),
        [(committee, C.INFORMATION)],
    )
    seed_meeting = services.create_meeting(
        organization=committee,
        name="Ordentliche Sitzung",
        start=_at(2024, 10, 28, 16),
        end=_at(2024, 10, 28, 18),
        location=place,
        by=clerk,
        reference="SI/2024/129",
        archive=True,
    )
    for title in (
        "Eröffnung und Feststellung der Beschlussfähigkeit",
        "Genehmigung der Tagesordnung",
        "Genehmigung der Niederschrift der Sitzung vom 30.09.2024",
    ):
        services.add_agenda_item(seed_meeting, name=title, by=clerk)
    top_fund = services.add_agenda_item(seed_meeting, paper=fund, by=clerk)
    top_seed = services.add_agenda_item(seed_meeting, paper=seed_paper, by=clerk)
    top_monitor = services.add_agenda_item(seed_meeting, paper=monitor, by=clerk)
    top_secret = services.add_agenda_item(
        seed_meeting, name=CONFIDENTIAL_TITLE, public=False, by=clerk
    )
    services.submit_agenda(seed_meeting, by=clerk)
    services.approve_agenda(seed_meeting, by=users["vorsitz"])
    services.send_invitations(seed_meeting, by=clerk)
    if seed_held:
        _hold_seed_meeting(
            seed_meeting,
            people,
            users,
            top_fund=top_fund,
            top_seed=top_seed,
            top_monitor=top_monitor,
            top_secret=top_secret,
        )

    # -- upcoming meetings, relative to today ------------------------------------------
    def upcoming(days: int, hour: int) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return _at(day.year, day.month, day.day, hour)

    plenary = services.create_meeting(
        organization=plenum, name="Plenarsitzung", start=upcoming(21, 18), location=place, by=clerk
    )
    services.add_agenda_item(plenary, name="Eröffnung der Sitzung", by=clerk)
    if seed_held:  # else the Vorberatung of the fund is still to come
        services.add_agenda_item(plenary, paper=fund, by=clerk)
    motion = _group_motion(body, users, plenum=plenum, group=group_b)
    services.add_agenda_item(plenary, paper=motion, by=clerk)
    services.add_agenda_item(
        plenary, name="Vertragsangelegenheit Regionalagentur", public=False, by=clerk
    )
    services.submit_agenda(plenary, by=clerk)
    services.approve_agenda(plenary, by=users["praesident"])
    services.send_invitations(plenary, by=clerk)
    # Jana Hilgers sends her apologies; her personal deputy is asked to stand in.
    services.reply_to_invitation(
        plenary, by=users["mitglied"], accept=False, reason="Dienstreise nach Brüssel"
    )
    services.reply_to_invitation(plenary, by=users["vorsitz"], accept=True)
    # Anna Lenz amends the Fraktion's motion; it is decided right before it.
    amendment = services.create_filing(
        body=body,
        kind=Filing.Kind.AMENDMENT,
        amends=motion,
        name="Überweg auch an der Bergstraße",
        text="Nach „Aachener Straße“ wird eingefügt: „und an der Bergstraße“.",
        reasoning="Auch dort queren Schulkinder ohne Ampel.",
        by=users["vorsitz"],
    )
    services.file_filing(amendment, by=users["vorsitz"])
    services.register_filing(amendment, by=clerk)

    next_committee = services.create_meeting(
        organization=committee,
        name="Ordentliche Sitzung",
        start=upcoming(14, 16),
        location=place,
        by=clerk,
    )
    services.add_agenda_item(
        next_committee, name="Eröffnung und Feststellung der Beschlussfähigkeit", by=clerk
    )
    if seed_held:  # the Bericht was deferred to this meeting
        services.add_agenda_item(next_committee, paper=monitor, by=clerk)
    services.submit_agenda(next_committee, by=clerk)

    special = services.create_meeting(
        organization=finance, name="Sondersitzung", start=upcoming(7, 10), location=place, by=clerk
    )
    services.cancel_meeting(special, by=clerk, comment="Beratungsgegenstand entfallen.")
    # Today's meeting, for the live screen: it begins a few minutes after the demo loads.
    statement = paper(
        "",
        "Jahresabschluss 2025 des Weiterbildungsfonds",
        "Mitteilungsvorlage",
        today,
        [(finance, C.INFORMATION)],
        lead=finance_dept,
    )
    soon = (timezone.now() + datetime.timedelta(minutes=3)).replace(second=0, microsecond=0)
    todays = services.create_meeting(
        organization=finance, name="Ordentliche Sitzung", start=soon, location=place, by=clerk
    )
    for title in ("Eröffnung und Feststellung der Beschlussfähigkeit", "Mitteilungen"):
        services.add_agenda_item(todays, name=title, by=clerk)
    services.add_agenda_item(todays, paper=statement, by=clerk)
    services.add_agenda_item(todays, name="Personalangelegenheit", public=False, by=clerk)
    services.submit_agenda(todays, by=clerk)
    services.approve_agenda(todays, by=users["finanzen"])
    services.send_invitations(todays, by=clerk)
    services.create_meeting(
        organization=finance,
        name="Ordentliche Sitzung",
        start=upcoming(28, 16),
        location=place,
        by=clerk,
    )

    # -- papers in the other states ------------------------------------------------------
    paper(
        "",
        "Antrag: Digitale Lernplattform für Berufsschulen",
        "Antrag",
        today,
        [(committee, C.PRELIMINARY), (plenum, C.DECISION)],
    )
    paper(
        "",
        "Förderrichtlinie Ausbildungsprämie",
        "Beschlussvorlage",
        today,
        [(committee, C.DECISION)],
        submit=False,
    )
    withdrawn = paper(
        "",
        "Anfrage: Pendlerströme in die Großregion",
        "Anfrage",
        today,
        [(committee, C.INFORMATION)],
    )
    services.withdraw_paper(withdrawn, by=author, comment="Durch schriftliche Antwort erledigt.")
    paper(
        "",
        "Haushaltsplan 2026: Nachtrag Bildung",
        "Beschlussvorlage",
        today,
        [(finance, C.PRELIMINARY), (plenum, C.DECISION)],
        lead=finance_dept,
        officer="heinen",
        co=[department],
        sign_off=False,
        by=users["admin"],
    )
    _filings(body, users, committee=committee, plenum=plenum, department=department)
    return True


def _hold_seed_meeting(
    seed_meeting: Meeting,
    people: dict[str, Person],
    users: dict,
    *,
    top_fund: AgendaItem,
    top_seed: AgendaItem,
    top_monitor: AgendaItem,
    top_secret: AgendaItem,
) -> None:
    """SI/2024/129 as it was held: attendance, the seed's results, 17:56 as the end, the
    minutes approved."""
    clerk = users["sitzungsdienst"]
    result = {k.name: k for k in ResolutionKind.objects.filter(body=None)}
    _seed_attendance(seed_meeting, people, clerk)
    services.record_result(
        top_fund,
        result=result["ungeändert beschlossen"],
        by=clerk,
        votes_yes=5,
        votes_no=0,
        votes_abstain=1,
        resolution_text=(
            "Der Ausschuss empfiehlt dem Plenum, die Anpassung des Weiterbildungsfonds zu "
            "beschließen."
        ),
    )
    services.record_result(
        top_seed,
        result=result["ungeändert beschlossen"],
        resolution_text="Kenntnisnahme",
        minutes_text=SEED_MINUTES,
        by=clerk,
    )
    services.record_result(
        top_monitor,
        result=result["vertagt"],
        by=clerk,
        minutes_text="Der Bericht wird auf die nächste Sitzung vertagt.",
    )
    services.record_result(
        top_secret,
        result=result["ungeändert beschlossen"],
        resolution_text=CONFIDENTIAL_RESOLUTION,
        minutes_text=CONFIDENTIAL_MINUTES,
        votes_yes=6,
        votes_no=0,
        votes_abstain=0,
        by=clerk,
    )
    services.record_results(
        seed_meeting, entries=[], actual_end=_at(2024, 10, 28, 17, 56), by=clerk
    )
    services.close_meeting(seed_meeting, by=clerk)
    services.approve_minutes(seed_meeting, by=users["vorsitz"])


def _seed_attendance(meeting: Meeting, people: dict[str, Person], clerk: User) -> None:
    """SI/2024/129 as held: opened at 16:00 with six of the seven members (Frau Franzen
    represented by Frau Wetzel, Herr Lambertz excused), the officer and the RAZV's
    speaker as guests."""
    services.open_meeting(meeting, by=clerk, at=_at(2024, 10, 28, 16))
    rows = {a.person_id: a for a in meeting.attendance.all()}
    services.record_attendance(
        meeting,
        entries=[
            services.AttendanceEntry(
                rows[people[name].pk], Attendance.Status.EXCUSED, note="beruflich verhindert"
            )
            for name in ("Franzen", "Lambertz")
        ],
        by=clerk,
    )
    services.add_attendee(
        meeting, by=clerk, person=people["Wetzel"], stands_in_for=people["Franzen"]
    )
    services.add_attendee(
        meeting, by=clerk, person=people["zierstedt"], affiliation=DEPARTMENT_NAME
    )
    services.add_attendee(
        meeting,
        by=clerk,
        guest_name="Frau Thönnissen",
        affiliation="Regionales Aus- und Weiterbildungszentrum (RAZV)",
    )


def _group_motion(body: Body, users: dict, *, plenum: Organization, group: Organization) -> Paper:
    """A Fraktion's Antrag, co-signed, filed by the Fraktion's chair in time and registered:
    it goes on the Plenum's next agenda."""
    registered = services.create_filing(
        body=body,
        name="Schulwegsicherung an der Aachener Straße",
        text=(
            "Die Regierung wird beauftragt, bis zum Schuljahresbeginn einen gesicherten "
            "Überweg an der Aachener Straße einzurichten."
        ),
        reasoning="Der Schulweg von rund 300 Kindern quert die Straße ohne Ampel.",
        committee=plenum,
        group=group,
        by=users["mitglied"],
    )
    services.ask_co_signer(registered, person=users["finanzen"].person, by=users["mitglied"])
    services.answer_co_signature(registered, by=users["finanzen"], confirm=True)
    services.file_filing(registered, by=users["finanzen"])
    return services.register_filing(registered, by=users["sitzungsdienst"])


def _filings(
    body: Body,
    users: dict,
    *,
    committee: Organization,
    plenum: Organization,
    department: Organization,
) -> None:
    """The council's side besides: a member's draft with an open request to co-sign, an
    Anfrage answered (public with its Antwort) and one still open."""

    draft = services.create_filing(
        body=body,
        name="Trinkwasserbrunnen an allen Schulen",
        text="Jede Schule erhält einen öffentlich zugänglichen Trinkwasserbrunnen.",
        committee=committee,
        by=users["vorsitz"],
    )
    services.ask_co_signer(draft, person=users["mitglied"].person, by=users["vorsitz"])

    def question(name: str, text: str, by: User) -> Filing:
        asked = services.create_filing(
            body=body, kind=Filing.Kind.QUESTION, name=name, text=text, committee=plenum, by=by
        )
        services.file_filing(asked, by=by)
        services.register_filing(
            asked, by=users["sitzungsdienst"], answering_organization=department
        )
        return Filing.objects.get(pk=asked.pk)

    answered = question(
        "Ausbildungsplätze in der Pflege",
        "Wie viele Ausbildungsplätze in der Pflege blieben 2025 unbesetzt?",
        users["mitglied"],
    )
    services.answer_question(
        answered,
        answer="Von 120 Ausbildungsplätzen blieben 2025 elf unbesetzt, davon sieben in Eupen.",
        by=users["zierstedt"],
    )
    question(
        "Barrierefreie Bushaltestellen",
        "Wie viele Bushaltestellen sind bis Ende 2026 barrierefrei umgebaut?",
        users["vorsitz"],
    )


def _users() -> dict:
    User = get_user_model()
    clerks = _group(
        "Sitzungsdienst",
        [
            "manage_meetings",
            "add_meeting",
            "change_meeting",
            "view_meeting",
            "add_agendaitem",
            "change_agendaitem",
            "view_agendaitem",
            "view_paper",
            "view_consultation",
            "view_organization",
            "view_person",
            "view_membership",
            "view_location",
            "view_historyentry",
        ],
    )
    staff = _group(
        "Verwaltung",
        [
            "add_paper",
            "view_paper",
            "add_consultation",
            "view_consultation",
            "view_meeting",
            "view_agendaitem",
            "view_organization",
            "view_person",
            "view_historyentry",
        ],
    )
    chairs = _group(
        "Vorsitz",
        [
            "view_meeting",
            "view_agendaitem",
            "view_paper",
            "view_historyentry",
        ],
    )
    groups = {
        "sitzungsdienst": clerks,
        "zierstedt": staff,
        "heinen": staff,
        "vorsitz": chairs,
        "praesident": chairs,
    }
    users = {}
    for username, (given, family, _role) in DEMO_USERS.items():
        user = User(
            username=username,
            first_name=given,
            last_name=family,
            email=f"{username}@ratsflow.example",
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if username in groups:
            user.groups.add(groups[username])
        users[username] = user
    return users


def _group(name: str, codenames: list[str]) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="workflow", codename__in=codenames)
    )
    return group


def _people(body: Body, users: dict) -> dict[str, Person]:
    people = {}
    for username, (given, family, _role) in DEMO_USERS.items():
        if family:
            people[username] = Person.objects.create(
                body=body,
                given_name=given,
                family_name=family,
                email=f"{username}@ratsflow.example",
                user=users[username],
            )
    for given, family, address in (
        ("Lukas", "Schmitz", "Herr"),
        ("Eva", "Wetzel", "Frau"),
        ("Roger", "Bausch", "Herr"),
        ("Daniel", "Käser", "Herr"),
        ("Miriam", "Franzen", "Frau"),
        ("Stefan", "Lambertz", "Herr"),
    ):
        people[family] = Person.objects.create(
            body=body,
            given_name=given,
            family_name=family,
            form_of_address=address,
            email=f"{family.lower()}@ratsflow.example".replace("ä", "ae"),
        )
    for username, address in (
        ("zierstedt", "Herr"),
        ("vorsitz", "Frau"),
        ("mitglied", "Frau"),
        ("praesident", "Herr"),
        ("finanzen", "Herr"),
        ("heinen", "Frau"),
        ("sitzungsdienst", "Frau"),
    ):
        people[username].form_of_address = address
        people[username].save()
    return people
