"""Änderungsanträge: filed by a member while the paper is on an agenda, registered as a
paper subordinate to it on the TOP right before it, decided before the main motion; the
main motion then records the text as decided ("geändert beschlossen")."""

from __future__ import annotations

import pytest

from tests.factories import draft_filing as draft
from tests.factories import kind
from workflow import selectors, services
from workflow.errors import InvalidInput, TransitionRefused
from workflow.models import AgendaItem, Filing, Paper

pytestmark = pytest.mark.django_db


def _amendment(council, paper: Paper, **fields) -> Filing:
    return draft(
        council,
        group=False,
        kind=Filing.Kind.AMENDMENT,
        amends=paper,
        committee=None,
        name="Radweg auch in der Nebenstraße",
        text="Im Beschlussvorschlag wird „Hauptstraße“ ersetzt durch „Haupt- und Nebenstraße“.",
        **fields,
    )


def test_an_amendment_is_decided_on_its_own_top_before_the_main_motion(council):
    world = council.world
    paper, main_item = world.scheduled()
    opening = main_item  # the paper's TOP, Ö 1 so far
    filing = services.file_filing(_amendment(council, paper), by=council.author)
    assert filing.committee == world.committee  # where the paper is decided
    amendment = services.register_filing(filing, by=world.clerk)

    assert list(amendment.superordinate_papers.all()) == [paper]
    assert amendment.name.startswith(f"Änderungsantrag zu {paper.reference}")
    amendment_item = AgendaItem.objects.get(consultation__paper=amendment)
    opening.refresh_from_db()
    assert (amendment_item.meeting, amendment_item.number, opening.number) == (
        main_item.meeting,
        "Ö 1",
        "Ö 2",
    )
    with pytest.raises(TransitionRefused, match="Zuerst die Änderungsanträge entscheiden: Ö 1"):
        services.record_result(opening, result=kind("ungeändert beschlossen"), by=world.clerk)
    services.record_result(amendment_item, result=kind("ungeändert beschlossen"), by=world.clerk)
    decided = "Der Radweg wird an der Haupt- und Nebenstraße geplant."
    services.record_result(
        opening, result=kind("geändert beschlossen"), resolution_text=decided, by=world.clerk
    )
    opening.refresh_from_db()
    assert opening.resolution_text == decided
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.RESOLVED
    assert Paper.objects.get(pk=amendment.pk).state == Paper.State.RESOLVED
    # public with the meeting's published agenda, both ways
    assert selectors.public_papers().filter(pk=amendment.pk).exists()


def test_an_amendment_needs_a_paper_on_an_agenda_that_the_author_reads(council):
    world = council.world
    waiting = world.submitted()  # not on an agenda
    with pytest.raises(InvalidInput, match="Tagesordnung"):
        _amendment(council, waiting)
    department_draft = world.draft(name="Entwurf des Fachbereichs")
    with pytest.raises(InvalidInput, match="Vorlage wählen"):
        _amendment(council, department_draft)
    with pytest.raises(InvalidInput, match="Vorlage wählen"):
        _amendment(council, None)
    assert not Filing.objects.exists()


def test_an_amendment_to_a_paper_no_longer_on_the_agenda_is_refused_at_registration(council):
    world = council.world
    paper, item = world.scheduled()
    filing = services.file_filing(_amendment(council, paper), by=council.author)
    services.record_result(item, result=kind("vertagt"), by=world.clerk)
    with pytest.raises(TransitionRefused, match="keiner Tagesordnung"):
        services.register_filing(filing, by=world.clerk)
    assert Filing.objects.get(pk=filing.pk).state == Filing.State.FILED
    assert not Paper.objects.filter(filing=filing).exists()
