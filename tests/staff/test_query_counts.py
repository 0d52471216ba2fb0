"""The workspace, the agenda builder and the result screen cost the same number of queries
with 5 TOPs as with 50."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import draft_filing, paper_type
from workflow import services
from workflow.models import Filing

# The ceilings: a change that adds queries per TOP fails the equality check below; one that
# adds a fixed number fails these, so the figures are raised on purpose only.
# The meeting page lists its files: permission, files, versions (+3).
# The home page offers "Neue Vorlage" and "Neue Sitzung" only to who may: body, clerk (+3).
# "Sitzung absagen" says whether a result is recorded already, once per page (+1).
# The home page lists the filed Anträge to register, the Anfragen to answer and those
# overdue, the Stellungnahmen to give; Mein Mandat asks for seats first (+2).
# A member's home ("Mein Mandat"): seats, meetings, invitations to answer, requests,
# filings, papers.
# The meeting page: the clerk's expected attendance (permission, replies, memberships) and
# everyone's own Zusage or Absage with whether they may answer (+4 clerk, +2 member).
# The home page offers the Sitzungsgeld export to the Sitzungsdienst only (+1).
MAX_QUERIES = {
    "workspace": 13,
    "agenda_builder": 21,
    "results": 9,
    "member_meeting": 16,
    "member_home": 24,
}


def _meeting_with(world, count: int, *, invited: bool):
    """A committee meeting with ``count`` TOPs, each with a paper, plus papers waiting."""
    meeting = world.meeting()
    for number in range(count):
        paper = services.submit_paper(
            world.draft(name=f"Vorlage {number}", paper_type=paper_type("Antrag")),
            by=world.officer,
        )
        services.add_agenda_item(meeting, paper=paper, public=number % 3 != 0, by=world.clerk)
        world.submitted(name=f"wartet {number}", paper_type=paper_type("Antrag"))
    if invited:
        meeting = world.invite(meeting)
    return meeting


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.long
@pytest.mark.parametrize(
    ("page", "invited"),
    [("workspace", False), ("agenda_builder", False), ("results", True)],
)
def test_query_count_does_not_grow_with_the_agenda(
    client, world, page, invited, django_assert_max_num_queries
):
    counts = []
    for size in (5, 50):
        meeting = _meeting_with(world, size, invited=invited)
        client.force_login(world.clerk)
        url = {
            "workspace": reverse("staff:workspace"),
            "agenda_builder": reverse("staff:meeting", args=[meeting.pk]),
            "results": reverse("staff:meeting_results", args=[meeting.pk]),
        }[page]
        client.get(url)  # warm the session and content-type caches
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


def test_member_meeting_page_is_constant_too(client, world, django_assert_max_num_queries):
    counts = []
    for size in (5, 50):
        meeting = _meeting_with(world, size, invited=True)
        client.force_login(world.member)
        url = reverse("staff:meeting", args=[meeting.pk])
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES["member_meeting"]):
            counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


def test_member_home_is_constant_for_5_and_50_meetings_and_filings(
    client, council, django_assert_max_num_queries
):
    world = council.world
    counts = []
    for size in (5, 50):
        while world.committee.meetings.count() < size:
            world.meeting()
        while Filing.objects.count() < size:
            filing = draft_filing(council, name=f"Antrag {Filing.objects.count()}")
            services.ask_co_signer(filing, person=council.colleague.person, by=council.author)
        client.force_login(council.colleague)  # asked to co-sign every one, in the group
        url = reverse("staff:workspace")
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES["member_home"]):
            counts.append(_count(client, url))
    assert counts[0] == counts[1], counts
