"""A Beschlussvorlage through two committees, entirely in the browser: the Bearbeiter writes it
with a Beratungsfolge of Vorberatung (Ausschuss) and Entscheidung (Plenum), the head of the
department gives the Freigabe, the Sitzungsdienst takes it through an Ausschuss meeting (its
chair approving agenda and minutes) whose result is a Beschlussempfehlung, then through a
later Plenum meeting (its president approving) that decides "geändert beschlossen"; a Plenum
meeting before the Ausschuss meeting does not take it. The mails are really delivered (Celery,
``notifications.delivery``), after the walk, as by a worker with a backlog: each must still
name its own meeting, TOP and Beschlussart. A screenshot of every step goes to
test-artifacts/two-committees-NN-….png."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.rendering import message_id
from tests.e2e.conftest import Steps
from workflow import calendars
from workflow.demo import COMMITTEE_NAME, DEPARTMENT_NAME, load_demo
from workflow.models import HistoryEntry, Meeting, Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Förderprogramm Pflegeausbildung 2031"
PROPOSAL = "Das Plenum beschließt das Förderprogramm Pflegeausbildung 2031 mit 400.000 EUR."
RECOMMENDATION = "Der Ausschuss empfiehlt dem Plenum, das Förderprogramm zu beschließen."
CHANGED = (
    "Das Plenum beschließt das Förderprogramm Pflegeausbildung 2031 mit 450.000 EUR und einer "
    "Laufzeit von drei Jahren."
)
ROOM = "Parlament der DG, Eupen"
MEETING_STEPS = [
    "create",
    "submit_agenda",
    "approve_agenda",
    "send_invitations",
    "close",
    "approve_minutes",
]


def test_paper_goes_through_ausschuss_and_plenum_and_each_mail_names_its_own_meeting_and_top(
    live_server, browser, clock, deliver_mail
):
    load_demo()
    before = Notification.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    page = browser.new_page()
    steps = Steps(page, live_server.url, prefix="two-committees")

    # 1. The Bearbeiter writes the Beschlussvorlage with its two steps, and submits it.
    steps.login("zierstedt")
    steps.new_paper(
        title=TITLE, paper_type="Beschlussvorlage", date="2030-10-01", proposal=PROPOSAL
    )
    for committee, role in ((COMMITTEE_NAME, "Vorberatung"), ("Plenum", "Entscheidung")):
        steps.add_consultation(committee, role)
    sequence = page.locator("#steps-heading + .table-scroll table").inner_text()
    assert f"1\t{COMMITTEE_NAME}\tVorberatung\t" in sequence
    assert "2\tPlenum\tEntscheidung (entscheidet)\t" in sequence
    steps.shot("vorlage-entwurf")
    page.get_by_role("button", name="Einreichen").click()
    steps.success("Erledigt: Einreichen")
    assert f"Freigabe {DEPARTMENT_NAME}: ausstehend" in page.locator("main").inner_text()
    paper = Paper.objects.get(name=TITLE, state=Paper.State.SUBMITTED)
    steps.shot("vorlage-eingereicht")
    steps.logout()

    # The head of the department gives the Freigabe that a Beschlussvorlage needs.
    steps.login("heinen")
    page.locator("#signoffs + .table-scroll table tr", has_text=TITLE).get_by_role(
        "button", name="Freigeben", exact=True
    ).click()
    steps.success("Erledigt: Freigeben")
    steps.shot("freigabe")
    steps.logout()

    # 2. The Sitzungsdienst builds the Ausschuss agenda, and plans a Plenum meeting for the
    # week before (which cannot take the paper: the Ausschuss discusses it first).
    steps.login("sitzungsdienst")
    assert f"{paper} ({paper.paper_type}) – für {COMMITTEE_NAME}" in _waiting(page)
    committee_meeting = _create_meeting(steps, COMMITTEE_NAME, "Ordentliche Sitzung", "2030-10-28")
    page.get_by_label("Titel").fill("Eröffnung und Feststellung der Beschlussfähigkeit")
    page.get_by_role("button", name="TOP hinzufügen").click()
    page.get_by_label("Vorlage").select_option(label=str(paper))
    page.get_by_role("button", name="TOP hinzufügen").click()
    steps.success("TOP ergänzt")
    assert (
        f"Ö 2\t{TITLE}\t{paper.reference}"
        in page.locator("#agenda + .table-scroll table").inner_text()
    )
    page.get_by_role("button", name="Tagesordnung zur Freigabe vorlegen").click()
    steps.success("Erledigt: Tagesordnung zur Freigabe vorlegen")
    steps.shot("ausschuss-tagesordnung")
    early_plenum = _create_meeting(steps, "Plenum", "Plenarsitzung", "2030-10-24")
    steps.logout()

    _chair_approves(steps, "vorsitz", committee_meeting, "Tagesordnung freigeben")
    steps.login("sitzungsdienst")
    _hold(steps, clock, committee_meeting, "Ö 2", "ungeändert beschlossen", RECOMMENDATION)
    top = page.locator("#agenda + .table-scroll table tr", has_text=TITLE).inner_text()
    assert "Beschlussempfehlung: ungeändert beschlossen" in top and RECOMMENDATION in top
    steps.logout()
    _chair_approves(steps, "vorsitz", committee_meeting, "Niederschrift genehmigen")
    paper.refresh_from_db()
    assert paper.state == Paper.State.SUBMITTED  # a recommendation: on to the Plenum

    # 3. The paper waits for the Plenum now. The Plenum meeting before the Ausschuss meeting
    # is refused; a later one takes it.
    steps.login("sitzungsdienst")
    assert f"{paper} ({paper.paper_type}) – für Plenum" in _waiting(page)
    page.get_by_role("link", name=f"{early_plenum.reference} Plenarsitzung").click()
    page.get_by_label("Vorlage").select_option(label=str(paper))
    page.get_by_role("button", name="TOP hinzufügen").click()
    assert (
        f"{paper} wurde zuletzt in {committee_meeting.reference} am 28.10.2030 16:00 beraten; "
        "die nächste Beratung kann nur in einer späteren Sitzung sein, nicht am 24.10.2030 18:00."
    ) in page.locator(".messages .error").inner_text()
    assert not early_plenum.agenda_items.exists()
    steps.shot("plenum-davor-abgelehnt")
    plenum_meeting = _create_meeting(steps, "Plenum", "Plenarsitzung", "2030-11-13")
    page.get_by_label("Vorlage").select_option(label=str(paper))
    page.get_by_role("button", name="TOP hinzufügen").click()
    steps.success("TOP ergänzt")
    assert (
        f"Ö 1\t{TITLE}\t{paper.reference}"
        in page.locator("#agenda + .table-scroll table").inner_text()
    )
    page.get_by_role("button", name="Tagesordnung zur Freigabe vorlegen").click()
    steps.success("Erledigt: Tagesordnung zur Freigabe vorlegen")
    steps.shot("plenum-tagesordnung")
    steps.logout()

    _chair_approves(steps, "praesident", plenum_meeting, "Tagesordnung freigeben")
    steps.login("sitzungsdienst")
    _hold(steps, clock, plenum_meeting, "Ö 1", "geändert beschlossen", CHANGED)
    steps.logout()
    _chair_approves(steps, "praesident", plenum_meeting, "Niederschrift genehmigen")

    # 4. The paper is resolved; its page shows the recommendation and the decision.
    paper.refresh_from_db()
    assert paper.state == Paper.State.RESOLVED
    for meeting in (committee_meeting, plenum_meeting):
        history = HistoryEntry.objects.filter(object_id=meeting.pk, content_type__model="meeting")
        assert list(history.values_list("action", flat=True)) == MEETING_STEPS
    steps.login("zierstedt")
    page.goto(f"{live_server.url}/arbeitsplatz/vorlagen/{paper.pk}/")
    assert page.locator("#steps-heading + .table-scroll table tbody tr").all_inner_texts() == [
        f"1\t{COMMITTEE_NAME}\tVorberatung\t{committee_meeting.reference} Ö 2\t"
        "Beschlussempfehlung: ungeändert beschlossen",
        f"2\tPlenum\tEntscheidung (entscheidet)\t{plenum_meeting.reference} Ö 1\t"
        "Beschluss: geändert beschlossen",
    ]
    history = page.locator(".history").inner_text()
    for entry in (
        "Freigeben",
        f"Zur weiteren Beratung (→ eingereicht) durch Sabine Kohnen: "
        f"{committee_meeting.reference} Ö 2: ungeändert beschlossen",
        f"Als erledigt abschließen (→ erledigt) durch Sabine Kohnen: "
        f"{plenum_meeting.reference} Ö 1: geändert beschlossen",
    ):
        assert entry in history
    steps.shot("vorlage-erledigt")
    steps.logout()

    # The portal, anonymous: the paper with both steps, and the Auszug of each.
    page.goto(f"{live_server.url}/buergerinfo/vorlage/{paper.pk}/")
    assert page.locator("main .timeline > li").all_inner_texts() == [
        f"{COMMITTEE_NAME}\nVorberatung\n{committee_meeting.reference} 28.10.2030, Ö 2\n"
        "Empfehlung: ungeändert beschlossen",
        f"Plenum\nEntscheidung (entscheidend)\n{plenum_meeting.reference} 13.11.2030, Ö 1\n"
        "geändert beschlossen",
    ]
    steps.shot("portal-vorlage")
    page.get_by_role("link", name="Ö 2", exact=True).click()
    auszug = page.locator("main").inner_text()
    assert f"{committee_meeting.reference} Ordentliche Sitzung, {COMMITTEE_NAME}" in auszug
    assert "Empfehlung (Beschlussart)\nungeändert beschlossen" in auszug
    assert page.get_by_role("heading", name="Beschlussempfehlung", exact=True).is_visible()
    assert "Dies ist eine Empfehlung an das entscheidende Gremium, kein Beschluss." in auszug
    assert RECOMMENDATION in auszug
    steps.shot("portal-auszug-ausschuss")
    page.go_back()
    page.get_by_role("link", name="Ö 1", exact=True).click()
    auszug = page.locator("main").inner_text()
    assert f"{plenum_meeting.reference} Plenarsitzung, Plenum" in auszug
    assert "Beschlussart\ngeändert beschlossen" in auszug and CHANGED in auszug
    assert page.get_by_role("heading", name="Beschluss", exact=True).is_visible()
    assert "Empfehlung" not in auszug
    steps.shot("portal-auszug-plenum")

    deliver_mail()  # only now: each mail rendered after everything happened
    _check_mails(before, paper, committee_meeting, plenum_meeting)


def _waiting(page) -> str:
    """The workspace's list of papers ready for an agenda."""
    return page.locator("#schedule + ul").inner_text()


