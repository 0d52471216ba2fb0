"""What a new user met on a walk through the workspace: forms that keep their dates, links
offered only to who may follow them, a result screen that says when it is closed, the clerk's
home page showing every meeting in progress, and the meeting's end time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from staff.forms import MeetingForm
from tests.factories import at, kind, paper_type
from workflow import services
from workflow.models import AgendaItem, Meeting, Paper


def _text(response) -> str:
    return response.content.decode()


# -- dates in the forms ----------------------------------------------------------------


def test_paper_edit_form_sends_its_date_in_iso_form_so_the_browser_keeps_it(client, world):
    paper = world.draft(date=datetime.date(2026, 12, 1))
    client.force_login(world.officer)
    page = _text(client.get(reverse("staff:paper_edit", args=[paper.pk])))
    assert re.search(r'<input type="date" name="date" value="2026-12-01"', page), page
    assert "01.12.2026" not in page


def test_meeting_form_sends_start_and_end_as_datetime_local(world):
    form = MeetingForm(
        user=world.clerk,
        body=world.body,
        initial={"start": at(2, 16), "end": at(2, 18) + datetime.timedelta(minutes=30)},
    )
    html = str(form["start"]) + str(form["end"])
    assert 'type="datetime-local"' in html
    assert 'value="2030-11-02T16:00"' in html and 'value="2030-11-02T18:30"' in html


def test_new_paper_names_its_author_as_officer(client, world):
    client.force_login(world.officer)
    page = _text(client.get(reverse("staff:paper_create")))
    assert f'<option value="{world.officer_person.pk}" selected>' in page


def test_new_paper_of_an_author_without_a_person_has_no_officer_chosen(client, world):
    from tests.factories import grant

    grant(world.clerk, "add_paper")
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:paper_create")))
    officer = page.split('name="officer"')[1].split("</select>")[0]
    assert '<option value="" selected>' in officer and officer.count("selected>") == 1


# -- "Neue Vorlage", "Neue Sitzung" ------------------------------------------------------


def test_links_to_create_are_offered_only_to_who_may(client, world):
    client.force_login(world.outsider)
    home = _text(client.get(reverse("staff:workspace")))
    papers = _text(client.get(reverse("staff:paper_list")))
    meetings = _text(client.get(reverse("staff:meeting_list")))
    for page in (home, papers, meetings):
        assert reverse("staff:paper_create") not in page
        assert reverse("staff:meeting_create") not in page
    client.force_login(world.officer)
    home = _text(client.get(reverse("staff:workspace")))
    assert reverse("staff:paper_create") in home
    assert reverse("staff:paper_create") in _text(client.get(reverse("staff:paper_list")))
    assert reverse("staff:meeting_create") not in home
    client.force_login(world.clerk)
    home = _text(client.get(reverse("staff:workspace")))
    assert reverse("staff:meeting_create") in home
    assert reverse("staff:paper_create") not in home  # the clerk writes no papers
    assert reverse("staff:meeting_create") in _text(client.get(reverse("staff:meeting_list")))


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("staff:paper_create", "Sie dürfen keine Vorlagen anlegen."),
        ("staff:meeting_create", "Sie dürfen keine Sitzungen anlegen"),
    ],
)
def test_create_pages_refuse_up_front_with_a_reason(client, world, page, message):
    client.force_login(world.officer if page == "staff:meeting_create" else world.outsider)
    shown = client.get(reverse(page))
    assert shown.status_code == 403
    assert message in _text(shown)
    assert '<form method="post"' not in _text(shown).split("</header>")[1]
    posted = client.post(
        reverse(page),
        {"name": "Neu", "paper_type": paper_type().pk, "date": "2030-01-02"}
        | {"organization": world.committee.pk, "start": "2030-01-02T16:00"},
    )
    assert posted.status_code == 403
    assert not Paper.objects.exists() and not Meeting.objects.exists()


# -- the result screen -------------------------------------------------------------------


def _approved_minutes(world):
    _paper, item = world.scheduled()
    world.decide(item, resolution_text="Kenntnisnahme", minutes_text="Aussprache zum Sachstand")
    meeting = services.close_meeting(item.meeting, by=world.clerk)
    return services.approve_minutes(meeting, by=world.chair), item


def test_result_screen_is_read_only_once_the_minutes_are_approved(client, world):
    meeting, item = _approved_minutes(world)
    client.force_login(world.clerk)
    url = reverse("staff:meeting_results", args=[meeting.pk])
    page = _text(client.get(url)).split("</header>")[1]
    assert "Die Niederschrift ist genehmigt" in page
    assert "Aussprache zum Sachstand" in page and "ungeändert beschlossen" in page
    for control in ("<form", "<textarea", "<select", "<input", "Ergebnisse speichern"):
        assert control not in page, control
    # a form sent from an older page changes nothing and says why
    response = client.post(
        url,
        {
            "version": meeting.version,
            f"top-{item.pk}-result": kind("abgelehnt").pk,
            f"top-{item.pk}-minutes_text": "nachträglich",
        },
    )
    assert response.status_code == 200 and "Niederschrift genehmigt" in _text(response)
    assert AgendaItem.objects.get(pk=item.pk).minutes_text == "Aussprache zum Sachstand"


def test_result_screen_before_the_invitations_says_when_results_are_taken(client, world):
    meeting = world.meeting()
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting_results", args=[meeting.pk])))
    assert "sobald die Einladungen versandt sind" in page
    assert "Ergebnisse speichern" not in page


def test_result_screen_is_editable_while_results_are_taken(client, world):
    _paper, item = world.scheduled()
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting_results", args=[item.meeting_id])))
    assert "Ergebnisse speichern" in page and "<textarea" in page


# -- the clerk's home page ---------------------------------------------------------------


def test_clerk_home_shows_every_meeting_in_progress_with_its_state(client, world):
    planned = world.meeting()
    submitted = world.meeting()
    services.add_agenda_item(submitted, name="Mitteilungen", by=world.clerk)
    submitted = services.submit_agenda(submitted, by=world.clerk)
    invited = world.meeting()
    services.add_agenda_item(invited, name="Mitteilungen", by=world.clerk)
    invited = world.invite(invited)
    _paper, item = world.scheduled()
    world.decide(item)
    held = services.close_meeting(item.meeting, by=world.clerk)
    done, _item = _approved_minutes(world)
    cancelled = services.cancel_meeting(world.meeting(), by=world.clerk, comment="kein Bedarf")
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:workspace")))
    section = page.split('id="prepare"')[1].split("</section>")[0]
    for meeting in (planned, submitted, invited, held):
        row = section.split(meeting.reference)[1].split("</tr>")[0]
        assert meeting.get_state_display() in row, meeting.state
    assert "wartet auf die Freigabe der Tagesordnung" in section
    assert "wartet auf die Genehmigung der Niederschrift" in section
    assert done.reference not in section and cancelled.reference not in section


def _waiting(world, count: int) -> None:
    for number in range(count):
        organization = world.committee if number % 2 else world.other_committee
        world.submitted(
            (organization, "decision", True), name=f"wartet {number}", paper_type=paper_type()
        )


def test_papers_for_the_agenda_say_for_which_committee_without_a_query_each(client, world):
    client.force_login(world.clerk)
    counts = []
    for count in (2, 20):
        _waiting(world, count)
        client.get(reverse("staff:workspace"))
        with CaptureQueriesContext(connection) as queries:
            page = _text(client.get(reverse("staff:workspace")))
        counts.append(len(queries))
        section = page.split('id="schedule"')[1].split("</section>")[0]
        for line in section.split("<li>")[1:]:
            assert "für Ausschuss I" in line or "für Ausschuss II" in line, line
        assert "für Ausschuss I<" in section and "für Ausschuss II<" in section
    assert counts[0] == counts[1], counts


# -- the meeting page --------------------------------------------------------------------


def test_meeting_page_shows_start_and_end(client, world):
    start = at(3, 16)
    meeting = world.meeting(end=start + datetime.timedelta(hours=1, minutes=56))
    Meeting.objects.filter(pk=meeting.pk).update(start=start)
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    local = timezone.localtime(start)
    assert f"{local:%d.%m.%Y} 16:00–17:56" in page
