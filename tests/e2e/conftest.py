"""The browser for the end-to-end tests: Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.notifications.conftest import RedisServer, broker_at, thread_worker, wait_for
from workflow.demo import DEMO_PASSWORD, DEPARTMENT_NAME

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's async-safety check
# would otherwise refuse the database calls that the live server's fixtures make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def deliver_mail(transactional_db, tmp_path):
    """The notifications of the test, really delivered when it calls the function this
    returns. With ``REDIS_URL`` they are queued, as in production, on a Redis (of the
    test's own) while the test runs, and a Celery worker started by the call delivers them
    all: each mail is rendered after everything happened, as by a worker with a backlog, so
    it must name its own event's meeting and TOP, never the latest. Without ``REDIS_URL``
    Celery runs each delivery right after its commit, and the call only checks that none
    waits. Either way the mail goes through ``notifications.delivery`` to the test settings'
    backend (``django.core.mail.outbox``)."""
    if not settings.REDIS_URL:
        yield _wait_until_delivered
        return

    def deliver() -> None:
        with thread_worker():
            _wait_until_delivered()

    server = RedisServer(tmp_path)
    server.start()
    try:
        with broker_at(server.url):
            yield deliver
    finally:
        server.stop()


def _wait_until_delivered() -> None:
    from notifications.models import Notification

    wait_for(
        lambda: not Notification.objects.filter(state=Notification.State.PENDING).exists(),
        what="every notification delivered",
    )


class Steps:
    """One user's walk through the workspace in ``page``: log in and out as a demo account,
    check the success message, and save a numbered screenshot of each step
    (``test-artifacts/<prefix>-NN-<name>.png``)."""

    def __init__(self, page, base_url: str, *, prefix: str) -> None:
        self.page = page
        self.base_url = base_url
        self.prefix = prefix
        self.number = 0
        ARTIFACTS.mkdir(exist_ok=True)

    def shot(self, name: str) -> None:
        self.number += 1
        path = ARTIFACTS / f"{self.prefix}-{self.number:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000

    def login(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base_url}/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        assert page.locator("h1").inner_text() == "Mein Arbeitsplatz"

    def logout(self) -> None:
        self.page.get_by_role("button", name="Abmelden").click()

    def success(self, text: str) -> None:
        assert text in self.page.locator(".messages").inner_text()

    def new_paper(self, *, title: str, paper_type: str, date: str, proposal: str = "") -> None:
        """Write a Vorlage of the demo's Bearbeiter in his department, through the form."""
        page = self.page
        page.get_by_role("link", name="Neue Vorlage").click()
        page.get_by_label("Betreff").fill(title)
        page.get_by_label("Vorlage-Art").select_option(label=paper_type)
        page.get_by_label("Datum").fill(date)
        page.get_by_label("federführend").select_option(label=DEPARTMENT_NAME)
        page.get_by_label("Bearbeiter/-in").select_option(label="Zierstedt, Björn")
        if proposal:
            page.get_by_label("Beschlussvorschlag").fill(proposal)
        page.get_by_role("button", name="Speichern").click()
        self.success("angelegt")

    def add_consultation(self, committee: str, role: str) -> None:
        page = self.page
        page.get_by_label("Gremium").select_option(label=committee)
        page.get_by_label("Rolle").select_option(label=role)
        page.get_by_role("button", name="Hinzufügen").click()
