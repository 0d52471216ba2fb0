"""A citizen in a real browser (Playwright driving Debian's Chromium): from the calendar
to the seed's Auszug, every field checked, a screenshot saved to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from workflow.demo import SEED_MINUTES, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_reads_the_seed_auszug_in_the_browser(live_server, browser):
    load_demo()
    page = browser.new_page(locale="en-US")  # an English browser still gets German
    page.goto(f"{live_server.url}/buergerinfo/")
    page.get_by_role("link", name="SI/2024/129 Ordentliche Sitzung").click()
    page.get_by_role("link", name="Ö 5", exact=True).click()
    assert page.locator("h1").inner_text() == "Auszug - Sachstand Regionalmarketing"
    facts = dict(
        zip(
            page.locator("dl.facts >> nth=0 >> dt").all_inner_texts(),
            page.locator("dl.facts >> nth=0 >> dd").all_inner_texts(),
            strict=True,
        )
    )
    assert facts == {
        "TOP": "Ö 5",
        "Gremium": "Ausschuss für (eu)regionale Arbeit, Fachkräftesicherung, "
        "Bildungs- und Wissensregion",
        "Beschlussart": "ungeändert beschlossen",
        "Datum": "Mo, 28.10.2024",
        "Status": "öffentlich",
        "Zeit": "16:00 - 17:56",
        "Anlass": "Ordentliche Sitzung",
        "Raum": "Parlament der DG, Eupen",
        "Ort": "Parlament der DG, Eupen",
    }
    paper = dict(
        zip(
            page.locator("dl.facts >> nth=1 >> dt").all_inner_texts(),
            page.locator("dl.facts >> nth=1 >> dd").all_inner_texts(),
            strict=True,
        )
    )
    assert paper == {
        "Status": "öffentlich",
        "Vorlage-Art": "Standardvorlage",
        "Federführend": "Arbeit, Bildungs- und Wissensregion",
        "Bearbeiter/-in": "Zierstedt, Björn",
    }
    assert page.get_by_role("link", name="2024/053 Sachstand Regionalmarketing").is_visible()
    assert page.get_by_role("heading", name="Beschluss", exact=True).is_visible()
    body = page.locator("main").inner_text()
    assert "Kenntnisnahme" in body
    for paragraph in SEED_MINUTES.split("\n\n"):
        assert paragraph in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "auszug-seed.png"), full_page=True)
    assert (ARTIFACTS / "auszug-seed.png").stat().st_size > 10_000
