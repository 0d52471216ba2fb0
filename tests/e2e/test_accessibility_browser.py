"""Every page type of the portal and of the workspace, as each role that sees it, checked
by axe-core for WCAG 2.1 A and AA: no violation at all, at 1280 and at 375 pixels, and no
horizontal page scrolling on a phone. Screenshots of the seed's pages at both widths go to
test-artifacts/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications import subscriptions
from tests.e2e.accessibility import horizontal_overflow, violations
from tests.e2e.conftest import ARTIFACTS, Steps
from workflow.demo import load_demo
from workflow.models import AgendaItem, Filing, Meeting, Organization, Paper, Person

pytestmark = [pytest.mark.browser, pytest.mark.long, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 375}


def _seed():
    meeting = Meeting.objects.get(reference="SI/2024/129")
    item = AgendaItem.objects.filter(meeting=meeting, public=True, result__isnull=False).first()
    paper = Paper.objects.get(pk=item.consultation.paper_id)
    return meeting, item, paper


def _portal_pages() -> dict[str, str]:
    meeting, item, paper = _seed()
    organization = Organization.objects.get(pk=meeting.organization_id)
    person = Person.objects.filter(memberships__organization=organization).first()
    start = meeting.start
    return {
        "kalender": reverse("portal:calendar"),
        "monat": reverse("portal:month", args=[start.year, start.month]),
        "sitzung": reverse("portal:meeting", args=[meeting.pk]),
        "auszug": reverse("portal:agenda-item", args=[item.pk]),
        "vorlage": reverse("portal:paper", args=[paper.pk]),
        "gremium": reverse("portal:organization", args=[organization.pk]),
        "person": reverse("portal:person", args=[person.pk]),
        "suche": reverse("portal:search") + "?q=Regionalmarketing",
        "suche-leer": reverse("portal:search"),
        "barrierefreiheit": reverse("portal:accessibility"),
        "leichte-sprache": reverse("portal:easy_language"),
        "anmelden": reverse("login"),
    }


# Pages that answer with an error status on purpose: they must be accessible too.
ERROR_PAGES = {
    "nicht-gefunden": ("/buergerinfo/sitzung/999999/", 404),
    "ungueltig": ("/buergerinfo/?gremium=x", 400),
}


def _workspace_pages() -> dict[str, list[tuple]]:
    """Per demo account: (name, path) or (name, path, expected status)."""
    meeting, _, paper = _seed()
    upcoming = Meeting.objects.exclude(pk=meeting.pk).order_by("start").first()
    filing = Filing.objects.order_by("pk").first()
    draft = Paper.objects.filter(state=Paper.State.DRAFT).order_by("pk").first()
    own_draft = Filing.objects.filter(state=Filing.State.DRAFT).order_by("pk").first()
    clerk = [
        ("arbeitsplatz", reverse("staff:workspace")),
        ("vorlagen", reverse("staff:paper_list")),
        ("vorlage", reverse("staff:paper", args=[paper.pk])),
        ("sitzungen", reverse("staff:meeting_list")),
        ("sitzung", reverse("staff:meeting", args=[meeting.pk])),
        ("sitzung-geplant", reverse("staff:meeting", args=[upcoming.pk])),
        ("sitzung-neu", reverse("staff:meeting_create")),
        ("sitzung-verlegen", reverse("staff:meeting_reschedule", args=[upcoming.pk])),
        ("ergebnisse", reverse("staff:meeting_results", args=[meeting.pk])),
        ("durchfuehren", reverse("staff:meeting_live", args=[meeting.pk])),
        ("sitzungsgeld", reverse("staff:sitting_fees")),
        ("sitzungsgeld-q4", reverse("staff:sitting_fees") + "?art=quarter&jahr=2024&nummer=4"),
        ("sitzungsgeld-fehler", reverse("staff:sitting_fees") + "?art=quarter&jahr=x", 400),
        ("benachrichtigungen", reverse("staff:notification_settings")),
    ]
    if filing is not None:
        clerk.append(("antrag", reverse("staff:filing", args=[filing.pk])))
    return {
        "sitzungsdienst": clerk,
        "zierstedt": [
            ("arbeitsplatz", reverse("staff:workspace")),
            ("vorlage-neu", reverse("staff:paper_create")),
            ("vorlage", reverse("staff:paper", args=[paper.pk])),
        ]
        + ([("entwurf", reverse("staff:paper_edit", args=[draft.pk]))] if draft else [])
        # not a member: refused with the reason
        + [("antrag-neu", reverse("staff:filing_create"), 403)],
        "heinen": [("arbeitsplatz", reverse("staff:workspace"))],
        "vorsitz": [
            ("arbeitsplatz", reverse("staff:workspace")),
            ("sitzung", reverse("staff:meeting", args=[meeting.pk])),
        ]
        + (
            [
                ("antrag-entwurf", reverse("staff:filing", args=[own_draft.pk])),
                ("antrag-bearbeiten", reverse("staff:filing_edit", args=[own_draft.pk])),
            ]
            if own_draft
            else []
        ),
        "praesident": [("arbeitsplatz", reverse("staff:workspace"))],
        "finanzen": [("arbeitsplatz", reverse("staff:workspace"))]
        + ([("antrag", reverse("staff:filing", args=[filing.pk]))] if filing else []),
        "mitglied": [
            ("arbeitsplatz", reverse("staff:workspace")),
            ("antrag-neu", reverse("staff:filing_create")),
            ("sitzung-geplant", reverse("staff:meeting", args=[upcoming.pk])),
            ("benachrichtigungen", reverse("staff:notification_settings")),
        ],
    }


def _check(page, url: str, name: str, found: dict[str, list[str]], status: int = 200) -> None:
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response is not None and response.status == status, (name, url)
        _audit(page, name, label, width, found)


def _audit(page, name: str, label: str, width: int, found: dict[str, list[str]]) -> None:
    for line in violations(page):
        found.setdefault(f"{name} @{width}", []).append(line)
    if label == "phone":
        overflow = horizontal_overflow(page)
        if overflow:
            found.setdefault(f"{name} @{width}", []).append(
                f"the page scrolls sideways by {overflow} px"
            )


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)


def test_every_portal_page_passes_axe_at_both_widths(live_server, browser, clock):
    load_demo()
    page = browser.new_page()
    found: dict[str, list[str]] = {}
    for name, path in _portal_pages().items():
        _check(page, live_server.url + path, f"portal {name}", found)
    for name, (path, status) in ERROR_PAGES.items():
        _check(page, live_server.url + path, f"portal {name}", found, status)
    # a subscription's confirmation and end pages (asked for without a client address, so
    # no other test's hourly budget is touched)
    _, _, paper = _seed()
    token = subscriptions.subscribe("leser@example.org", paper_id=paper.pk).token
    for name in ("subscription_confirm", "subscription_end"):
        _check(page, live_server.url + reverse(f"portal:{name}", args=[token]), name, found)
    # forms as they answer: feedback refused with its error, a failed login
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("portal:accessibility"))
        page.get_by_label("Ihre Nachricht").fill(" ")
        page.get_by_role("button", name="Absenden").click()
        assert page.get_by_role("alert").count() == 1
        _audit(page, "portal rückmeldung fehlt", label, width, found)
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Benutzername").fill("niemand")
        page.get_by_label("Passwort").fill("falsch")
        page.get_by_role("button", name="Anmelden").click()
        _audit(page, "anmelden fehlgeschlagen", label, width, found)
    assert not found, _report(found)


def test_every_workspace_page_passes_axe_for_every_role(live_server, browser, clock):
    load_demo()
    page = browser.new_page()
    steps = Steps(page, live_server.url, prefix="a11y")
    found: dict[str, list[str]] = {}
    for username, pages in _workspace_pages().items():
        page.set_viewport_size({"width": 1280, "height": 900})
        steps.login(username)
        for name, path, *status in pages:
            _check(page, live_server.url + path, f"{username} {name}", found, *status)
        if username == "sitzungsdienst":  # a form sent back with its errors
            for label, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(live_server.url + reverse("staff:meeting_create"))
                # past the browser's own check, to the server's errors beside their fields
                page.evaluate("document.querySelector('main form').noValidate = true")
                page.get_by_role("button", name="Anlegen").click()
                assert page.get_by_role("alert").count() >= 1
                _audit(page, f"{username} sitzung-neu mit fehlern", label, width, found)
                # and then sent right: the new meeting's page with its success message
                page.get_by_label("Gremium").select_option(index=1)
                page.get_by_label("Beginn").fill(f"2031-0{3 if width > 500 else 4}-02T16:00")
                page.get_by_role("button", name="Anlegen").click()
                assert "angelegt" in page.get_by_role("status").first.inner_text()
                _audit(page, f"{username} sitzung angelegt", label, width, found)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + reverse("staff:workspace"))
        steps.logout()
    assert not found, _report(found)


def test_screenshots_of_the_seed_at_desktop_and_phone_width(live_server, browser, clock):
    load_demo()
    meeting, item, paper = _seed()
    page = browser.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "sitzung": reverse("portal:meeting", args=[meeting.pk]),
        "auszug": reverse("portal:agenda-item", args=[item.pk]),
        "vorlage": reverse("portal:paper", args=[paper.pk]),
    }
    steps = Steps(page, live_server.url, prefix="layout")
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in shots.items():
            page.goto(live_server.url + path)
            assert horizontal_overflow(page) == 0, (name, width)
            target = ARTIFACTS / f"layout-{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000
        steps.login("sitzungsdienst")
        assert horizontal_overflow(page) == 0, ("arbeitsplatz", width)
        page.screenshot(path=str(ARTIFACTS / f"layout-arbeitsplatz-{width}.png"), full_page=True)
        steps.logout()
        assert label in WIDTHS


def test_the_live_screen_fits_a_tablet(live_server, browser, clock):
    """The clerk's screen of a meeting under way, at a tablet's width in portrait."""
    load_demo(seed_held=False)
    meeting = Meeting.objects.get(reference="SI/2024/129")
    page = browser.new_page(viewport={"width": 768, "height": 1024}, has_touch=True)
    Steps(page, live_server.url, prefix="tablet").login("sitzungsdienst")
    page.goto(live_server.url + reverse("staff:meeting_live", args=[meeting.pk]))
    page.get_by_label("Beginn").fill("2024-10-28T16:00")
    page.get_by_role("button", name="Sitzung eröffnen").click()
    assert page.locator("form.live-item").count() >= 3  # every TOP on its own form
    assert violations(page) == []
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(ARTIFACTS / "layout-durchfuehren-768.png"), full_page=True)


def test_print_shows_the_content_without_navigation_or_forms(live_server, browser, clock):
    load_demo()
    meeting, item, paper = _seed()
    page = browser.new_page()
    page.emulate_media(media="print")
    for path in (
        reverse("portal:meeting", args=[meeting.pk]),
        reverse("portal:agenda-item", args=[item.pk]),
        reverse("portal:paper", args=[paper.pk]),
    ):
        page.goto(live_server.url + path)
        assert page.locator("h1").is_visible()
        for hidden in ("header form", "footer", ".skip-link", "form.subscribe"):
            for element in page.locator(hidden).all():
                assert not element.is_visible(), (path, hidden)
