"""The council's side in Chromium, as its people do it: a member drafts an Antrag for her
Fraktion and asks a colleague to co-sign, the colleague confirms, the Fraktion's chair files
it, the Sitzungsdienst registers it and puts it on the Plenum's sent agenda; an
Änderungsantrag goes on the TOP before it and is decided first; the public then reads it
with its Fraktion. The deputy of a member who sends an Absage is asked by mail.
A screenshot of every step goes to test-artifacts/council-NN-….png."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification
from tests.e2e.conftest import Steps
from workflow.demo import load_demo
from workflow.models import Filing, InvitationReply, Meeting, Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Sichere Radwege zu allen Grundschulen"
DECIDED = "Jede Grund- und Realschule wird bis 2028 über einen Radweg angebunden."
TEXT = "Die Regierung wird beauftragt, bis 2028 jede Grundschule über einen Radweg anzubinden."


def test_a_fraktion_motion_goes_from_draft_to_the_plenum_agenda(live_server, browser, clock):
    load_demo()
    page = browser.new_page()
    steps = Steps(page, live_server.url, prefix="council")

    # 1. Jana Hilgers (Fraktion Zukunft) drafts the Antrag in "Mein Mandat".
    steps.login("mitglied")
    assert "Mein Mandat" in page.locator("main").inner_text()
    steps.shot("mein-mandat")
    page.get_by_role("link", name="Neuer Antrag oder neue Anfrage").click()
    page.get_by_label("Betreff").fill(TITLE)
    page.get_by_label("Antragstext").fill(TEXT)
    page.get_by_label("Begründung", exact=True).fill("Der Schulweg soll sicher sein.")
    page.get_by_label("zur Beratung in").select_option(label="Plenum")
    page.get_by_label("für die Fraktion").select_option(label="Fraktion Zukunft")
    page.get_by_role("button", name="Speichern").click()
    steps.success("angelegt")
    page.get_by_label("um Mitzeichnung bitten").select_option(label="Lenz, Anna")
    page.get_by_role("button", name="Bitten").click()
    steps.success("Um Mitzeichnung gebeten")
    steps.shot("entwurf")
    # the author may not file the Fraktion's Antrag: its chair does
    assert page.get_by_role("button", name="Beim Sitzungsdienst einreichen").count() == 0
    steps.logout()

    # 2. Anna Lenz finds the request on her home page and co-signs.
    steps.login("vorsitz")
    page.get_by_role("link", name=f"Antrag „{TITLE}“").first.click()
    page.get_by_role("button", name="Mitzeichnen", exact=True).click()
    steps.success("Mitgezeichnet")
    steps.shot("mitgezeichnet")
    steps.logout()

    # 3. The Fraktion's chair files it with the Sitzungsdienst.
    steps.login("finanzen")
    page.get_by_role("link", name=f"Antrag „{TITLE}“").first.click()
    page.get_by_role("button", name="Beim Sitzungsdienst einreichen").click()
    steps.success("Erledigt: Beim Sitzungsdienst einreichen")
    steps.shot("eingereicht")
    steps.logout()

    # 4. The Sitzungsdienst registers it and puts it on the Plenum's sent agenda.
    steps.login("sitzungsdienst")
    assert TITLE in page.locator("#filed + .table-scroll table").inner_text()
    page.get_by_role("link", name=f"Antrag „{TITLE}“").click()
    steps.shot("eingegangen")
    page.get_by_role("button", name="Registrieren").click()
    steps.success("registriert")
    paper = Paper.objects.get(filing__name=TITLE)
    assert paper.paper_type.name == "Antrag" and paper.state == Paper.State.SUBMITTED
    steps.shot("vorlage")
    plenary = Meeting.objects.get(organization__name="Plenum", state=Meeting.State.INVITED)
    page.goto(f"{live_server.url}/arbeitsplatz/sitzungen/{plenary.pk}/")
    page.get_by_label("Vorlage").select_option(label=str(paper))
    page.get_by_label("Begründung der Änderung").fill("Antrag der Fraktion Zukunft")
    page.get_by_role("button", name="TOP hinzufügen").click()
    steps.success("TOP ergänzt")
    assert TITLE in page.locator("#agenda + .table-scroll table").inner_text()
    # the expected attendance: Jana Hilgers sent her apologies, Eva Wetzel is asked
    attendance = page.locator("#attendance-heading + .table-scroll table").inner_text()
    assert "Hilgers, Jana\tMitglied\tAbsage\tDienstreise nach Brüssel\tWetzel, Eva: offen" in (
        attendance
    )
    steps.shot("tagesordnung-und-teilnahme")
    steps.logout()

    # 5. Anna Lenz files an Änderungsantrag; registered, it goes on the TOP before the motion.
    steps.login("vorsitz")
    page.get_by_role("link", name="Neuer Antrag oder neue Anfrage").click()
    page.get_by_label("Art").select_option(label="Änderungsantrag")
    page.get_by_label("Betreff").fill("Auch die Realschulen")
    page.get_by_label("Antragstext").fill("Nach „Grundschule“ wird eingefügt: „und Realschule“.")
    page.get_by_label("ändert die Vorlage").select_option(label=str(paper))
    page.get_by_role("button", name="Speichern").click()
    steps.success("angelegt")
    page.get_by_role("button", name="Beim Sitzungsdienst einreichen").click()
    steps.success("Erledigt")
    steps.shot("aenderungsantrag")
    steps.logout()
    steps.login("sitzungsdienst")
    page.get_by_role("link", name="Änderungsantrag „Auch die Realschulen“").click()
    page.get_by_role("button", name="Registrieren").click()
    steps.success("registriert")
    amendment = Paper.objects.get(filing__name="Auch die Realschulen")
    amendment_item = amendment.consultations.get().agenda_items.get()
    motion_item = paper.consultations.get().agenda_items.get()
    assert amendment_item.position + 1 == motion_item.position  # right before the motion

    # 6. At the meeting the amendment is decided first, then the motion as amended.
    clock.travel(plenary.start + datetime.timedelta(hours=1))
    page.goto(f"{live_server.url}/arbeitsplatz/sitzungen/{plenary.pk}/ergebnisse/")
    motion_fields = page.locator("fieldset", has_text=f"{motion_item.number} {TITLE}")
    motion_fields.get_by_label("Beschlussart").select_option(label="geändert beschlossen")
    motion_fields.get_by_label("Beschluss", exact=True).fill(DECIDED)
    page.get_by_role("button", name="Ergebnisse speichern").click()
    assert (
        "Zuerst die Änderungsanträge entscheiden"
        in page.locator(".messages, .errorlist, main").first.inner_text()
    )
    amendment_fields = page.locator("fieldset", has_text=f"{amendment_item.number} ")
    amendment_fields.get_by_label("Beschlussart").select_option(label="ungeändert beschlossen")
    motion_fields.get_by_label("Beschlussart").select_option(label="geändert beschlossen")
    motion_fields.get_by_label("Beschluss", exact=True).fill(DECIDED)
    page.get_by_role("button", name="Ergebnisse speichern").click()
    steps.success("Ergebnisse gespeichert")
    steps.shot("ergebnisse")
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.RESOLVED
    steps.logout()

    # 7. The public reads the Antrag with its Fraktion and co-signers, not the draft's circle.
    page.goto(f"{live_server.url}/buergerinfo/vorlage/{paper.pk}/")
    text = page.locator("main").inner_text()
    assert TITLE in text and "Fraktion Zukunft" in text and "Anna Lenz" in text
    assert "Änderungsanträge" in text and amendment.reference in text
    steps.shot("portal")
    filing = Filing.objects.get(name=TITLE)
    page.goto(f"{live_server.url}/arbeitsplatz/antraege/{filing.pk}/")
    assert "/anmelden/" in page.url  # the workspace needs a login

    # 8. Mails: the request to co-sign, the answer, the filing, the registration; the deputy.
    kinds = set(
        Notification.objects.filter(object_id=filing.pk, content_type__model="filing").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"co_sign_requested", "co_sign_answered", "filing_filed", "filing_registered"}
    deputy = InvitationReply.objects.get(meeting=plenary, stands_in_for__family_name="Hilgers")
    assert Notification.objects.filter(
        kind="deputy_asked", email=deputy.person.email, object_id=plenary.pk
    ).exists()
