from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.urls import reverse

from workflow.demo import DEMO_PASSWORD
from workflow.models import HistoryEntry, Meeting, Paper

ADMIN_MODELS = [
    "paper",
    "meeting",
    "agendaitem",
    "body",
    "organization",
    "person",
    "membership",
    "papertype",
    "resolutionkind",
    "consultation",
    "historyentry",
    "legislativeterm",
    "location",
    "referencecounter",
]


def login(client, username):
    # a password login through every backend; the throttle (axes) needs the request
    assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_admin_list_and_change_page_renders(client, demo, model):
    login(client, "admin")
    response = client.get(reverse(f"admin:workflow_{model}_changelist"))
    assert response.status_code == 200
    from django.apps import apps

    obj = apps.get_model("workflow", model).objects.first()
    response = client.get(reverse(f"admin:workflow_{model}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_paper_page_shows_buttons_of_allowed_transitions_and_history(client, demo):
    login(client, "admin")
    draft = Paper.objects.get(state=Paper.State.DRAFT)
    page = client.get(reverse("admin:workflow_paper_change", args=[draft.pk])).content.decode()
    assert "Einreichen" in page and "Zurückziehen" in page
    assert "create" in page  # the history row
    response = client.post(
        reverse("admin:workflow_paper_transition", args=[draft.pk, "submit"]), follow=True
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == Paper.State.SUBMITTED
    assert HistoryEntry.objects.filter(object_id=draft.pk, action="submit").exists()


def test_refused_transition_in_admin_shows_reason_and_changes_nothing(client, demo):
    login(client, "admin")
    meeting = Meeting.objects.get(state=Meeting.State.AGENDA_SUBMITTED)
    page = client.get(reverse("admin:workflow_meeting_change", args=[meeting.pk])).content
    assert "Tagesordnung freigeben" not in page.decode(), "only the chair approves"
    response = client.post(
        reverse("admin:workflow_meeting_transition", args=[meeting.pk, "approve_agenda"]),
        follow=True,
    )
    assert "nicht ausführen" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.AGENDA_SUBMITTED


@pytest.mark.parametrize(
    "username", ["sitzungsdienst", "zierstedt", "vorsitz", "praesident", "mitglied", "heinen"]
)
def test_the_admin_admits_no_account_of_day_to_day_work(client, demo, username):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=username).update(is_staff=True)
    login(client, username)
    for url in (reverse("admin:index"), reverse("admin:workflow_agendaitem_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_the_admin_admits_superusers_and_the_administrators_group(client, demo):
    from django.contrib.auth.models import Group

    from config.admin import ADMINISTRATORS_GROUP
    from tests.factories import UserFactory

    administrator = UserFactory(is_staff=True)
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 302
    administrator.groups.add(Group.objects.create(name=ADMINISTRATORS_GROUP))
    assert client.get(reverse("admin:index")).status_code == 200
    login(client, "admin")
    assert client.get(reverse("admin:index")).status_code == 200


def test_new_paper_in_admin_goes_through_the_service(client, demo):
    from django.utils import timezone

    login(client, "admin")
    paper = Paper.objects.first()
    today = timezone.localdate()
    # the demo's own new papers are dated today and numbered from 001 on: the next follows
    numbered = Paper.objects.filter(reference__startswith=f"{today.year}/").count()
    response = client.post(
        reverse("admin:workflow_paper_add"),
        {
            "body": paper.body_id,
            "name": "Neu",
            "paper_type": paper.paper_type_id,
            "date": "2026-11-25",
            "consultations-TOTAL_FORMS": "0",
            "consultations-INITIAL_FORMS": "0",
            "sign_offs-TOTAL_FORMS": "0",
            "sign_offs-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Paper.objects.get(name="Neu")
    assert new.reference == f"{today.year}/{numbered + 1:03d}"
    assert HistoryEntry.objects.filter(object_id=new.pk, action="create").exists()


def test_admin_enters_a_past_meeting_only_with_its_checkbox(client, demo, clock):
    login(client, "admin")
    committee = Meeting.objects.first().organization
    form = {
        "organization": committee.pk,
        "name": "Ordentliche Sitzung",
        "start_0": "04.03.2024",
        "start_1": "16:00:00",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
    }
    url = reverse("admin:workflow_meeting_add")
    assert "nachträglich erfassen" in client.get(url).content.decode()
    refused = client.post(url, form, follow=True).content.decode()
    assert "„nachträglich erfassen“ ankreuzen" in refused
    assert not Meeting.objects.filter(start__year=2024, start__month=3).exists()
    client.post(url, {**form, "archive": "on"}, follow=True)
    meeting = Meeting.objects.get(start__year=2024, start__month=3)
    entry = HistoryEntry.objects.get(object_id=meeting.pk, content_type__model="meeting")
    assert entry.comment == "nachträglich erfasst"


def test_a_top_added_in_the_admin_goes_through_the_service(client, demo):
    login(client, "admin")
    meeting = Meeting.objects.get(state=Meeting.State.PLANNED, agenda_items__isnull=True)
    response = client.post(
        reverse("admin:workflow_agendaitem_add"),
        {"meeting": meeting.pk, "public": "on", "name": "Neuer TOP aus der Verwaltung"},
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert item.name == "Neuer TOP aus der Verwaltung" and item.public
    assert HistoryEntry.objects.filter(object_id=meeting.pk).exists()
