"""The four documents for the seed data: Einladung, Niederschrift, Auszug of Ö 5, Vorlage."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from documents import generation
from documents.models import File
from documents.text import text_of
from workflow.demo import CONFIDENTIAL_MINUTES, CONFIDENTIAL_TITLE, SEED_MINUTES
from workflow.models import AgendaItem, Meeting, Paper
from workflow.selectors import public_agenda_items

pytestmark = pytest.mark.django_db


def _words(content: bytes) -> str:
    """The PDF's text with all whitespace (line breaks of the layout) as single spaces."""
    return " ".join(text_of(content, "application/pdf").split())


def _same(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def seed_meeting(demo) -> Meeting:
    return Meeting.objects.get(reference="SI/2024/129")


@pytest.fixture
def seed_item(seed_meeting) -> AgendaItem:
    return seed_meeting.agenda_items.get(public=True, position=5)


def test_auszug_pdf_has_every_field_of_the_seed_page(seed_item):
    document = generation.auszug(seed_item)
    text = _words(document.content)
    for field in (
        "Auszug - Sachstand Regionalmarketing",
        "SI/2024/129 Ordentliche Sitzung",
        "TOP: Ö 5",
        "Ausschuss für (eu)regionale Arbeit, Fachkräftesicherung, Bildungs- und Wissensregion",
        "Beschlussart: ungeändert beschlossen",
        "Datum: Mo, 28.10.2024",
        "Status: öffentlich",
        "Zeit: 16:00 - 17:56",
        "Anlass: Ordentliche Sitzung",
        "Raum:",
        "Ort: Parlament der DG, Eupen",
        "2024/053 Sachstand Regionalmarketing",
        "Vorlage-Art: Standardvorlage",
        "Federführend: Arbeit, Bildungs- und Wissensregion",
        "Bearbeiter/-in: Zierstedt, Björn",
        "Beschluss",
        "Kenntnisnahme",
    ):
        assert field in text, field
    for paragraph in SEED_MINUTES.split("\n\n"):
        assert _same(paragraph) in text, paragraph[:40]
    assert "Parlament der DG" in text and "Seite 1 von 1" in text
    assert document.file_name == "auszug-SI-2024-129-Ö-5.pdf"


def test_documents_are_reproducible(seed_item, seed_meeting, settings):
    settings.DOCUMENTS_MEMOIZE = False  # render and read each time, as production does
    assert generation.auszug(seed_item).content == generation.auszug(seed_item).content
    paper = seed_item.consultation.paper
    assert generation.paper_document(paper).content == generation.paper_document(paper).content
    first = generation.minutes(seed_meeting, confidential=True).content
    assert _words(first) == _words(generation.minutes(seed_meeting, confidential=True).content)


def test_seed_meeting_has_its_einladung_and_niederschrift(seed_meeting):
    files = {(f.role, f.confidential): f for f in seed_meeting.files.select_related("current")}
    assert set(files) == {
        (File.Role.INVITATION, False),
        (File.Role.INVITATION, True),
        (File.Role.RESULTS_PROTOCOL, False),
        (File.Role.RESULTS_PROTOCOL, True),
    }
    public_minutes = _words(
        default_storage.open(files[File.Role.RESULTS_PROTOCOL, False].current.blob.name).read()
    )
    full_minutes = _words(
        default_storage.open(files[File.Role.RESULTS_PROTOCOL, True].current.blob.name).read()
    )
    for paragraph in SEED_MINUTES.split("\n\n"):
        assert _same(paragraph) in public_minutes
    assert "Ö 5 Sachstand Regionalmarketing" in public_minutes
    assert CONFIDENTIAL_MINUTES not in public_minutes and CONFIDENTIAL_TITLE not in public_minutes
    assert CONFIDENTIAL_MINUTES in full_minutes and CONFIDENTIAL_TITLE in full_minutes
    einladung = _words(
        default_storage.open(files[File.Role.INVITATION, False].current.blob.name).read()
    )
    assert "Einladung" in einladung and "SI/2024/129" in einladung and "Mo, 28.10.2024" in einladung
    assert "Ö 5 Sachstand Regionalmarketing" in einladung
    assert CONFIDENTIAL_TITLE not in einladung
    assert files[File.Role.RESULTS_PROTOCOL, True].frozen


def test_recommendation_of_a_vorberatung_does_not_read_as_a_decision(demo):
    item = (
        public_agenda_items()
        .filter(consultation__authoritative=False, result__isnull=False)
        .first()
    )
    text = _words(generation.auszug(item).content)
    assert "Beschlussempfehlung" in text
    assert "Empfehlung (Beschlussart):" in text
    assert "kein Beschluss" in text


def test_vorlage_pdf_has_its_data_and_beratungsfolge(seed_item):
    paper: Paper = seed_item.consultation.paper
    text = _words(generation.paper_document(paper, agenda_items=public_agenda_items()).content)
    assert "2024/053" in text and "Sachstand Regionalmarketing" in text
    assert "Beratungsfolge" in text
    assert "SI/2024/129" in text and "ungeändert beschlossen" in text
    assert "Zierstedt, Björn" in text


def test_draft_minutes_say_they_are_a_draft(world):
    _paper, item = world.scheduled()
    world.decide(item)
    text = _words(generation.minutes(item.meeting, confidential=True).content)
    assert "Entwurf – noch nicht genehmigt" in text


def test_seed_minutes_say_who_was_there_that_it_could_decide_and_how(seed_meeting):
    text = _words(generation.minutes(seed_meeting, confidential=False).content)
    for words in (
        "Anwesenheit",
        "Anwesend: Anna Lenz",
        "Eva Wetzel (für Miriam Franzen)",
        "Entschuldigt: Miriam Franzen; Stefan Lambertz",
        "Gäste und Verwaltung: Björn Zierstedt, Arbeit, Bildungs- und Wissensregion",
        "Frau Thönnissen, Regionales Aus- und Weiterbildungszentrum (RAZV)",
        "Die Beschlussfähigkeit wurde festgestellt: 6 von 7 stimmberechtigten Mitgliedern",
        "Abstimmungsergebnis: einstimmig bei 1 Enthaltung",
        "Zeit: 16:00 - 17:56 Uhr",
        "Ende der Sitzung: 17:56 Uhr",
    ):
        assert words in text, words
    assert "beruflich verhindert" not in text  # the internal note
    assert CONFIDENTIAL_TITLE not in text


def test_excluded_member_is_named_in_minutes_and_auszug(seed_meeting, seed_item):
    from workflow import services
    from workflow.models import Person

    meeting = Meeting.objects.get(pk=seed_meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    person = Person.objects.get(family_name="Käser")
    clerk = File._meta.apps.get_model("auth", "User").objects.get(username="sitzungsdienst")
    services.declare_exclusion(seed_item, person=person, by=clerk, reason="Vorstand im RAZV")
    sentence = "Herr Käser nahm wegen Befangenheit an Beratung und Abstimmung nicht teil."
    minutes = _words(generation.minutes(meeting, confidential=False).content)
    auszug = _words(generation.auszug(seed_item).content)
    assert sentence in minutes and sentence in auszug
    assert "Vorstand im RAZV" not in minutes + auszug
