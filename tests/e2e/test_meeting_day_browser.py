"""The meeting day in Chromium: the Sitzungsdienst records the seed meeting SI/2024/129 live
on the "Sitzung durchführen" screen (opening, attendance, the seed's results for Ö 4–Ö 6,
17:56 as the end), closes it and reads the Niederschrift back from the PDF; two tabs save
different TOPs in any order and lose nothing, and input typed while the connection is down
survives a reload. Screenshots go to test-artifacts/meeting-day-NN-….png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from documents import generation
from documents.text import text_of
from tests.e2e.conftest import Steps
from workflow import services
from workflow.demo import SEED_MINUTES, load_demo
from workflow.models import AgendaItem, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed() -> tuple[Meeting, dict[int, AgendaItem]]:
    load_demo(seed_held=False)
    meeting = Meeting.objects.get(reference="SI/2024/129")
    return meeting, {i.position: i for i in meeting.agenda_items.filter(public=True)}


def _save(page, item: AgendaItem, number: str) -> None:
    page.locator(f"#top-{item.pk}").get_by_role("button", name=f"{number} speichern").click()
    expect(page.locator("#live-announce")).to_have_text(f"{number} gespeichert.")


def test_clerk_records_the_seed_meeting_live(live_server, browser):
    meeting, tops = _seed()
    page = browser.new_page(viewport={"width": 1024, "height": 1366})  # a tablet
    steps = Steps(page, live_server.url, prefix="meeting-day")
    steps.login("sitzungsdienst")
    page.goto(f"{live_server.url}/arbeitsplatz/sitzungen/{meeting.pk}/")
    page.get_by_role("link", name="Sitzung durchführen").click()
    page.get_by_label("Beginn").fill("2024-10-28T16:00")
    page.get_by_role("button", name="Sitzung eröffnen").click()
    steps.success("Sitzung eröffnet")

    for name in ("Miriam Franzen", "Stefan Lambertz"):
        page.get_by_label(f"Anwesenheit: {name}").select_option(label="entschuldigt")
    page.get_by_role("button", name="Anwesenheit speichern").click()
    steps.success("Anwesenheit gespeichert")
    page.get_by_text("Person oder Gast hinzufügen").click()
    page.get_by_label("Person", exact=True).select_option(label="Wetzel, Eva")
    page.get_by_label("vertritt").select_option(label="Franzen, Miriam")
    page.get_by_role("button", name="Hinzufügen").click()
    steps.success("Zur Anwesenheitsliste hinzugefügt")
    page.get_by_text("Person oder Gast hinzufügen").click()
    page.get_by_label("oder Name eines Gastes").fill("Frau Thönnissen")
    page.get_by_label("Funktion/Dienststelle").fill("RAZV")
    page.get_by_role("button", name="Hinzufügen").click()
    assert "6 von 7 stimmberechtigten Mitgliedern" in page.locator("#anwesenheit").inner_text()
    steps.shot("anwesenheit")

    fund = page.locator(f"#top-{tops[4].pk}")
    fund.get_by_label("Beschlussart").select_option(label="ungeändert beschlossen")
    fund.get_by_label("Ja", exact=True).fill("5")
    fund.get_by_label("Nein", exact=True).fill("0")
    fund.get_by_label("Enthaltung", exact=True).fill("1")
    fund.get_by_label("Beschluss", exact=True).fill(
        "Der Ausschuss empfiehlt dem Plenum, die Anpassung des Weiterbildungsfonds zu beschließen."
    )
    _save(page, tops[4], "Ö 4")
    assert "Nach der Mehrheitsregel: angenommen" in fund.inner_text()
    seed = page.locator(f"#top-{tops[5].pk}")
    seed.get_by_label("Beschlussart").select_option(label="ungeändert beschlossen")
    seed.get_by_label("Beschluss", exact=True).fill("Kenntnisnahme")
    seed.get_by_label("Protokolltext").fill(SEED_MINUTES)
    _save(page, tops[5], "Ö 5")
    monitor = page.locator(f"#top-{tops[6].pk}")
    monitor.get_by_label("Beschlussart").select_option(label="vertagt")
    monitor.get_by_label("Protokolltext").fill("Der Bericht wird auf die nächste Sitzung vertagt.")
    _save(page, tops[6], "Ö 6")
    steps.shot("tops")

    page.get_by_label("Ende *", exact=True).fill("2024-10-28T17:56")
    page.get_by_role("button", name="Ende speichern").click()
    steps.success("Ende der Sitzung gespeichert")
    page.get_by_role("button", name="Sitzung abschließen").click()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    steps.shot("abgeschlossen")

    text = " ".join(
        text_of(generation.minutes(meeting, confidential=False).content, "application/pdf").split()
    )
    for words in (
        "Zeit: 16:00 - 17:56 Uhr",
        "Anwesend: Anna Lenz",
        "Eva Wetzel (für Miriam Franzen)",
        "Entschuldigt: Miriam Franzen; Stefan Lambertz",
        "Frau Thönnissen, RAZV",
        "Die Beschlussfähigkeit wurde festgestellt: 6 von 7 stimmberechtigten Mitgliedern",
        "Ö 4 Anpassung des Weiterbildungsfonds 2025",
        "Abstimmungsergebnis: einstimmig bei 1 Enthaltung",
        "Beschlussart: vertagt",
        "Ende der Sitzung: 17:56 Uhr",
    ):
        assert words in text, words
    assert " ".join(SEED_MINUTES.split()[:12]) in text


def test_two_tabs_and_a_dropped_connection_lose_nothing(live_server, browser):
    meeting, tops = _seed()
    clerk = meeting.organization.body.persons.get(family_name="Kohnen").user
    services.open_meeting(meeting, by=clerk, at=meeting.start)
    context = browser.new_context()
    first = context.new_page()
    Steps(first, live_server.url, prefix="meeting-day-tabs").login("sitzungsdienst")
    url = f"{live_server.url}/arbeitsplatz/sitzungen/{meeting.pk}/durchfuehren/"
    first.goto(url)
    second = context.new_page()
    second.goto(url)

    first.locator(f"#top-{tops[5].pk}").get_by_label("Protokolltext").fill("Aus Tab eins")
    item = second.locator(f"#top-{tops[4].pk}")
    item.get_by_label("Beschlussart").select_option(label="vertagt")
    item.get_by_label("Protokolltext").fill("Aus Tab zwei")
    _save(second, tops[4], "Ö 4")
    # the first tab saves its TOP after the second saved another: nothing is refused or lost
    first.locator(f"#top-{tops[5].pk}").get_by_label("Beschlussart").select_option(
        label="ungeändert beschlossen"
    )
    _save(first, tops[5], "Ö 5")
    texts = dict(meeting.agenda_items.values_list("position", "minutes_text"))
    assert (texts[4], texts[5]) == ("Aus Tab zwei", "Aus Tab eins")

    # typed while offline: kept in the browser, saved after a reload
    monitor = first.locator(f"#top-{tops[6].pk}")
    monitor.get_by_label("Beschlussart").select_option(label="vertagt")
    monitor.get_by_label("Protokolltext").fill("Offline geschrieben")
    context.set_offline(True)
    monitor.get_by_role("button", name="Ö 6 speichern").click()
    expect(monitor.locator(".live-status")).to_contain_text("Keine Verbindung")
    context.set_offline(False)
    first.reload()
    monitor = first.locator(f"#top-{tops[6].pk}")
    expect(monitor.get_by_label("Protokolltext")).to_have_value("Offline geschrieben")
    _save(first, tops[6], "Ö 6")
    assert AgendaItem.objects.get(pk=tops[6].pk).minutes_text == "Offline geschrieben"
    context.close()
