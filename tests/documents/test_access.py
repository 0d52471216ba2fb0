"""Who gets which file: every file of a non-public TOP, and the members' documents of a
meeting, only for members and clerks of the committee, whatever URL is guessed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents import services
from documents.models import File
from tests.documents.helpers import pdf, text
from workflow.demo import CONFIDENTIAL_TITLE
from workflow.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db

READERS = {
    "anonymous": False,
    "finanzen": False,  # chair of another committee
    "praesident": False,  # chair of the Plenum
    "zierstedt": False,  # staff, not a member
    "mitglied": True,  # member of the committee
    "vorsitz": True,  # its chair
    "sitzungsdienst": True,  # clerk
}


def _login(client, username: str):
    if username != "anonymous":
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def non_public_urls(demo) -> list[str]:
    """Every download of the seed meeting that shows its non-public part."""
    meeting = Meeting.objects.get(reference="SI/2024/129")
    item = AgendaItem.objects.get(meeting=meeting, name=CONFIDENTIAL_TITLE)
    clerk = get_user_model().objects.get(username="sitzungsdienst")
    attachment = services.attach_file(item, upload=pdf("bewerbungen.pdf"), by=clerk)
    services.add_file_version(attachment, upload=text("bewerbungen.txt"), by=clerk)
    members_only = meeting.files.filter(confidential=True)
    assert members_only.count() == 2  # Einladung and Niederschrift with the non-public part
    return [
        reverse("documents:file", args=[attachment.pk]),
        reverse("documents:file_version", args=[attachment.pk, 1]),
        reverse("documents:file_version", args=[attachment.pk, 2]),
        reverse("documents:auszug", args=[item.pk]),
        reverse("documents:minutes_draft", args=[meeting.pk]),
        *(reverse("documents:file", args=[f.pk]) for f in members_only),
        *(reverse("documents:file_version", args=[f.pk, 1]) for f in members_only),
    ]


@pytest.mark.parametrize(("username", "entitled"), READERS.items())
def test_non_public_files_only_for_the_committee(client, non_public_urls, username, entitled):
    _login(client, username)
    for url in non_public_urls:
        response = client.get(url)
        assert response.status_code == (200 if entitled else 404), (username, url)
        if entitled:
            assert "private" in response["Cache-Control"], url
            assert "public" not in response["Cache-Control"], url


def test_public_einladung_is_served_to_citizens_with_caching_headers(client, demo):
    meeting = Meeting.objects.get(reference="SI/2024/129")
    file = meeting.files.get(role=File.Role.INVITATION, confidential=False)
    response = client.get(reverse("documents:file", args=[file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename=\"einladung-SI-2024-129.pdf\"; filename*=UTF-8''einladung-SI-2024-129.pdf"
    )
    assert response["ETag"] == f'"{file.current.sha256}"'
    assert "public" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    again = client.get(
        reverse("documents:file", args=[file.pk]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_public_auszug_and_vorlage_pdfs_for_citizens(client, demo):
    item = AgendaItem.objects.get(meeting__reference="SI/2024/129", public=True, position=5)
    auszug = client.get(reverse("documents:auszug", args=[item.pk]))
    assert auszug.status_code == 200 and auszug.content.startswith(b"%PDF-")
    assert "filename*=UTF-8''auszug-SI-2024-129-%C3%96-5.pdf" in auszug["Content-Disposition"]
    paper = client.get(reverse("documents:paper", args=[item.consultation.paper_id]))
    assert paper.status_code == 200 and paper["Content-Type"] == "application/pdf"


def test_files_of_a_draft_paper_only_for_its_side(client, world):
    paper = world.draft()
    file = services.attach_file(paper, upload=pdf(), by=world.officer)
    url = reverse("documents:file", args=[file.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("documents:paper", args=[paper.pk])).status_code == 200


def test_confidential_file_of_a_submitted_paper_for_its_side_and_committee(client, world):
    paper = world.submitted()
    file = services.attach_file(paper, upload=pdf(), by=world.officer, confidential=True)
    world.scheduled(paper)  # now public through its public TOP
    url = reverse("documents:file", args=[file.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.other_chair)
    assert client.get(url).status_code == 404
    for entitled in (world.officer, world.member, world.clerk):
        client.force_login(entitled)
        assert client.get(url).status_code == 200


def test_access_url_shows_and_download_url_saves(client, world):
    """OParl: the accessUrl must not send ``attachment``; the downloadUrl must."""
    file = services.attach_file(world.draft(), upload=text("liste.csv", "a,b\n"), by=world.officer)
    client.force_login(world.officer)
    shown = client.get(reverse("documents:file", args=[file.pk]))
    assert shown["Content-Type"] == "text/csv"
    assert shown["Content-Disposition"].startswith("inline;")
    assert "sandbox" in shown["Content-Security-Policy"]
    assert shown["Last-Modified"]
    saved = client.get(reverse("documents:file_download", args=[file.pk]))
    assert saved["Content-Disposition"] == (
        "attachment; filename=\"liste.csv\"; filename*=UTF-8''liste.csv"
    )


def test_unknown_version_is_a_404(client, demo):
    file = File.objects.filter(confidential=False).first()
    assert client.get(reverse("documents:file_version", args=[file.pk, 99])).status_code == 404
