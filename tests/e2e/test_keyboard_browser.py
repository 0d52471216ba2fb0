"""Without a mouse: the Sitzungsdienst logs in, creates a meeting, builds its agenda and
reorders it with the keyboard alone (Tab, typing, Enter, Space); every control reached
shows a visible focus."""

from __future__ import annotations

import pytest

from workflow.demo import COMMITTEE_NAME, DEMO_PASSWORD, load_demo
from workflow.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : "";
  return {
    name: (el.getAttribute("aria-label") || label || el.innerText || el.value || "").trim(),
    tag: el.tagName.toLowerCase(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page, name: str, *, limit: int = 200) -> None:
    """Press Tab until the control named ``name`` has the focus (its label, its
    aria-label or its text starts with ``name``); it must show a visible focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused["name"].startswith(name):
            assert focused["outline"], f"{name}: no visible focus"
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_clerk_builds_and_reorders_an_agenda_without_a_mouse(live_server, browser, clock):
    load_demo()
    page = browser.new_page()
    page.goto(f"{live_server.url}/anmelden/")
    tab_to(page, "Zum Inhalt springen")
    tab_to(page, "Benutzername")
    page.keyboard.type("sitzungsdienst")
    tab_to(page, "Passwort")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/arbeitsplatz/")

    tab_to(page, "Neue Sitzung")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sitzungen/neu/")
    tab_to(page, "Gremium")
    page.keyboard.type(COMMITTEE_NAME[:12])  # a select picks the option typed
    tab_to(page, "Beginn")
    # the date and time field's segments, in the order this Chromium shows them
    page.keyboard.type("10282030")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("0400P")
    tab_to(page, "Anlegen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "angelegt" in page.locator(".messages").inner_text(), page.locator("main").inner_text()
    meeting = Meeting.objects.get(start__year=2030, start__month=10, start__day=28)

    for title in ("Eröffnung", "Bericht der Verwaltung", "Verschiedenes"):
        tab_to(page, "Titel")
        page.keyboard.type(title)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "TOP ergänzt" in page.locator(".messages").inner_text()
    agenda = page.locator("#agenda + .table-scroll table tbody").inner_text()
    assert agenda.index("Eröffnung") < agenda.index("Bericht") < agenda.index("Verschiedenes")

    # "Verschiedenes" (Ö 3) one up, by its button, with Space
    tab_to(page, "Ö 3 nach oben")
    with page.expect_navigation():
        page.keyboard.press("Space")
    agenda = page.locator("#agenda + .table-scroll table tbody").inner_text()
    assert agenda.index("Verschiedenes") < agenda.index("Bericht der Verwaltung")
    names = list(meeting.agenda_items.order_by("position").values_list("name", flat=True))
    assert names == ["Eröffnung", "Verschiedenes", "Bericht der Verwaltung"]
