"""The non-public TOP's title, resolution and minutes never reach anyone outside the
committee through a document: every download linked from the portal and from the workspace
is fetched and its text read."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from documents.text import text_of
from tests.portal.test_pages import crawl
from tests.staff.test_leaks import SECRETS, _walk

pytestmark = pytest.mark.django_db

DOWNLOAD = re.compile(r'href="(/dokumente/[^"]+)"')


def _documents(client, pages: dict[str, str]) -> dict[str, str]:
    """The text of every document linked from ``pages``."""
    texts = {}
    for url in {link for html in pages.values() for link in DOWNLOAD.findall(html)}:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        texts[url] = " ".join(text_of(content, response["Content-Type"]).split())
    return texts


def _leaked(texts: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (url, s[:30]) for url, text in texts.items() for s in SECRETS if " ".join(s.split()) in text
    ]


def test_no_document_linked_from_the_portal_shows_non_public_content(client, demo):
    texts = _documents(client, crawl(client))
    assert len(texts) >= 5  # Einladungen, Niederschrift, Auszüge, Vorlagen
    assert any("Kenntnisnahme" in text for text in texts.values())
    assert _leaked(texts) == []


@pytest.mark.parametrize("username", ["finanzen", "zierstedt", "praesident"])
def test_no_document_in_the_workspace_of_outsiders_shows_it(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    texts = _documents(client, _walk(client))
    assert texts
    assert _leaked(texts) == []


def test_the_committee_member_gets_all_of_it_in_the_documents(client, demo):
    client.force_login(get_user_model().objects.get(username="mitglied"))
    leaked = {secret for _url, secret in _leaked(_documents(client, _walk(client)))}
    assert leaked == {s[:30] for s in SECRETS}