def _create_meeting(steps: Steps, committee: str, name: str, day: str) -> Meeting:
    """From the workspace: a new meeting of ``committee`` on ``day`` (16:00 for committees,
    18:00 for the Plenum)."""
    page = steps.page
    page.get_by_role("link", name="Mein Arbeitsplatz").click()
    page.get_by_role("link", name="Neue Sitzung").click()
    page.get_by_label("Gremium").select_option(label=committee)
    page.get_by_label("Anlass").fill(name)
    page.get_by_label("Beginn").fill(f"{day}T{'18:00' if committee == 'Plenum' else '16:00'}")
    page.get_by_label("Raum/Ort").select_option(label=ROOM)
    page.get_by_role("button", name="Anlegen").click()
    steps.success("angelegt")
    reference = re.search(r"SI/\d{4}/\d+", page.locator("h1").inner_text()).group()
    return Meeting.objects.get(reference=reference)


def _chair_approves(steps: Steps, username: str, meeting: Meeting, button: str) -> None:
    """The chair approves the agenda or the minutes from the workspace."""
    steps.login(username)
    steps.page.locator("#approve + .table-scroll table tr", has_text=meeting.reference).get_by_role(
        "button", name=button
    ).click()
    steps.success(f"Erledigt: {button}")
    steps.shot(f"{username}-{'tagesordnung' if 'Tagesordnung' in button else 'niederschrift'}")
    steps.logout()


