from __future__ import annotations

import re
from collections import deque

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import kind
from workflow import services
from workflow.demo import (
    CONFIDENTIAL_MINUTES,
    CONFIDENTIAL_RESOLUTION,
    CONFIDENTIAL_TITLE,
    SEED_MINUTES,
)
from workflow.models import AgendaItem, Paper

START = "/buergerinfo/"


def crawl(client) -> dict[str, str]:
    """Every portal page reachable from the calendar, as an anonymous citizen."""
    pages: dict[str, str] = {}
    queue = deque([START])
    while queue:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
        for link in re.findall(r'href="(/buergerinfo/[^"?#]*)"', pages[url]):
            if "/monat/" in url and "/monat/" in link:
                continue  # month pages link to months without end
            queue.append(link)
    return pages


def test_citizen_browses_from_the_calendar_to_the_seed_auszug(client, demo):
    calendar = client.get(START).content.decode()
    meeting_url = re.search(r'href="(/buergerinfo/sitzung/\d+/)">SI/2024/129', calendar)[1]
    meeting = client.get(meeting_url).content.decode()
    auszug_url = re.search(r'href="(/buergerinfo/top/\d+/)">Ö 5<', meeting)[1]
    page = client.get(auszug_url).content.decode()
    for field in (
        "Auszug - Sachstand Regionalmarketing",
        "SI/2024/129 Ordentliche Sitzung",
        "Ö 5",
        "Ausschuss für (eu)regionale Arbeit, Fachkräftesicherung, Bildungs- und Wissensregion",
        "ungeändert beschlossen",
        "Mo, 28.10.2024",
        "16:00 - 17:56",
        "Parlament der DG, Eupen",
        "2024/053 Sachstand Regionalmarketing",
        "öffentlich",
        "Standardvorlage",
        "Arbeit, Bildungs- und Wissensregion",
        "Zierstedt, Björn",
        "Beschluss",
        "Kenntnisnahme",
    ):
        assert field in page, field
    for paragraph in SEED_MINUTES.split("\n\n"):
        assert paragraph.replace("(", "(") in page.replace("&#x27;", "'"), paragraph[:40]


def test_no_non_public_or_unpublished_content_on_any_portal_page(client, demo):
    pages = crawl(client)
    assert len(pages) > 10
    text = "\n".join(pages.values())
    for secret in (
        CONFIDENTIAL_TITLE,
        CONFIDENTIAL_RESOLUTION,
        CONFIDENTIAL_MINUTES,
        "Vertragsangelegenheit Regionalagentur",
        "Förderrichtlinie Ausbildungsprämie",
        "Digitale Lernplattform",
        "@ratsflow.example",
    ):
        assert secret not in text, secret
    assert "nichtöffentlicher Teil" in text
    secret_item = AgendaItem.objects.get(name=CONFIDENTIAL_TITLE)
    assert client.get(f"{START}top/{secret_item.pk}/").status_code == 404
    draft = Paper.objects.get(state=Paper.State.DRAFT)
    assert client.get(f"{START}vorlage/{draft.pk}/").status_code == 404


def test_recommendation_never_reads_like_a_decision(client, demo):
    item = AgendaItem.objects.get(
        name="Anpassung des Weiterbildungsfonds 2025", meeting__reference="SI/2024/129"
    )
    page = client.get(f"{START}top/{item.pk}/").content.decode()
    assert "Beschlussempfehlung" in page and "kein Beschluss" in page
    paper_page = client.get(f"{START}vorlage/{item.consultation.paper_id}/").content.decode()
    assert "Empfehlung: ungeändert beschlossen" in paper_page


def test_agenda_appears_only_once_invitations_are_sent(client, world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=world.submitted(name="Radweg Nord"), by=world.clerk)
    page = client.get(f"{START}sitzung/{meeting.pk}/").content.decode()
    assert "Radweg Nord" not in page and "mit der Einladung veröffentlicht" in page
    world.invite(meeting)
    assert "Radweg Nord" in client.get(f"{START}sitzung/{meeting.pk}/").content.decode()


def test_pages_carry_cache_headers_and_answer_304(client, demo):
    response = client.get(START)
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    again = client.get(START, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_english_is_switchable(client, demo):
    response = client.post("/i18n/setlang/", {"language": "en", "next": START})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(START).content.decode()


def _meeting_with_items(world, count: int):
    meeting = world.meeting()
    items = [
        services.add_agenda_item(
            meeting, paper=world.submitted(name=f"Vorlage {n}"), by=world.clerk
        )
        for n in range(count)
    ]
    services.add_agenda_item(meeting, name="vertraulich", public=False, by=world.clerk)
    world.invite(meeting)
    for item in items:
        services.record_result(item, result=kind("vertagt"), by=world.clerk)
    return meeting


@pytest.mark.long
def test_meeting_page_costs_the_same_queries_for_5_and_50_tops(client, world):
    def count(meeting) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{START}sitzung/{meeting.pk}/").status_code == 200
        return len(captured)

    small, large = count(_meeting_with_items(world, 5)), count(_meeting_with_items(world, 50))
    assert small == large <= 8


def test_german_by_default_even_for_an_english_browser(client, demo):
    item = AgendaItem.objects.get(meeting__reference="SI/2024/129", public=True, position=5)
    page = client.get(f"{START}top/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = page.content.decode()
    assert 'lang="de"' in text and "Mo, 28.10.2024" in text


def test_month_view_shows_the_seed_meeting_on_its_day(client, demo):
    page = client.get(f"{START}monat/2024/10/").content.decode()
    assert "16:00 Ausschuss für (eu)regionale Arbeit" in page
    assert f"{START}monat/2024/11/" in page and f"{START}monat/2024/9/" in page
    from workflow.models import Organization

    plenum = Organization.objects.get(name="Plenum")
    filtered = client.get(f"{START}monat/2024/10/", {"gremium": plenum.pk}).content.decode()
    assert "Ausschuss für (eu)regionale Arbeit" not in filtered.split("<tbody>")[1]
    assert client.get(f"{START}monat/2024/13/").status_code == 404
