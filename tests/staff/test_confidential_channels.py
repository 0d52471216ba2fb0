"""One test per channel that once let non-public content reach logged-in users: the
history of a meeting or paper, internal notes, a second body in the same installation, and
caches. (The walk over every channel at once is ``tests/test_confidentiality.py``.)"""

from __future__ import annotations

from django.urls import reverse

from tests.factories import BodyFactory, UserFactory, kind, person_user, second_body_clerk
from workflow import permissions, selectors, services
from workflow.models import Consultation, HistoryEntry, Membership

TITLE = "Dringlichkeit Grundstücksankauf"
REASON = "eilbedürftig wegen Fristablauf"


def _amended_after_approval(world):
    """An invited meeting to which a non-public TOP with a paper was added, then moved."""
    paper = world.submitted(name=TITLE)
    meeting = world.meeting()
    services.add_agenda_item(
        meeting, name="Erster nichtöffentlicher Punkt", public=False, by=world.clerk
    )
    world.invite(meeting, begin=False)  # amended before the meeting, not decided at it
    item = services.add_agenda_item(
        meeting, paper=paper, public=False, amendment_reason=REASON, by=world.clerk
    )
    services.move_agenda_item(item, up=True, amendment_reason=REASON, by=world.clerk)
    world.begin(meeting)
    return meeting, item, paper


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_history_of_a_non_public_amendment_names_nothing_to_those_not_entitled(client, world):
    meeting, _item, _paper = _amended_after_approval(world)
    url = reverse("staff:meeting", args=[meeting.pk])
    for outsider in (world.outsider, world.other_chair):
        page = _page(client, outsider, url)
        assert TITLE not in page and REASON not in page
        assert str(HistoryEntry.REDACTED_COMMENT) in page
    for entitled in (world.member, world.chair, world.clerk):
        page = _page(client, entitled, url)
        assert TITLE in page and REASON in page


def test_amendment_entries_carry_the_committee_whose_non_public_part_they_are_about(world):
    meeting, _item, paper = _amended_after_approval(world)
    amendments = HistoryEntry.objects.filter(
        object_id=meeting.pk, action=HistoryEntry.AMENDED_AGENDA
    )
    assert amendments.count() == 2
    assert set(amendments.values_list("confidential_organization", flat=True)) == {
        world.committee.pk
    }
    schedule = HistoryEntry.objects.get(object_id=paper.pk, action="schedule")
    assert schedule.confidential_organization_id == world.committee.pk


def test_result_of_a_non_public_top_is_hidden_in_the_history_of_a_paper_others_see(client, world):
    """A paper advised in one committee behind closed doors, then decided in another: the
    other committee's members read the paper, not the first committee's result."""
    paper = world.submitted(
        (world.committee, Consultation.Role.PRELIMINARY, False),
        (world.other_committee, Consultation.Role.DECISION, True),
        name="Vorberatung hinter verschlossenen Türen",
    )
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, paper=paper, public=False, by=world.clerk)
    world.invite(meeting)
    services.record_result(item, result=kind("ungeändert beschlossen"), by=world.clerk)
    other_member = person_user(world.body, world.other_committee, Membership.Role.MEMBER)
    url = reverse("staff:paper", args=[paper.pk])
    page = _page(client, other_member, url)
    assert meeting.reference not in page and "ungeändert beschlossen" not in page
    assert meeting.reference in _page(client, world.member, url)
    assert meeting.reference in _page(client, world.officer, url)


def test_internal_notes_reach_the_papers_side_clerks_and_heads_only(client, world):
    paper = world.submitted(name="Haushaltsreste")
    services.add_paper_note(paper, by=world.officer, text="nur intern: Rücksprache mit Kämmerei")
    head = person_user(world.body, world.department, Membership.Role.HEAD)
    url = reverse("staff:paper", args=[paper.pk])
    for reader in (world.officer, world.clerk, head):
        assert "Rücksprache mit Kämmerei" in _page(client, reader, url)
    for outsider in (world.member, world.chair):
        page = _page(client, outsider, url)
        assert "Rücksprache mit Kämmerei" not in page
        label = HistoryEntry.OTHER_LABELS[HistoryEntry.NOTE]
        assert f"<strong>{label}</strong>" not in page
    assert not permissions.can_read_paper_notes(world.member, paper)


def test_a_clerk_for_every_committee_of_a_second_body_reads_nothing_of_the_first(client, world):
    meeting, _item, paper = _amended_after_approval(world)
    body, clerk = second_body_clerk()
    assert set(permissions.clerk_organizations(clerk).values_list("body", flat=True)) == {body.pk}
    assert not permissions.confidential_organizations(clerk).filter(body=world.body).exists()
    assert not selectors.visible_papers(clerk).filter(pk=paper.pk).exists()
    assert not selectors.visible_agenda_items(clerk).filter(public=False).exists()
    assert clerk not in permissions.clerk_users(world.committee)
    assert world.clerk in permissions.clerk_users(world.committee)  # no person: every body
    page = _page(client, clerk, reverse("staff:meeting", args=[meeting.pk]))
    assert TITLE not in page and REASON not in page
    assert client.get(reverse("staff:paper", args=[paper.pk])).status_code == 404


def test_with_two_bodies_a_user_without_person_has_no_body_to_create_in(world):
    BodyFactory(name="Nachbargemeinde")
    assert selectors.user_body(world.officer) == world.body
    assert selectors.user_body(UserFactory()) is None


def test_answers_to_signed_in_users_are_never_cached_and_public_pages_stay_cacheable(client, world):
    client.force_login(world.member)
    for url in (reverse("staff:workspace"), "/api/papers/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
    assert "public" in client.get(reverse("portal:calendar"))["Cache-Control"]
