"""Non-public TOP titles, resolutions and minutes reach only those entitled: walk every
workspace page reachable from "Mein Arbeitsplatz" as each kind of user."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory
from workflow.demo import CONFIDENTIAL_MINUTES, CONFIDENTIAL_RESOLUTION, CONFIDENTIAL_TITLE

SECRETS = (CONFIDENTIAL_TITLE, CONFIDENTIAL_RESOLUTION, CONFIDENTIAL_MINUTES)
LINK = re.compile(r'href="([^"#?]+)(?:\?seite=(\d+))?')


def _walk(client) -> dict[str, str]:
    """Every page under /arbeitsplatz/ reachable by links from the workspace."""
    start = reverse("staff:workspace")
    pages: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        pages[url] = response.content.decode() if response.status_code == 200 else ""
        for path, page in LINK.findall(pages[url]):
            target = urljoin(url, path) + (f"?seite={page}" if page else "")
            if target.startswith(start) and target not in pages:
                queue.append(target)
    return pages


def _leaks(pages: dict[str, str]) -> dict[str, list[str]]:
    return {s[:30]: [u for u, html in pages.items() if s in html] for s in SECRETS}


def _login(client, username: str) -> None:
    client.force_login(get_user_model().objects.get(username=username))


def test_member_of_the_committee_sees_every_confidential_field(client, demo):
    _login(client, "mitglied")
    pages = _walk(client)
    assert len(pages) > 10
    assert all(urls for urls in _leaks(pages).values()), _leaks(pages)


@pytest.mark.parametrize("username", ["finanzen", "zierstedt", "heinen", "praesident"])
def test_staff_and_members_of_other_committees_never_see_it(client, demo, username):
    _login(client, username)
    pages = _walk(client)
    assert len(pages) > 10
    assert _leaks(pages) == {s[:30]: [] for s in SECRETS}


def test_citizen_with_an_account_never_sees_it(client, demo):
    client.force_login(UserFactory())
    pages = _walk(client)
    assert _leaks(pages) == {s[:30]: [] for s in SECRETS}


def test_anonymous_gets_the_login_page_for_every_page_a_member_reaches(client, demo):
    _login(client, "mitglied")
    urls = list(_walk(client))
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
            url
        )
        assert not any(secret in response.content.decode() for secret in SECRETS)


def test_the_clerk_sees_it_and_its_result_screen(client, demo):
    _login(client, "sitzungsdienst")
    pages = _walk(client)
    assert all(urls for urls in _leaks(pages).values())
