"""Sitzung durchführen: the clerk's live screen, form by form, and what it costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, kind, paper_type
from workflow import services
from workflow.models import AgendaDecision, AgendaItem, Attendance, Membership, Paper

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def running(world):
    """A meeting of the World's committee with two papers, invited and begun, not opened."""
    papers = [world.submitted(name=f"Vorlage {n}") for n in (1, 2)]
    meeting = world.meeting()
    items = [services.add_agenda_item(meeting, paper=p, by=world.clerk) for p in papers]
    world.invite(meeting)
    return meeting, items


def _url(name, meeting, *args):
    return reverse(f"staff:{name}", args=[meeting.pk, *args])


def test_only_the_meetings_clerk_reaches_the_live_screen(client, world, running):
    meeting, _items = running
    for user in (world.member, world.chair, world.other_chair, world.outsider):
        client.force_login(user)
        assert client.get(_url("meeting_live", meeting)).status_code == 404
        assert client.post(_url("meeting_open", meeting)).status_code == 404
    client.force_login(world.clerk)
    page = client.get(_url("meeting_live", meeting))
    assert page.status_code == 200 and "Sitzung eröffnen" in page.content.decode()


def test_clerk_opens_records_attendance_and_a_top(client, world, running):
    meeting, items = running
    client.force_login(world.clerk)
    assert client.post(_url("meeting_open", meeting)).status_code == 302
    meeting.refresh_from_db()
    member_row = meeting.attendance.get(person=world.member.person)
    response = client.post(
        _url("meeting_attendance", meeting),
        {
            "version": meeting.attendance_version,
            **{
                f"att-{a.pk}-status": "present"
                for a in meeting.attendance.exclude(pk=member_row.pk)
            },
            f"att-{member_row.pk}-status": "present",
            f"att-{member_row.pk}-from_item": items[1].pk,
            f"att-{member_row.pk}-arrived_at": "16:40",
            f"att-{member_row.pk}-note": "Stau",
        },
    )
    assert response.status_code == 302
    member_row.refresh_from_db()
    assert member_row.from_item_id == items[1].pk and member_row.note == "Stau"
    # at Ö 1 one of the two members is there: not quorate, the result is refused
    item = AgendaItem.objects.get(pk=items[0].pk)
    data = {
        f"top-{item.pk}-version": item.version,
        f"top-{item.pk}-result": kind("ungeändert beschlossen").pk,
        f"top-{item.pk}-minutes_text": "Aussprache zu Ö 1",
    }
    refused = client.post(_url("live_item_result", meeting, item.pk), data)
    assert refused.status_code == 409
    assert "nicht beschlussfähig" in refused.content.decode()
    assert "Aussprache zu Ö 1" in refused.content.decode()  # what was typed stays
    data[f"top-{item.pk}-quorum_exception"] = "Wiederholungssitzung"
    saved = client.post(_url("live_item_result", meeting, item.pk), data, **FETCH)
    assert saved.status_code == 200 and saved.json()["ok"]
    assert "Ö 1 gespeichert" in saved.json()["message"]
    html = saved.json()["html"]
    assert f'name="top-{item.pk}-version" value="{item.version + 1}"' in html


def test_stale_top_is_refused_with_json_and_keeps_nothing(client, world, running):
    meeting, items = running
    services.open_meeting(meeting, by=world.clerk)
    client.force_login(world.clerk)
    item = AgendaItem.objects.get(pk=items[1].pk)
    url = _url("live_item_result", meeting, item.pk)
    first = {
        f"top-{item.pk}-version": item.version,
        f"top-{item.pk}-result": kind("vertagt").pk,
        f"top-{item.pk}-minutes_text": "erste",
    }
    assert client.post(url, first, **FETCH).json()["ok"]
    stale = client.post(url, {**first, f"top-{item.pk}-minutes_text": "zweite"}, **FETCH)
    assert stale.status_code == 409 and "inzwischen geändert" in stale.json()["message"]
    assert AgendaItem.objects.get(pk=item.pk).minutes_text == "erste"


