from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import kind
from workflow import services
from workflow.models import Paper

BASE = "/oparl/v1/"


def published_papers(world, count: int) -> None:
    """``count`` papers, each on a public TOP of its own invited meeting (every other one
    with a result), and ``count`` more committees, persons and memberships."""
    from tests.factories import OrganizationFactory, PersonFactory
    from workflow.models import Membership

    for n in range(count):
        meeting = world.meeting()
        paper = world.submitted(name=f"Vorlage {n}")
        item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
        world.invite(meeting)
        if n % 2:
            services.record_result(item, result=kind("vertagt"), by=world.clerk, votes_yes=2)
        committee = OrganizationFactory(body=world.body)
        person = PersonFactory(body=world.body)
        Membership.objects.create(person=person, organization=committee, on_behalf_of=committee)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


LISTS = (
    "paper",
    "meeting",
    "agendaItem",
    "consultation",
    "person",
    "organization",
    "membership",
    "file",
)


@pytest.mark.long
def test_list_pages_cost_the_same_queries_for_5_and_50_objects(client, world):
    """Every list at once: building 50 published papers through the services is the slow
    part, so it is done once for all of them."""
    published_papers(world, 5)
    urls = {path: f"{BASE}body/{world.body.pk}/{path}?limit=50" for path in LISTS}
    small = {path: queries_for(client, url) for path, url in urls.items()}
    published_papers(world, 45)
    for path, url in urls.items():
        assert len(client.get(url).json()["data"]) == 50, path
        assert queries_for(client, url) == small[path], path


def test_paper_list_query_count_is_pinned(client, world, django_assert_max_num_queries):
    published_papers(world, 20)
    # one prefetch each: originators, related papers, consultations, files, an Anfrage's Antwort
    with django_assert_max_num_queries(11):
        client.get(f"{BASE}body/{world.body.pk}/paper?limit=20")


def test_keyset_pages_cover_the_list_once_and_keep_filters(client, world):
    published_papers(world, 7)
    url = f"{BASE}body/{world.body.pk}/paper?limit=3&modified_since=2000-01-01T00:00:00%2B01:00"
    seen, pages = [], 0
    while url:
        page = client.get(url).json()
        pages += 1
        seen += [paper["reference"] for paper in page["data"]]
        url = page["links"].get("next")
        if url:
            assert "modified_since=" in url and "limit=3" in url
    assert pages == 3 and len(seen) == len(set(seen)) == 7


def test_last_and_prev_links_walk_the_list_backwards_page_by_page(client, world):
    published_papers(world, 7)
    first = f"{BASE}body/{world.body.pk}/paper?limit=3"
    forward, url = [], first
    while url:
        page = client.get(url).json()
        forward += [paper["reference"] for paper in page["data"]]
        url = page["links"].get("next")
    start = client.get(first).json()
    assert "prev" not in start["links"]
    backward, pages, url = [], 0, start["links"]["last"]
    while url:
        page = client.get(url).json()
        pages += 1
        assert len(page["data"]) == (3 if pages < 3 else 1)
        backward = [paper["reference"] for paper in page["data"]] + backward
        url = page["links"].get("prev")
    assert pages == 3 and backward == forward and len(set(forward)) == 7


def test_prev_and_last_of_a_middle_page(client, world):
    published_papers(world, 4)
    first = client.get(f"{BASE}body/{world.body.pk}/paper?limit=2").json()
    second = client.get(first["links"]["next"]).json()
    assert client.get(second["links"]["prev"]).json()["data"] == first["data"]
    assert client.get(second["links"]["last"]).json()["data"] == second["data"]
    last = client.get(second["links"]["last"]).json()
    assert "next" not in last["links"]
    assert client.get(last["links"]["prev"]).json()["data"] == first["data"]


def test_a_bad_before_answers_400(client, world):
    response = client.get(f"{BASE}body/{world.body.pk}/paper?before=soon")
    assert response.status_code == 400 and response.json()["type"].endswith("Error")


def test_created_until_filter_excludes_newer_objects(client, world):
    published_papers(world, 2)
    old = f"{BASE}body/{world.body.pk}/paper?created_until=2000-01-01T00:00:00Z"
    assert client.get(old).json()["data"] == []
    assert Paper.objects.count() == 2


def test_papers_on_non_public_tops_only_are_not_served(client, world):
    meeting = world.meeting()
    paper = world.submitted(name="Grundstücksangelegenheit")
    services.add_agenda_item(meeting, paper=paper, public=False, by=world.clerk)
    world.invite(meeting)
    assert client.get(f"{BASE}paper/{paper.pk}").status_code == 404
    assert (
        "Grundstücksangelegenheit"
        not in client.get(f"{BASE}body/{world.body.pk}/paper").content.decode()
    )


def test_an_organizations_meetings_and_consultations_are_lists_of_their_own(client, world):
    published_papers(world, 3)
    organization = client.get(f"{BASE}organization/{world.committee.pk}").json()
    meetings = client.get(organization["meeting"]).json()
    assert len(meetings["data"]) == 3
    assert all(m["organization"] == [organization["id"]] for m in meetings["data"])
    consultations = client.get(organization["consultation"]).json()
    assert len(consultations["data"]) == 3
    other = client.get(f"{BASE}organization/{world.other_committee.pk}/meeting").json()
    assert other["data"] == []
    assert client.get(f"{BASE}organization/{world.committee.pk}/paper").status_code == 404
    assert client.get(f"{BASE}organization/999999/meeting").status_code == 404