def _hold(steps: Steps, clock, meeting: Meeting, top: str, result: str, text: str) -> None:
    """The Sitzungsdienst, from the workspace: invite, let the meeting take place, record
    the paper's result and close the meeting."""
    page = steps.page
    prefix = "ausschuss" if meeting.organization.name == COMMITTEE_NAME else "plenum"
    row = page.locator("#prepare + .table-scroll table tr", has_text=meeting.reference)
    row.get_by_role("button", name="Einladungen versenden").click()
    steps.success("Erledigt: Einladungen versenden")
    steps.shot(f"{prefix}-eingeladen")
    clock.travel(meeting.start + datetime.timedelta(hours=2))  # the meeting has taken place
    row.get_by_role("link", name="Ergebnisse erfassen").click()
    fields = page.locator("fieldset", has_text=f"{top} {TITLE}")
    fields.get_by_label("Beschlussart").select_option(label=result)
    # The votes before the text: Chromium drops the click on "Ergebnisse speichern" after a
    # full-page screenshot taken while a number field has the focus.
    fields.get_by_label("Ja").fill("4")  # the Plenum has five voting seats
    fields.get_by_label("Nein").fill("0")
    fields.get_by_label("Enthaltung").fill("1")
    fields.get_by_label("Beschluss", exact=True).fill(text)
    steps.shot(f"{prefix}-ergebnisse")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    steps.success("Ergebnisse gespeichert")
    page.get_by_role("link", name="zurück zur Sitzung").click()
    page.get_by_role("button", name="Sitzung abschließen").click()
    steps.success("Erledigt: Sitzung abschließen")
    steps.shot(f"{prefix}-abgeschlossen")


