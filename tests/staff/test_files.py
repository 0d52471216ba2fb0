"""Files on the paper and meeting pages: attach, new version, remove, and the refusals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from documents import services as document_services
from documents.models import File
from tests.documents.helpers import MINIMAL_PDF, pdf, text
from workflow import services

pytestmark = pytest.mark.django_db


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_officer_attaches_a_file_on_the_paper_page_and_downloads_it(client, world):
    paper = world.draft()
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_file_add", args=[paper.pk]),
        {"upload": pdf("Bericht 2024.pdf"), "name": "", "role": File.Role.MAIN},
        follow=True,
    )
    page = response.content.decode()
    assert "Datei angehängt." in page
    file = File.objects.get()
    assert f'href="{reverse("documents:file", args=[file.pk])}"' in page
    assert "Bericht 2024.pdf" in page and "Hauptdatei" in page
    download = client.get(reverse("documents:file", args=[file.pk]))
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_a_refused_upload_says_why_and_stores_nothing(client, world):
    paper = world.draft()
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_file_add", args=[paper.pk]),
        {"upload": pdf("bericht.pdf", b"MZ\x90\x00 not a pdf"), "role": File.Role.AUXILIARY},
        follow=True,
    )
    assert "Dieser Dateityp ist nicht erlaubt" in response.content.decode()
    assert not File.objects.exists()


def test_a_form_without_a_file_says_so(client, world):
    paper = world.draft()
    client.force_login(world.officer)
    response = client.post(
        reverse("staff:paper_file_add", args=[paper.pk]),
        {"role": File.Role.AUXILIARY},
        follow=True,
    )
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_new_version_on_the_page_and_no_remove_button_once_submitted(client, world):
    paper = world.draft()
    file = document_services.attach_file(paper, upload=text(), by=world.officer, name="Liste")
    services.submit_paper(paper, by=world.officer)
    client.force_login(world.officer)
    client.post(
        reverse("staff:file_version_add", args=[file.pk]),
        {"upload": text(content="neu"), "comment": "Zahlen ergänzt"},
    )
    page = _page(client, reverse("staff:paper", args=[paper.pk]))
    assert "Fassung 2" in page and "Zahlen ergänzt" in page and "Fassung 1" in page
    assert reverse("staff:file_remove", args=[file.pk]) not in page
    assert "kann nur durch eine neue Fassung ersetzt" in page
    response = client.post(reverse("staff:file_remove", args=[file.pk]), follow=True)
    assert "kann nur durch eine neue Fassung ersetzt" in response.content.decode()
    assert File.objects.filter(pk=file.pk).exists()


def test_file_of_a_draft_is_removed_from_the_page(client, world):
    paper = world.draft()
    file = document_services.attach_file(paper, upload=text(), by=world.officer)
    client.force_login(world.officer)
    response = client.post(reverse("staff:file_remove", args=[file.pk]), follow=True)
    assert "Datei entfernt." in response.content.decode()
    assert not File.objects.exists()


def test_clerk_attaches_a_file_to_a_top_on_the_meeting_page(client, world):
    paper = world.submitted()
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    client.force_login(world.clerk)
    client.post(
        reverse("staff:meeting_file_add", args=[meeting.pk]),
        {
            "upload": pdf(),
            "name": "Präsentation",
            "role": File.Role.AUXILIARY,
            "agenda_item": item.pk,
        },
    )
    file = File.objects.get()
    assert file.agenda_item == item
    page = _page(client, reverse("staff:meeting", args=[meeting.pk]))
    assert re.search(r"Präsentation</a>.*?Ö 1", page, re.S)


def test_members_see_confidential_meeting_files_others_do_not(client, world):
    _paper, item = world.scheduled()
    document_services.attach_file(
        item.meeting, upload=pdf(), by=world.clerk, name="Vertrauliche Anlage", confidential=True
    )
    url = reverse("staff:meeting", args=[item.meeting_id])
    client.force_login(world.member)
    assert "Vertrauliche Anlage" in _page(client, url)
    client.force_login(world.other_chair)
    assert "Vertrauliche Anlage" not in _page(client, url)
    assert "Einladung" in _page(client, url)  # the public one


def test_upload_of_a_generated_role_is_not_offered_and_refused(client, world):
    meeting = world.meeting()
    client.force_login(world.clerk)
    page = _page(client, reverse("staff:meeting", args=[meeting.pk]))
    assert 'value="invitation"' not in page
    response = client.post(
        reverse("staff:meeting_file_add", args=[meeting.pk]),
        {"upload": pdf(), "role": File.Role.INVITATION},
        follow=True,
    )
    assert "invitation ist keine gültige Auswahl" in response.content.decode()
    assert not File.objects.exists()
