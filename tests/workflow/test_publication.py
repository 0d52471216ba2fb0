"""Which papers are public (workflow.publication): rows kept in step with the agendas."""

from __future__ import annotations

from workflow import publication, selectors, services
from workflow.models import Paper, PaperPublication


def _on_agenda(world, *, public: bool = True):
    meeting = world.meeting()
    paper = world.submitted(name="Radweg Lindenallee")
    item = services.add_agenda_item(meeting, paper=paper, public=public, by=world.clerk)
    return meeting, paper, item


def is_public(paper: Paper) -> bool:
    return selectors.public_papers().filter(pk=paper.pk).exists()


def test_a_paper_is_published_when_the_invitations_go_out(world):
    meeting, paper, _ = _on_agenda(world)
    assert not is_public(paper)
    item = meeting.agenda_items.get()
    before = {
        "paper": Paper.objects.get(pk=paper.pk).modified,
        "consultation": paper.consultations.get().modified,
        "item": item.modified,
    }
    world.invite(meeting)
    assert is_public(paper)
    # OParl clients syncing by modified_since must see them, although nobody edited them
    assert Paper.objects.get(pk=paper.pk).modified > before["paper"]
    assert paper.consultations.get().modified > before["consultation"]
    item.refresh_from_db()
    assert item.modified > before["item"]
    assert PaperPublication.objects.get(paper=paper).since is not None


def test_a_paper_on_a_non_public_top_is_never_published(world):
    meeting, paper, _ = _on_agenda(world, public=False)
    world.invite(meeting)
    assert not is_public(paper)


def test_cancelling_the_meeting_withdraws_the_paper(world):
    meeting, paper, _ = _on_agenda(world)
    world.invite(meeting)
    services.cancel_meeting(meeting, by=world.clerk, comment="Beschlussunfähig")
    assert not is_public(paper)


def test_a_top_made_non_public_or_deleted_withdraws_its_paper(world):
    meeting, paper, item = _on_agenda(world)
    world.invite(meeting)
    item.public = False
    item.save()
    assert not is_public(paper)
    item.public = True
    item.save()
    assert is_public(paper)
    item.delete()
    assert not is_public(paper)


def test_a_stale_paper_instance_cannot_undo_the_publication(world):
    meeting, paper, _ = _on_agenda(world)
    stale = Paper.objects.get(pk=paper.pk)
    world.invite(meeting)
    stale.save()  # every field of the paper, as loaded before the invitations
    assert is_public(paper)


def test_refresh_all_repairs_rows_written_around_the_receivers(world):
    meeting, paper, _ = _on_agenda(world)
    world.invite(meeting)
    PaperPublication.objects.all().delete()  # e.g. a bulk import, which sends no signals
    other = world.submitted(name="Spielplatz")
    PaperPublication.objects.create(paper=other, since=paper.created)
    published, withdrawn = publication.refresh_all()
    assert published == {paper.pk} and withdrawn == {other.pk}
    assert is_public(paper) and not is_public(other)


def test_the_files_of_a_published_paper_and_agenda_get_a_new_modified(world):
    from documents import services as documents
    from documents.models import File
    from tests.documents.helpers import text

    meeting, paper, item = _on_agenda(world)
    paper_file = documents.attach_file(paper, upload=text("plan.txt"), by=world.officer)
    item_file = documents.attach_file(item, upload=text("karte.txt"), by=world.clerk)
    before = {f.pk: f.modified for f in File.objects.filter(pk__in=[paper_file.pk, item_file.pk])}
    world.invite(meeting)
    for file in File.objects.filter(pk__in=before):
        assert file.modified > before[file.pk], file.name