def _check_mails(before: int, paper: Paper, committee: Meeting, plenum: Meeting) -> None:
    """Every notification of the walk was delivered exactly once, to the right people, and
    each names its own meeting, TOP and Beschlussart."""
    sent: dict[str, list] = {}
    for message in mail.outbox:
        sent.setdefault(message.extra_headers["Message-ID"], []).append(message)
    mails = []
    for row in Notification.objects.filter(pk__gt=before).order_by("pk"):
        assert row.state == Notification.State.SENT, row
        (message,) = sent[message_id(row)]  # delivered, and once
        mails.append(message)

    side = ("zierstedt", "heinen")  # the Bearbeiter and the department's head
    about = {
        committee: f"{committee.reference} Ordentliche Sitzung, Mo 28.10.2030 16:00",
        plenum: f"{plenum.reference} Plenarsitzung, Mi 13.11.2030 18:00",
    }
    expected = [
        *[(user, f"Eingereicht: {paper}") for user in side],
        ("heinen", f"Freigabe erbeten: {paper}"),
        *[(user, f"Freigabe erteilt: {paper}") for user in side],
        ("sitzungsdienst", f"Bereit für die Tagesordnung: {paper}"),
        *[(user, f"Auf der Tagesordnung: {paper} ({committee.reference} Ö 2)") for user in side],
        ("vorsitz", f"Bitte freigeben: Tagesordnung {about[committee]}"),
        ("sitzungsdienst", f"Tagesordnung freigegeben: {about[committee]}"),
        *[
            (user, f"Einladung: {about[committee]}")
            for user in (
                "vorsitz",
                "mitglied",
                "schmitz",
                "bausch",
                "kaeser",
                "franzen",
                "lambertz",
                "wetzel",
            )
        ],
        *[(user, f"Beschlussempfehlung (ungeändert beschlossen): {paper}") for user in side],
        ("sitzungsdienst", f"Bereit für die Tagesordnung: {paper}"),  # for the Plenum
        *[(user, f"Auf der Tagesordnung: {paper} ({plenum.reference} Ö 1)") for user in side],
        ("praesident", f"Bitte freigeben: Tagesordnung {about[plenum]}"),
        ("sitzungsdienst", f"Tagesordnung freigegeben: {about[plenum]}"),
        *[
            (user, f"Einladung: {about[plenum]}")
            for user in ("praesident", "vorsitz", "mitglied", "schmitz", "finanzen", "wetzel")
        ],
        *[(user, f"Erledigt (geändert beschlossen): {paper}") for user in side],
    ]  # closing a meeting and approving its minutes tell nobody
    assert sorted((_recipient(m), m.subject) for m in mails) == sorted(expected)

    for message in mails:
        subject, body = message.subject, message.body
        named = [m for m in (committee, plenum) if m.reference in subject + body]
        if subject.startswith(("Eingereicht", "Freigabe", "Bereit")):
            # before any meeting, or (ready for the Plenum) after the Vorberatung
            assert named == ([committee] if "Vorberatung" in body else []), subject
            continue
        (meeting,) = named  # its own meeting, never the other one
        top = "Ö 1" if meeting is plenum else "Ö 2"
        if subject.startswith(("Auf der Tagesordnung", "Beschlussempfehlung", "Erledigt")):
            assert (
                f"\nSitzung: {meeting.reference} {meeting.name}, {meeting.organization}, " in body
            )
            assert f"\nTOP: {top}\n" in body
        if subject.startswith("Beschlussempfehlung"):
            assert meeting == committee
            assert (
                "Ihr Ergebnis ist eine Beschlussempfehlung" in body
                and "noch kein Beschluss" in body
            )
            assert "\nEmpfehlung: ungeändert beschlossen\n" in body
            assert f"\nBeschlussempfehlung:\n{RECOMMENDATION}\n" in body
            assert "Beschlussart:" not in body
        if subject.startswith("Erledigt"):
            assert meeting == plenum
            assert "\nBeschlussart: geändert beschlossen\n" in body
            assert f"\nBeschluss:\n{CHANGED}\n" in body
        if subject.startswith(("Bitte freigeben", "Einladung")):
            assert f"\nGremium: {meeting.organization}\n" in body
            assert f"\n{top}  {TITLE} (Vorlage {paper.reference})\n" in body
        if subject.startswith("Einladung"):
            einladung = meeting.files.get(role="invitation", confidential=True)
            assert f"/dokumente/{einladung.pk}/fassung/1/" in body
            ((_name, ics, _type),) = message.attachments
            assert f"UID:{calendars.meeting_uid(meeting)}" in ics


def _recipient(message) -> str:
    """The demo account (or person) a mail went to: ``zierstedt`` for zierstedt@…"""
    (address,) = message.to
    return re.search(r"<(\w+)@ratsflow\.example>", address).group(1)
