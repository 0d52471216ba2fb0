"""The workspace pages: what users do there, and what they are told when it is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import kind, paper_type
from workflow.models import AgendaItem, HistoryEntry, Meeting, Paper


def _text(response) -> str:
    return response.content.decode()


def test_workspace_needs_a_login(client):
    response = client.get(reverse("staff:workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_then_workspace(client, world):
    response = client.post(reverse("login"), {"username": "clerk", "password": "pw"})
    assert response.status_code == 302 and response["Location"] == reverse("staff:workspace")
    assert "Mein Arbeitsplatz" in _text(client.get(reverse("staff:workspace")))


def test_english_on_request(client, world):
    client.force_login(world.clerk)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("staff:workspace"))
    assert '<html lang="en">' in _text(response)


def test_new_paper_with_errors_keeps_the_input_and_says_why(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_create"),
        {"name": "", "paper_type": paper_type().pk, "date": "2030-01-02", "statement": "Text"},
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "\nText</textarea>" in page
    assert not Paper.objects.exists()


def test_new_paper_then_beratungsfolge_then_submit(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_create"),
        {
            "name": "Sachstand Regionalmarketing",
            "paper_type": paper_type("Standardvorlage").pk,
            "date": "2030-01-02",
            "lead_organization": world.department.pk,
            "officer": world.officer_person.pk,
        },
    )
    paper = Paper.objects.get()
    assert response["Location"] == reverse("staff:paper", args=[paper.pk])
    client.post(
        reverse("staff:consultation_add", args=[paper.pk]),
        {"organization": world.committee.pk, "role": "decision"},
    )
    assert paper.consultations.get().authoritative
    paper.refresh_from_db()
    response = client.post(
        reverse("staff:paper_transition", args=[paper.pk]),
        {"name": "submit", "version": paper.version},
        follow=True,
    )
    assert "Erledigt: Einreichen" in _text(response)
    assert Paper.objects.get().state == Paper.State.SUBMITTED


def test_refused_transition_shows_the_reason_and_changes_nothing(client, world):
    paper = world.draft()
    paper.consultations.all().delete()
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_transition", args=[paper.pk]),
        {"name": "submit", "version": paper.version},
        follow=True,
    )
    assert "Die Vorlage hat keine Beratungsfolge." in _text(response)
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.DRAFT


def test_blocked_button_is_disabled_with_its_reason(client, world):
    meeting = world.meeting()
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    assert 'disabled aria-describedby="blocked-submit_agenda"' in page
    assert "Die Tagesordnung ist leer." in page


def test_double_submit_says_changed_meanwhile(client, world):
    paper = world.draft()
    client.force_login(world.officer)
    form = {"name": "submit", "version": paper.version}
    client.post(reverse("staff:paper_transition", args=[paper.pk]), form)
    response = client.post(reverse("staff:paper_transition", args=[paper.pk]), form, follow=True)
    assert "inzwischen geändert" in _text(response)
    assert HistoryEntry.objects.filter(object_id=paper.pk, action="submit").count() == 1


def test_stale_edit_form_is_refused_with_the_input_kept(client, world):
    paper = world.draft()
    client.force_login(world.officer)
    form = {
        "name": "Meine Fassung",
        "paper_type": paper.paper_type_id,
        "date": "2030-01-02",
        "lead_organization": world.department.pk,
        "version": paper.version - 1,
    }
    response = client.post(reverse("staff:paper_edit", args=[paper.pk]), form)
    assert response.status_code == 200
    assert "inzwischen geändert" in _text(response)
    assert 'value="Meine Fassung"' in _text(response)
    assert Paper.objects.get(pk=paper.pk).name == "Sachstand Regionalmarketing"


def test_submitted_paper_has_no_edit_link_but_takes_a_note(client, world):
    paper = world.submitted()
    client.force_login(world.officer)
    page = _text(client.get(reverse("staff:paper", args=[paper.pk])))
    assert reverse("staff:paper_edit", args=[paper.pk]) not in page
    client.post(reverse("staff:paper_note", args=[paper.pk]), {"text": "Anlage folgt"})
    assert "Anlage folgt" in _text(client.get(reverse("staff:paper", args=[paper.pk])))


def test_agenda_builder_adds_a_waiting_paper_and_reorders(client, world):
    paper = world.submitted()
    meeting = world.meeting()
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    assert f'<option value="{paper.pk}">{paper}</option>' in page
    url = reverse("staff:agenda_item_add", args=[meeting.pk])
    client.post(url, {"name": "Eröffnung", "public": "1", "version": 1})
    client.post(url, {"paper": paper.pk, "public": "1", "version": 2})
    client.post(url, {"name": "Personal", "public": "0", "version": 3})
    last = AgendaItem.objects.get(consultation__paper=paper)
    client.post(
        reverse("staff:agenda_item_move", args=[meeting.pk, last.pk]),
        {"direction": "up", "version": 4},
    )
    page = _text(client.get(reverse("staff:meeting", args=[meeting.pk])))
    assert 'aria-label="Ö 2 nach oben"' in page and 'aria-label="N 1 entfernen"' in page
    numbers = [(i.number, i.name) for i in meeting.agenda_items.order_by("-public", "position")]
    assert numbers == [
        ("Ö 1", "Sachstand Regionalmarketing"),
        ("Ö 2", "Eröffnung"),
        ("N 1", "Personal"),
    ]
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.SCHEDULED


def test_second_clerk_with_an_old_page_is_told_to_reload(client, world):
    meeting = world.meeting()
    client.force_login(world.clerk)
    url = reverse("staff:agenda_item_add", args=[meeting.pk])
    client.post(url, {"name": "A", "public": "1", "version": 1})
    response = client.post(url, {"name": "B", "public": "1", "version": 1}, follow=True)
    assert "inzwischen geändert" in _text(response)
    assert list(meeting.agenda_items.values_list("name", flat=True)) == ["A"]


def test_chair_approves_from_the_workspace(client, world):
    meeting = world.meeting()
    client.force_login(world.clerk)
    client.post(
        reverse("staff:agenda_item_add", args=[meeting.pk]),
        {"name": "A", "public": "1", "version": 1},
    )
    client.post(
        reverse("staff:meeting_transition", args=[meeting.pk]),
        {"name": "submit_agenda", "version": 2},
    )
    client.force_login(world.chair)
    page = _text(client.get(reverse("staff:workspace")))
    assert "Tagesordnung freigeben" in page and meeting.reference in page
    client.post(
        reverse("staff:meeting_transition", args=[meeting.pk]),
        {"name": "approve_agenda", "version": 3},
    )
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.AGENDA_APPROVED


def test_return_without_reason_is_refused(client, world):
    meeting = world.meeting()
    from workflow import services

    services.add_agenda_item(meeting, name="A", by=world.clerk)
    meeting = services.submit_agenda(meeting, by=world.clerk)
    client.force_login(world.chair)
    response = client.post(
        reverse("staff:meeting_transition", args=[meeting.pk]),
        {"name": "return_agenda", "version": meeting.version, "comment": ""},
        follow=True,
    )
    assert "braucht eine Begründung" in _text(response)
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.AGENDA_SUBMITTED


def test_result_screen_records_every_changed_row(client, world):
    paper, item = world.scheduled()
    meeting = item.meeting
    client.force_login(world.clerk)
    url = reverse("staff:meeting_results", args=[meeting.pk])
    assert "Ergebnisse der Sitzung" in _text(client.get(url))
    prefix = f"top-{item.pk}"
    response = client.post(
        url,
        {
            "version": Meeting.objects.get(pk=meeting.pk).version,
            f"{prefix}-result": kind("ungeändert beschlossen").pk,
            f"{prefix}-resolution_text": "Kenntnisnahme",
            f"{prefix}-minutes_text": "Aussprache",
            f"{prefix}-votes_yes": "2",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.result.name, item.votes_yes, item.minutes_text) == (
        "ungeändert beschlossen",
        2,
        "Aussprache",
    )
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.RESOLVED


def test_result_screen_rejects_negative_votes_and_keeps_the_input(client, world):
    _paper, item = world.scheduled()
    client.force_login(world.clerk)
    prefix = f"top-{item.pk}"
    response = client.post(
        reverse("staff:meeting_results", args=[item.meeting_id]),
        {
            "version": Meeting.objects.get(pk=item.meeting_id).version,
            f"{prefix}-result": kind("ungeändert beschlossen").pk,
            f"{prefix}-minutes_text": "Meine Notizen",
            f"{prefix}-votes_yes": "-1",
        },
    )
    assert response.status_code == 200
    assert "Meine Notizen" in _text(response)
    assert AgendaItem.objects.get(pk=item.pk).result is None


def test_result_screen_is_for_the_clerks_only(client, world):
    _paper, item = world.scheduled()
    client.force_login(world.chair)
    assert client.get(reverse("staff:meeting_results", args=[item.meeting_id])).status_code == 404


@pytest.mark.parametrize("name", ["Vorberatung", "Entscheidung"])
def test_recommendation_is_labelled_as_such_on_the_result_screen(client, world, name):
    paper = world.two_step() if name == "Vorberatung" else world.submitted()
    _paper, item = world.scheduled(paper)
    client.force_login(world.clerk)
    page = _text(client.get(reverse("staff:meeting_results", args=[item.meeting_id])))
    expected = (
        "Beschlussempfehlung für das entscheidende Gremium"
        if name == "Vorberatung"
        else "(Beschluss)"
    )
    assert expected in page


def test_workspace_in_english_when_chosen(client, world):
    client.force_login(world.clerk)
    client.cookies["django_language"] = "en"
    page = _text(client.get(reverse("staff:workspace")))
    assert "<h1>My workspace</h1>" in page and "Papers for an agenda" in page
