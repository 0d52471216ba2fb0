"""The seed's Vorlage from draft to "ungeändert beschlossen", entirely in the browser: the
Bearbeiter writes and submits it, the Sitzungsdienst builds the agenda, the chair approves
it, the Sitzungsdienst invites, records the result and closes the meeting, the chair
approves the minutes. A screenshot of every step goes to test-artifacts/."""

from __future__ import annotations

import datetime

import pytest

from tests.e2e.conftest import Steps
from workflow.demo import COMMITTEE_NAME, SEED_MINUTES, load_demo
from workflow.models import HistoryEntry, Meeting, Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Sachstand Regionalmarketing"


def test_clerk_and_chair_take_the_seed_paper_to_a_resolution(live_server, browser, clock):
    load_demo()
    page = browser.new_page()
    steps = Steps(page, live_server.url, prefix="staff")

    # The Bearbeiter writes the Vorlage and its Beratungsfolge, and submits it.
    steps.login("zierstedt")
    steps.new_paper(title=TITLE, paper_type="Standardvorlage", date="2030-10-14")
    steps.add_consultation(COMMITTEE_NAME, "Entscheidung")
    steps.shot("vorlage-entwurf")
    page.get_by_role("button", name="Einreichen").click()
    steps.success("Erledigt: Einreichen")
    paper = Paper.objects.get(name=TITLE, state=Paper.State.SUBMITTED)
    steps.shot("vorlage-eingereicht")
    steps.logout()

    # The Sitzungsdienst creates a meeting and builds its agenda with the paper.
    steps.login("sitzungsdienst")
    assert paper.reference in page.locator("#schedule + ul").inner_text()
    page.get_by_role("link", name="Neue Sitzung").first.click()
    page.get_by_label("Gremium").select_option(label=COMMITTEE_NAME)
    page.get_by_label("Beginn").fill("2030-10-28T16:00")
    page.get_by_label("Raum/Ort").select_option(label="Parlament der DG, Eupen")
    page.get_by_role("button", name="Anlegen").click()
    steps.success("angelegt")
    page.get_by_label("Titel").fill("Eröffnung und Feststellung der Beschlussfähigkeit")
    page.get_by_role("button", name="TOP hinzufügen").click()
    page.get_by_label("Vorlage").select_option(label=str(paper))
    page.get_by_role("button", name="TOP hinzufügen").click()
    steps.success("TOP ergänzt")
    agenda = page.locator("#agenda + .table-scroll table").inner_text()
    assert "Ö 1\tEröffnung" in agenda and f"Ö 2\t{TITLE}" in agenda
    steps.shot("tagesordnung")
    page.get_by_role("button", name="Tagesordnung zur Freigabe vorlegen").click()
    steps.success("Erledigt")
    meeting = Meeting.objects.get(state=Meeting.State.AGENDA_SUBMITTED, start__year=2030)
    steps.logout()

    # The chair approves the agenda from the workspace.
    steps.login("vorsitz")
    row = page.locator("tr", has_text=meeting.reference)
    steps.shot("vorsitz-arbeitsplatz")
    row.get_by_role("button", name="Tagesordnung freigeben").click()
    steps.success("Erledigt: Tagesordnung freigeben")
    steps.logout()

    # The Sitzungsdienst invites, records the result and closes the meeting.
    steps.login("sitzungsdienst")
    page.goto(f"{live_server.url}/arbeitsplatz/sitzungen/{meeting.pk}/")
    page.get_by_role("button", name="Einladungen versenden").click()
    steps.success("Erledigt")
    clock.travel(meeting.start + datetime.timedelta(hours=2))  # the meeting has taken place
    page.get_by_role("link", name="Ergebnisse erfassen").click()
    top = page.locator("fieldset", has_text=f"Ö 2 {TITLE}")
    top.get_by_label("Beschlussart").select_option(label="ungeändert beschlossen")
    top.get_by_label("Beschluss", exact=True).fill("Kenntnisnahme")
    top.get_by_label("Protokolltext").fill(SEED_MINUTES)
    steps.shot("ergebnisse")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    steps.success("Ergebnisse gespeichert")
    page.get_by_role("link", name="zurück zur Sitzung").click()
    page.get_by_role("button", name="Sitzung abschließen").click()
    steps.success("Erledigt: Sitzung abschließen")
    steps.shot("sitzung-abgeschlossen")
    steps.logout()

    # The chair approves the minutes.
    steps.login("vorsitz")
    page.locator("tr", has_text=meeting.reference).get_by_role(
        "button", name="Niederschrift genehmigen"
    ).click()
    steps.success("Erledigt")

    paper.refresh_from_db()
    assert paper.state == Paper.State.RESOLVED
    page.goto(f"{live_server.url}/arbeitsplatz/vorlagen/{paper.pk}/")
    assert (
        "Beschluss: ungeändert beschlossen"
        in page.locator("#steps-heading + .table-scroll table").inner_text()
    )
    history = page.locator(".history").inner_text()
    for label in ("angelegt", "Einreichen", "Auf Tagesordnung setzen", "Als erledigt abschließen"):
        assert label in history
    steps.shot("vorlage-erledigt")
    assert list(
        HistoryEntry.objects.filter(
            object_id=meeting.pk, content_type__model="meeting"
        ).values_list("action", flat=True)
    ) == [
        "create",
        "submit_agenda",
        "approve_agenda",
        "send_invitations",
        "close",
        "approve_minutes",
    ]
