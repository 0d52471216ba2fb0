"""Editing drafts, notes, agenda order, and the version check that turns a stale form into
"changed meanwhile" instead of a silent overwrite."""

from __future__ import annotations

import pytest

from tests.factories import kind, paper_type
from workflow import selectors, services
from workflow.errors import ConcurrentChange, InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import AgendaItem, Consultation, HistoryEntry, Paper


def test_officer_edits_a_draft_and_the_history_names_the_fields(world):
    paper = world.draft()
    paper = services.update_paper(
        paper, by=world.officer, name="Neuer Betreff", expected_version=paper.version
    )
    assert Paper.objects.get(pk=paper.pk).name == "Neuer Betreff"
    entry = HistoryEntry.objects.get(object_id=paper.pk, action=HistoryEntry.EDITED)
    assert entry.comment == "Betreff"


def test_submitted_paper_cannot_be_edited_but_takes_a_note(world):
    paper = world.submitted()
    with pytest.raises(TransitionRefused, match="Notiz"):
        services.update_paper(paper, by=world.officer, name="anders")
    assert Paper.objects.get(pk=paper.pk).name == "Sachstand Regionalmarketing"
    services.add_paper_note(paper, by=world.officer, text="Anlage folgt.")
    assert HistoryEntry.objects.filter(
        object_id=paper.pk, action=HistoryEntry.NOTE, comment="Anlage folgt."
    ).exists()


def test_outsider_cannot_edit_or_annotate(world):
    paper = world.draft()
    with pytest.raises(PermissionDenied):
        services.update_paper(paper, by=world.outsider, name="x")
    with pytest.raises(PermissionDenied):
        services.add_paper_note(paper, by=world.outsider, text="x")


def test_invalid_edit_changes_nothing(world):
    paper = world.draft()
    with pytest.raises(InvalidInput):
        services.update_paper(paper, by=world.officer, name="")
    with pytest.raises(InvalidInput, match="Unbekannte"):
        services.update_paper(paper, by=world.officer, state="resolved")
    fresh = Paper.objects.get(pk=paper.pk)
    assert (fresh.name, fresh.version) == ("Sachstand Regionalmarketing", paper.version)


def test_edit_from_a_stale_form_is_refused(world):
    paper = world.draft()
    seen = paper.version
    services.update_paper(paper, by=world.officer, name="erste Fassung", expected_version=seen)
    with pytest.raises(ConcurrentChange, match="inzwischen geändert"):
        services.update_paper(paper, by=world.officer, name="zweite", expected_version=seen)
    assert Paper.objects.get(pk=paper.pk).name == "erste Fassung"


def test_double_submitted_transition_button_says_changed_meanwhile(world):
    paper = world.draft()
    seen = paper.version
    services.submit_paper(paper, by=world.officer, expected_version=seen)
    with pytest.raises(ConcurrentChange):
        services.submit_paper(paper, by=world.officer, expected_version=seen)
    assert HistoryEntry.objects.filter(object_id=paper.pk, action="submit").count() == 1


def test_removing_a_consultation_renumbers_the_rest(world):
    paper = world.draft(
        (world.committee, Consultation.Role.PRELIMINARY, False),
        (world.other_committee, Consultation.Role.PRELIMINARY, False),
        (world.plenum, Consultation.Role.DECISION, True),
    )
    services.remove_consultation(paper.consultations.get(position=1), by=world.officer)
    assert list(paper.consultations.values_list("organization", "position")) == [
        (world.other_committee.pk, 1),
        (world.plenum.pk, 2),
    ]
    paper = services.submit_paper(Paper.objects.get(pk=paper.pk), by=world.officer)
    with pytest.raises(TransitionRefused):
        services.remove_consultation(paper.consultations.first(), by=world.officer)


def _numbers(meeting) -> list[tuple[str, str]]:
    return [(i.number, i.name) for i in meeting.agenda_items.order_by("-public", "position")]


def test_moving_a_top_swaps_numbers_within_its_part(world):
    meeting = world.meeting()
    for name in ("A", "B"):
        services.add_agenda_item(meeting, name=name, by=world.clerk)
    services.add_agenda_item(meeting, name="geheim", public=False, by=world.clerk)
    b = meeting.agenda_items.get(name="B")
    services.move_agenda_item(b, up=True, by=world.clerk)
    assert _numbers(meeting) == [("Ö 1", "B"), ("Ö 2", "A"), ("N 1", "geheim")]
    with pytest.raises(InvalidInput, match="oben"):
        services.move_agenda_item(AgendaItem.objects.get(pk=b.pk), up=True, by=world.clerk)
    with pytest.raises(InvalidInput, match="unten"):
        services.move_agenda_item(meeting.agenda_items.get(name="geheim"), up=False, by=world.clerk)


def test_two_clerks_on_one_agenda_the_second_is_told_to_reload(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="A", by=world.clerk)
    services.add_agenda_item(meeting, name="B", by=world.clerk)
    seen = type(meeting).objects.get(pk=meeting.pk).version
    services.add_agenda_item(meeting, name="C", by=world.clerk, expected_version=seen)
    with pytest.raises(ConcurrentChange):
        services.move_agenda_item(
            meeting.agenda_items.get(name="B"), up=True, by=world.clerk, expected_version=seen
        )
    assert _numbers(meeting) == [("Ö 1", "A"), ("Ö 2", "B"), ("Ö 3", "C")]


def test_reordering_an_approved_agenda_needs_a_reason_and_is_logged(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="A", by=world.clerk)
    services.add_agenda_item(meeting, name="B", by=world.clerk)
    meeting = world.invite(meeting, begin=False)  # at the meeting it is a decision instead
    b = meeting.agenda_items.get(name="B")
    with pytest.raises(InvalidInput, match="Begründung"):
        services.move_agenda_item(b, up=True, by=world.clerk)
    services.move_agenda_item(b, up=True, by=world.clerk, amendment_reason="Gast früher da")
    assert HistoryEntry.objects.filter(
        object_id=meeting.pk,
        action=HistoryEntry.AMENDED_PUBLIC_AGENDA,
        comment__contains="Gast",
    ).exists()


def test_record_results_is_all_or_nothing(world):
    paper, item = world.scheduled()
    meeting = item.meeting
    plain = services.add_agenda_item(
        meeting, name="Mitteilungen", by=world.clerk, amendment_reason="nachgereicht"
    )
    entries = [
        services.ResultEntry(agenda_item=item, result=kind("ungeändert beschlossen")),
        services.ResultEntry(agenda_item=plain, result=kind("zur Kenntnis genommen"), votes_yes=-1),
    ]
    with pytest.raises(InvalidInput):
        services.record_results(meeting, entries=entries, by=world.clerk)
    assert AgendaItem.objects.get(pk=item.pk).result is None
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.SCHEDULED
    entries[1] = services.ResultEntry(agenda_item=plain, result=kind("zur Kenntnis genommen"))
    services.record_results(meeting, entries=entries, by=world.clerk)
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.RESOLVED


def test_transition_options_say_why_a_button_is_blocked(world):
    meeting = world.meeting()
    [option] = [
        o for o in selectors.transition_options(meeting, world.clerk) if o.name == "submit_agenda"
    ]
    assert option.blocked == "Die Tagesordnung ist leer."
    assert {o.name for o in selectors.transition_options(meeting, world.chair)} == set()
    assert "cancel" in {o.name for o in selectors.transition_options(meeting, world.clerk)}
    draft = world.draft(paper_type=paper_type("Antrag"))
    assert {o.name for o in selectors.transition_options(draft, world.officer)} == {
        "submit",
        "withdraw",
    }
