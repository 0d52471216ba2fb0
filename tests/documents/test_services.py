"""Attaching, superseding and removing files; generated documents of meetings."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from documents import services
from documents.models import File, FileVersion
from documents.text import text_of
from tests.documents.helpers import MINIMAL_PDF, pdf, text
from workflow import services as workflow_services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import HistoryEntry
from workflow.selectors import history

pytestmark = pytest.mark.django_db


def test_officer_attaches_a_file_to_a_draft(world, settings):
    paper = world.draft()
    file = services.attach_file(paper, upload=pdf(), by=world.officer, name="Bericht")
    version = file.current
    assert (file.paper, file.name, version.number) == (paper, "Bericht", 1)
    assert version.mime_type == "application/pdf"
    assert version.created_by == world.officer
    assert version.blob.name == f"files/{version.sha256[:2]}/{version.sha256[2:4]}/{version.sha256}"
    assert default_storage.open(version.blob.name).read() == MINIMAL_PDF
    assert str(settings.MEDIA_ROOT) in default_storage.path(version.blob.name)
    last = history(paper, user=world.officer)[-1]
    assert (last.action, last.by) == (HistoryEntry.FILES, world.officer)
    assert "Bericht" in last.comment


def test_outsider_cannot_attach_and_nothing_is_stored(world):
    paper = world.draft()
    with pytest.raises(PermissionDenied):
        services.attach_file(paper, upload=pdf(), by=world.outsider)
    assert not File.objects.exists()
    assert not default_storage.exists("files")


def test_refused_upload_leaves_nothing_behind(world):
    paper = world.draft()
    with pytest.raises(InvalidInput):
        services.attach_file(paper, upload=pdf(content=b"<html>no pdf</html>"), by=world.officer)
    assert not File.objects.exists()
    assert not FileVersion.objects.exists()
    assert not default_storage.exists("files")


def test_same_content_twice_on_one_paper_is_refused_by_name(world):
    paper = world.draft()
    services.attach_file(paper, upload=pdf(), by=world.officer, name="Bericht")
    with pytest.raises(InvalidInput, match="schon als „Bericht“"):
        services.attach_file(paper, upload=pdf("kopie.pdf"), by=world.officer)
    assert File.objects.count() == 1


def test_same_content_on_two_papers_is_stored_once(world):
    first = services.attach_file(world.draft(), upload=pdf(), by=world.officer)
    second = services.attach_file(world.draft(), upload=pdf(), by=world.officer)
    assert first.current.blob.name == second.current.blob.name


def test_a_paper_has_at_most_one_main_file(world):
    paper = world.draft()
    services.attach_file(paper, upload=pdf(), by=world.officer, role=File.Role.MAIN)
    with pytest.raises(InvalidInput, match="Hauptdatei"):
        services.attach_file(paper, upload=text(), by=world.officer, role=File.Role.MAIN)


def test_generated_roles_cannot_be_uploaded(world):
    meeting = world.meeting()
    with pytest.raises(InvalidInput):
        services.attach_file(meeting, upload=pdf(), by=world.clerk, role=File.Role.INVITATION)


def test_a_new_version_keeps_the_old_ones(world):
    paper = world.submitted()
    file = services.attach_file(paper, upload=text(content="erste Fassung"), by=world.officer)
    services.add_file_version(
        file, upload=text(content="zweite Fassung"), by=world.officer, comment="korrigiert"
    )
    file.refresh_from_db()
    versions = list(file.versions.all())
    assert [v.number for v in versions] == [1, 2]
    assert file.current == versions[1]
    assert versions[1].comment == "korrigiert"
    assert default_storage.open(versions[0].blob.name).read() == b"erste Fassung"
    assert default_storage.open(versions[1].blob.name).read() == b"zweite Fassung"


def test_a_version_identical_to_the_current_one_is_refused(world):
    file = services.attach_file(world.draft(), upload=pdf(), by=world.officer)
    with pytest.raises(InvalidInput, match="identisch"):
        services.add_file_version(file, upload=pdf("neu.pdf"), by=world.officer)
    assert file.versions.count() == 1


def test_file_of_a_draft_can_be_removed_and_its_blob_goes(
    world, django_capture_on_commit_callbacks
):
    paper = world.draft()
    file = services.attach_file(paper, upload=pdf(), by=world.officer)
    blob = file.current.blob.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(file, by=world.officer)
    assert not File.objects.exists()
    assert not default_storage.exists(blob)
    assert "entfernt" in history(paper, user=world.officer)[-1].comment


def test_file_of_a_submitted_paper_can_only_be_superseded(world):
    paper = world.draft()
    file = services.attach_file(paper, upload=pdf(), by=world.officer)
    workflow_services.submit_paper(paper, by=world.officer)
    with pytest.raises(TransitionRefused, match="neue Fassung"):
        services.remove_file(file, by=world.officer)
    assert File.objects.filter(pk=file.pk).exists()
    services.add_file_version(file, upload=text(), by=world.officer)
    assert file.versions.count() == 2


def test_submitted_paper_still_takes_attachments_from_its_side(world):
    paper = world.submitted()
    file = services.attach_file(paper, upload=pdf(), by=world.officer)
    assert file.paper == paper


def test_attachment_of_a_published_meeting_can_only_be_superseded(world):
    _paper, item = world.scheduled()
    file = services.attach_file(item, upload=pdf(), by=world.clerk, name="Anlage 1")
    with pytest.raises(TransitionRefused):
        services.remove_file(file, by=world.clerk)
    services.add_file_version(file, upload=text(), by=world.clerk)
    assert file.versions.count() == 2


def test_chair_is_not_the_sitzungsdienst_for_files(world):
    meeting = world.meeting()
    with pytest.raises(PermissionDenied):
        services.attach_file(meeting, upload=pdf(), by=world.chair)


# -- generated documents --------------------------------------------------------------


def _pdf_text(file: File) -> str:
    return " ".join(
        text_of(default_storage.open(file.current.blob.name).read(), "application/pdf").split()
    )


def test_invitations_come_with_a_public_and_a_members_einladung(world):
    paper, item = world.scheduled()
    workflow_services.add_agenda_item(
        item.meeting,
        name="Personalangelegenheit Geheim",
        public=False,
        by=world.clerk,
        amendment_reason="nachgereicht",
    )
    invitations = {f.confidential: f for f in item.meeting.files.filter(role=File.Role.INVITATION)}
    assert set(invitations) == {False, True}
    assert all(f.generated and not f.frozen for f in invitations.values())
    public, members = _pdf_text(invitations[False]), _pdf_text(invitations[True])
    assert item.meeting.reference in public and paper.reference in public
    # the TOP added after the invitations makes a new version; the one that went out stays
    assert "Personalangelegenheit Geheim" in members
    assert "Personalangelegenheit Geheim" not in public
    first = invitations[True].versions.get(number=1)
    first_text = text_of(default_storage.open(first.blob.name).read(), "application/pdf")
    assert "Personalangelegenheit Geheim" not in first_text
    assert invitations[True].versions.count() == 2


def test_public_einladung_leaves_out_the_non_public_titles(world):
    paper = world.submitted()
    meeting = world.meeting()
    workflow_services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    workflow_services.add_agenda_item(
        meeting, name="Grundstücksgeschäft Müller", public=False, by=world.clerk
    )
    world.invite(meeting)
    files = {f.confidential: f for f in meeting.files.filter(role=File.Role.INVITATION)}
    assert "Grundstücksgeschäft Müller" not in _pdf_text(files[False])
    assert "Nichtöffentlicher Teil" in _pdf_text(files[False])
    assert "Grundstücksgeschäft Müller" in _pdf_text(files[True])
    assert files[True].confidential and not files[False].confidential


def test_approved_minutes_are_frozen_niederschriften(world):
    _paper, item = world.scheduled()
    world.decide(item, resolution_text="So beschlossen.", minutes_text="Aussprache ohne Einwände.")
    meeting = workflow_services.close_meeting(item.meeting, by=world.clerk)
    assert not meeting.files.filter(role=File.Role.RESULTS_PROTOCOL).exists()
    workflow_services.approve_minutes(meeting, by=world.chair)
    minutes = list(meeting.files.filter(role=File.Role.RESULTS_PROTOCOL))
    assert len(minutes) == 2 and all(f.frozen and f.generated for f in minutes)
    content = _pdf_text(minutes[0])
    assert "Niederschrift" in content and "Aussprache ohne Einwände." in content
    assert "Entwurf" not in content


def test_frozen_niederschrift_takes_no_new_version(world):
    _paper, item = world.scheduled()
    world.decide(item)
    meeting = workflow_services.close_meeting(item.meeting, by=world.clerk)
    meeting = workflow_services.approve_minutes(meeting, by=world.chair)
    file = meeting.files.get(role=File.Role.RESULTS_PROTOCOL, confidential=False)
    with pytest.raises(TransitionRefused):
        services.add_file_version(file, upload=pdf(), by=world.clerk)
    with pytest.raises(TransitionRefused, match="festgeschrieben"):
        services.store_generated(
            meeting,
            role=file.role,
            confidential=False,
            name="x",
            file_name="x.pdf",
            content=MINIMAL_PDF,
        )
    with pytest.raises(TransitionRefused):
        services.remove_file(file, by=world.clerk)
    assert file.versions.count() == 1


def test_regenerating_unchanged_data_adds_no_version(world):
    from documents.signals import store_meeting_documents

    _paper, item = world.scheduled()
    before = {f.pk: f.current_id for f in item.meeting.files.all()}
    files = store_meeting_documents(item.meeting, File.Role.INVITATION)
    assert {f.pk: f.current_id for f in files} == before


def test_a_rendering_failure_refuses_the_transition_and_changes_nothing(world, monkeypatch):
    from documents import generation

    paper = world.submitted()
    meeting = world.meeting()
    workflow_services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    meeting = workflow_services.submit_agenda(meeting, by=world.clerk)
    meeting = workflow_services.approve_agenda(meeting, by=world.chair)

    def broken(*args, **kwargs):
        raise OSError("Schrift fehlt")

    monkeypatch.setattr(generation, "render_pdf", broken)
    with pytest.raises(TransitionRefused, match="Einladung konnte nicht erzeugt werden"):
        workflow_services.send_invitations(meeting, by=world.clerk)
    meeting.refresh_from_db()
    assert meeting.state == meeting.State.AGENDA_APPROVED
    assert not meeting.files.exists()