def test_roll_call_bias_drop_urgent_and_end_through_the_screen(client, world, running):
    meeting, items = running
    services.open_meeting(meeting, by=world.clerk, at=meeting.start)
    client.force_login(world.clerk)
    member = world.member.person
    assert (
        client.post(
            _url("live_item_bias", meeting, items[0].pk),
            {f"bias-{items[0].pk}-person": member.pk, f"bias-{items[0].pk}-reason": "Nachbar"},
        ).status_code
        == 302
    )
    page = client.get(_url("meeting_live", meeting)).content.decode()
    assert "befangen" in page and "Nachbar" in page  # the clerk reads the internal reason
    item = AgendaItem.objects.get(pk=items[0].pk)
    chair = world.chair.person
    response = client.post(
        _url("live_item_result", meeting, item.pk),
        {
            f"top-{item.pk}-version": item.version,
            f"top-{item.pk}-result": kind("ungeändert beschlossen").pk,
            f"top-{item.pk}-vote_{chair.pk}": "yes",
            # one of two members is biased: the committee decides under its rule for that
            f"top-{item.pk}-quorum_exception": "§ 31 Abs. 3: Beschlussfähigkeit trotz Befangenheit",
        },
        **FETCH,
    )
    assert response.json()["ok"], response.json()
    item.refresh_from_db()
    assert (item.votes_yes, item.votes_no, item.votes_abstain) == (1, 0, 0)
    # Absetzung of Ö 2
    other = AgendaItem.objects.get(pk=items[1].pk)
    client.post(_url("live_item_drop", meeting, other.pk), {"reason": "Beratungsbedarf"})
    assert AgendaItem.objects.get(pk=other.pk).removed
    # an urgent item, with its vote
    late = world.submitted(name="Dringend", paper_type=paper_type("Antrag"))
    client.post(
        _url("live_urgent_item", meeting),
        {
            "paper": late.pk,
            "public": "1",
            "amendment_reason": "Frist",
            "votes_yes": "2",
            "votes_no": "0",
            "votes_abstain": "0",
        },
    )
    assert AgendaDecision.objects.filter(kind=AgendaDecision.Kind.URGENT_ADDITION).exists()
    assert Paper.objects.get(pk=late.pk).state == Paper.State.SCHEDULED
    # the end
    from django.utils import timezone

    end = timezone.localtime(meeting.start).replace(minute=56)  # the clock is an hour later
    client.post(_url("live_end", meeting), {"actual_end": end.strftime("%Y-%m-%dT%H:%M")})
    meeting.refresh_from_db()
    assert meeting.actual_end == end


@pytest.mark.parametrize("field", ["from_item", "status"])
def test_odd_attendance_input_is_refused_not_a_500(client, world, running, field):
    meeting, _items = running
    services.open_meeting(meeting, by=world.clerk)
    client.force_login(world.clerk)
    row = meeting.attendance.first()
    response = client.post(
        _url("meeting_attendance", meeting),
        {f"att-{row.pk}-status": "present", f"att-{row.pk}-{field}": "\x00٣"},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(pk=row.pk).from_item_id is None


def _sized(world, tops: int, members: int):
    meeting = world.meeting()
    for number in range(tops):
        paper = world.submitted(name=f"Vorlage {number}", paper_type=paper_type("Antrag"))
        services.add_agenda_item(meeting, paper=paper, public=number % 3 != 0, by=world.clerk)
    for number in range(members):
        person = PersonFactory(body=world.body, family_name=f"Mitglied {number}")
        Membership.objects.create(person=person, organization=world.committee)
    world.invite(meeting)
    services.open_meeting(meeting, by=world.clerk)
    first = meeting.agenda_items.order_by("-public", "position").first()
    services.declare_exclusion(first, person=person, by=world.clerk)
    return meeting


@pytest.mark.long
def test_live_screen_costs_the_same_for_5_and_50_tops_10_and_60_members(
    client, world, django_assert_max_num_queries
):
    counts = []
    client.force_login(world.clerk)
    for tops, members in ((5, 10), (50, 60)):
        meeting = _sized(world, tops, members)
        url = _url("meeting_live", meeting)
        client.get(url)
        with django_assert_max_num_queries(24), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_person_of_another_body_cannot_be_added(client, world, running):
    from tests.factories import second_body_clerk

    meeting, _items = running
    services.open_meeting(meeting, by=world.clerk)
    _body, stranger_user = second_body_clerk()
    client.force_login(world.clerk)
    response = client.post(_url("meeting_attendee", meeting), {"person": stranger_user.person.pk})
    assert response.status_code == 302
    assert not meeting.attendance.filter(person=stranger_user.person).exists()
