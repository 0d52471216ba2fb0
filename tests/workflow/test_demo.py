from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from workflow.demo import CONFIDENTIAL_TITLE, SEED_MINUTES, load_demo
from workflow.models import AgendaItem, HistoryEntry, Meeting, Paper
from workflow.selectors import AUSZUG_RELATIONS

SEED_PAGE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "auszug-example.txt"


def snapshot() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "workflow",
        "auth.user",
        "auth.group",
        "guardian",
        exclude=["auth.permission", "contenttypes"],
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_database():
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert Paper.objects.count() >= 7


@pytest.mark.django_db
def test_demo_contains_the_seed_auszug_exactly(clock):
    clock.travel(datetime.datetime(2026, 11, 25, 8, tzinfo=datetime.UTC))
    load_demo(today=datetime.date(2026, 11, 25))
    item = AgendaItem.objects.select_related(*AUSZUG_RELATIONS).get(
        meeting__reference="SI/2024/129", public=True, position=5
    )
    meeting, paper = item.meeting, item.consultation.paper
    assert item.number == "Ö 5"
    assert meeting.body.name == "Parlament der DG"
    assert meeting.name == "Ordentliche Sitzung"
    assert meeting.organization.name == (
        "Ausschuss für (eu)regionale Arbeit, Fachkräftesicherung, Bildungs- und Wissensregion"
    )
    local = meeting.start.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    assert (local.strftime("%d.%m.%Y %H:%M"), f"{meeting.end.astimezone(local.tzinfo):%H:%M}") == (
        "28.10.2024 16:00",
        "18:00",
    )  # as invited; it actually ended at 17:56, the time the seed's Auszug prints
    assert (
        f"{meeting.held_start.astimezone(local.tzinfo):%H:%M}",
        f"{meeting.held_end.astimezone(local.tzinfo):%H:%M}",
    ) == ("16:00", "17:56")
    created = HistoryEntry.objects.get(
        content_type__model="meeting", object_id=meeting.pk, action=HistoryEntry.CREATED
    )
    assert created.comment == "nachträglich erfasst"
    assert meeting.location.room == meeting.location.description == "Parlament der DG, Eupen"
    assert (paper.reference, paper.name) == ("2024/053", "Sachstand Regionalmarketing")
    assert paper.paper_type.name == "Standardvorlage"
    assert paper.lead_organization.name == "Arbeit, Bildungs- und Wissensregion"
    assert paper.officer.sort_name == "Zierstedt, Björn"
    assert item.result.name == "ungeändert beschlossen"
    assert item.resolution_text == "Kenntnisnahme"
    assert item.minutes_text == SEED_MINUTES
    assert paper.state == Paper.State.RESOLVED
    if SEED_PAGE.exists():  # the shared seed page sits beside the checkout
        page = SEED_PAGE.read_text(encoding="utf-8")
        for paragraph in SEED_MINUTES.split("\n\n"):
            assert paragraph in page


@pytest.mark.django_db
def test_demo_has_every_state_a_non_public_top_and_real_history(clock):
    clock.travel(datetime.datetime(2026, 11, 25, 8, tzinfo=datetime.UTC))
    load_demo(today=datetime.date(2026, 11, 25))
    paper_states = set(Paper.objects.values_list("state", flat=True))
    assert paper_states >= {"draft", "submitted", "scheduled", "resolved", "withdrawn"}
    meeting_states = set(Meeting.objects.values_list("state", flat=True))
    assert meeting_states >= {
        "planned",
        "agenda_submitted",
        "invited",
        "minutes_approved",
        "cancelled",
    }
    assert AgendaItem.objects.filter(public=False, name=CONFIDENTIAL_TITLE).exists()
    assert HistoryEntry.objects.filter(action="approve_minutes").exists()


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_state_diagrams_in_docs_are_generated_from_the_code():
    from workflow.diagrams import document

    path = Path(__file__).resolve().parents[2] / "docs" / "state-machines.md"
    assert path.read_text(encoding="utf-8") == document(), "run `make diagrams`"


@pytest.mark.django_db
def test_demo_has_the_council_side(client, clock):
    """A Fraktion's Antrag registered and on the Plenum's published agenda, a draft with an
    open request to co-sign, an Anfrage answered and public with its Antwort (portal and
    OParl), one still open, and the Plenum's meeting with an Absage and its deputy asked."""
    from workflow.models import CoSignature, Filing, InvitationReply

    load_demo()
    motion = Filing.objects.get(group__name="Fraktion Zukunft")
    assert motion.state == Filing.State.REGISTERED and motion.paper.paper_type.name == "Antrag"
    assert motion.paper.state == Paper.State.SCHEDULED
    page = client.get(f"/buergerinfo/vorlage/{motion.paper_id}/").content.decode()
    assert "Fraktion Zukunft" in page and motion.text in page
    oparl = client.get(f"/oparl/v1/paper/{motion.paper_id}").json()
    assert oparl["originatorOrganization"] and oparl["originatorPerson"]
    amendment = Filing.objects.get(kind=Filing.Kind.AMENDMENT)
    assert "Änderungsanträge" in page and amendment.paper.reference in page
    assert oparl["subordinatedPaper"] == [f"http://testserver/oparl/v1/paper/{amendment.paper_id}"]
    absage = InvitationReply.objects.get(answer=InvitationReply.Answer.DECLINED)
    deputy = InvitationReply.objects.get(stands_in_for=absage.person)
    assert (absage.person.family_name, deputy.person.family_name) == ("Hilgers", "Wetzel")
    assert (
        absage.reason
        not in client.get(f"/buergerinfo/sitzung/{absage.meeting_id}/").content.decode()
    )
    draft = Filing.objects.get(state=Filing.State.DRAFT)
    assert draft.co_signatures.get().answer == CoSignature.Answer.INVITED
    answered = Filing.objects.get(state=Filing.State.ANSWERED)
    page = client.get(f"/buergerinfo/vorlage/{answered.paper_id}/").content.decode()
    assert answered.answer in page and "Hilgers, Jana" not in page
    assert "Jana Hilgers" in page  # the Antragstellerin
    oparl = client.get(f"/oparl/v1/paper/{answered.paper_id}").json()
    assert oparl["paperType"] == "Anfrage" and oparl["originatorPerson"]
    assert oparl["ratsflow:answer"] == answered.answer
    open_question = Filing.objects.get(kind=Filing.Kind.QUESTION, state=Filing.State.REGISTERED)
    assert client.get(f"/buergerinfo/vorlage/{open_question.paper_id}/").status_code == 404
    assert client.get(f"/arbeitsplatz/antraege/{draft.pk}/").status_code == 302  # login first
