from __future__ import annotations

import pytest
from django.db import connection

from portal.search import Filters, search
from workflow.demo import CONFIDENTIAL_MINUTES, CONFIDENTIAL_TITLE
from workflow.models import Organization, PaperType, ResolutionKind


def titles(query: str, filters: Filters | None = None) -> list[str]:
    return [hit.title for hit in search(query, filters)]


def test_citizen_finds_the_seed_by_searching_regionalmarketing(client, demo):
    page = client.get("/buergerinfo/suche/", {"q": "Regionalmarketing"}).content.decode()
    assert "2024/053 Sachstand Regionalmarketing" in page
    assert "SI/2024/129 Ö 5" in page
    assert "<mark>" in page


def test_search_never_returns_non_public_content(demo):
    for query in (
        "Bewerberin",
        "Koordination Fachkräfte",
        "Regionalagentur",
        "Ausbildungsprämie",
        "Lernplattform",
    ):
        assert search(query) == [], query
    assert CONFIDENTIAL_TITLE not in str(search("Personalangelegenheit"))
    assert CONFIDENTIAL_MINUTES not in str(search("Bewerbungen"))


def test_snippets_are_escaped_not_html(client, demo):
    from workflow.models import AgendaItem

    AgendaItem.objects.filter(name="Sachstand Regionalmarketing").update(
        minutes_text="<script>alert(1)</script> Regionalmarketing"
    )
    page = client.get("/buergerinfo/suche/", {"q": "Regionalmarketing"}).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_filters_narrow_the_hits(demo):
    plenum = Organization.objects.get(name="Plenum")
    assert titles("Regionalmarketing", Filters(organization_id=plenum.pk)) == []
    mitteilung = PaperType.objects.get(name="Mitteilungsvorlage", body=None)
    assert titles("Regionalmarketing", Filters(paper_type_id=mitteilung.pk)) == []
    rejected = ResolutionKind.objects.get(name="abgelehnt", body=None)
    assert titles("Regionalmarketing", Filters(result_id=rejected.pk)) == []
    import datetime

    later = Filters(date_from=datetime.date(2025, 1, 1))
    assert titles("Regionalmarketing", later) == []
    # the paper, its TOP, and the seed meeting's public Einladung and Niederschrift
    assert sorted(titles("Regionalmarketing")) == [
        "2024/053 Sachstand Regionalmarketing",
        "Einladung SI/2024/129",
        "Niederschrift SI/2024/129",
        "Sachstand Regionalmarketing",
    ]
    standard = PaperType.objects.get(name="Standardvorlage", body=None)
    assert "Einladung SI/2024/129" not in titles(
        "Regionalmarketing", Filters(paper_type_id=standard.pk)
    )


def test_the_text_of_public_files_is_found_and_non_public_files_never(client, demo):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services as documents
    from documents.text import extract_version_text
    from workflow.models import AgendaItem

    clerk = get_user_model().objects.get(username="sitzungsdienst")
    public_item = AgendaItem.objects.get(name="Sachstand Regionalmarketing")
    secret_item = AgendaItem.objects.get(name=CONFIDENTIAL_TITLE)
    for item, text in (
        (public_item, "Marketingkonzept Ostbelgien"),
        (secret_item, "Bewerberliste Ostbelgien"),
    ):
        file = documents.attach_file(
            item, upload=SimpleUploadedFile("anlage.txt", text.encode()), by=clerk
        )
        extract_version_text(file.current_id)
    assert titles("Ostbelgien") == ["anlage.txt"]
    page = client.get("/buergerinfo/suche/", {"q": "Ostbelgien"}).content.decode()
    assert "Marketingkonzept" in page and "Bewerberliste" not in page
    assert "/dokumente/" in page


def test_search_page_paginates(client, demo):
    response = client.get("/buergerinfo/suche/", {"q": "Sitzung", "seite": "99"})
    assert response.status_code == 200


@pytest.mark.postgres
def test_german_stemming_on_postgresql(demo):
    if connection.vendor != "postgresql":
        pytest.skip("German stemming needs PostgreSQL (make test)")
    assert "2024/053 Sachstand Regionalmarketing" in titles("Regionalmarketings")
    assert "Sachstand Regionalmarketing" in titles("Kooperationsvereinbarungen")
    hits = search("Regionalmarketing")
    assert hits[0].rank >= hits[-1].rank


def test_impossible_dates_give_a_message_not_an_error(client, demo):
    response = client.get("/buergerinfo/suche/", {"q": "Regionalmarketing", "von": "2024-13-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ungültiges Datum" in page and "2024-13-01" in page
    assert "2024/053 Sachstand Regionalmarketing" in page, "the other criteria still apply"


def test_a_paper_matching_a_committee_filter_twice_is_one_hit(world):
    """The Gremium filter is an Exists, not a join: two consultations in the committee
    must not repeat the paper."""
    from workflow import services

    paper = world.draft(
        (world.committee, "preliminary", False),
        (world.committee, "decision", True),
        name="Lärmschutz Bahnhofstraße",
    )
    services.submit_paper(paper, by=world.officer)
    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    world.invite(meeting)
    found = [h for h in search("Lärmschutz", Filters(organization_id=world.committee.pk))]
    assert [h.kind for h in found].count("paper") == 1


@pytest.mark.postgres
def test_a_common_word_is_ranked_among_its_newest_matches(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("ranking needs PostgreSQL (make test)")
    from portal import search as search_module
    from workflow import services

    papers = []
    for n in range(3):
        meeting = world.meeting()
        paper = world.submitted(name=f"Spielplatz {n}")
        services.add_agenda_item(meeting, paper=paper, by=world.clerk)
        world.invite(meeting)
        papers.append(paper)
    assert {h.pk for h in search("Spielplatz") if h.kind == "paper"} == {p.pk for p in papers}
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 2)
    newest = {p.pk for p in papers[1:]}
    assert {h.pk for h in search("Spielplatz") if h.kind == "paper"} == newest
