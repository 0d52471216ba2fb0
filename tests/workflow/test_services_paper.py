from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import kind
from workflow import selectors, services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import Consultation, Meeting, Paper

S = Paper.State


def history(obj) -> list[tuple[str, str, str]]:
    """The Verlauf as the selectors give it to a superuser (who reads all of it)."""
    reader = get_user_model().objects.get(username="root")
    return [
        (entry.action, entry.source_state, entry.target_state)
        for entry in selectors.history(obj, user=reader)
    ]


def test_seed_path_draft_to_resolved_ungeaendert_beschlossen(world):
    paper = world.draft()
    assert paper.reference.endswith("/001") and paper.state == S.DRAFT
    paper = services.submit_paper(paper, by=world.officer)
    paper, item = world.scheduled(paper)
    assert paper.state == S.SCHEDULED and item.number == "Ö 1"
    paper = world.decide(item, resolution_text="Kenntnisnahme", minutes_text="Frau T. berichtet.")
    assert paper.state == S.RESOLVED
    assert item.resolution_heading == "Beschluss"
    assert [t for t, _, _ in history(paper)] == [
        "create",
        "submit",
        "schedule",
        "discuss",
        "resolve",
    ]
    assert history(paper)[-1][1:] == ("discussed", "resolved")


def test_two_committee_beratungsfolge_vorberatung_then_entscheidung(world):
    paper = world.two_step()
    paper, first = world.scheduled(paper)
    assert first.meeting.organization == world.committee
    paper = world.decide(first)
    assert paper.state == S.SUBMITTED, "after the Vorberatung it waits for the plenum"
    assert first.is_recommendation and first.resolution_heading == "Beschlussempfehlung"
    assert paper.current_consultation().organization == world.plenum
    paper, second = world.scheduled(paper)
    assert second.meeting.organization == world.plenum
    paper = world.decide(second)
    assert paper.state == S.RESOLVED
    assert not second.is_recommendation


def test_deferral_returns_paper_to_submitted_and_it_can_be_rescheduled(world):
    paper, item = world.scheduled()
    paper = world.decide(item, "vertagt")
    assert paper.state == S.SUBMITTED
    assert paper.current_consultation() == item.consultation
    paper, again = world.scheduled(paper)
    assert again.consultation == item.consultation
    assert world.decide(again).state == S.RESOLVED
    assert item.consultation.agenda_items.order_by("-meeting__start", "-pk").first() == again


def test_referral_keeps_consultation_open(world):
    paper, item = world.scheduled()
    paper = world.decide(item, "verwiesen")
    assert paper.state == S.SUBMITTED and paper.has_open_consultation()


def test_withdrawal_result_withdraws_paper(world):
    _paper, item = world.scheduled()
    assert world.decide(item, "zurückgezogen").state == S.WITHDRAWN


def test_kenntnisnahme_of_deciding_consultation_resolves(world):
    paper = world.submitted((world.committee, Consultation.Role.INFORMATION, True))
    paper, item = world.scheduled(paper)
    assert world.decide(item, "zur Kenntnis genommen").state == S.RESOLVED


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_lead", "kein federführendes Amt"),
        ("no_consultation", "keine Beratungsfolge"),
        ("no_authoritative", "Genau eine Beratung"),
        ("authoritative_not_last", "Genau eine Beratung"),
    ],
)
def test_submit_refused_without_required_data(world, setup, message):
    R = Consultation.Role
    if setup == "no_lead":
        paper = world.draft(lead=None)
    elif setup == "no_consultation":
        paper = world.draft()
        paper.consultations.all().delete()
    elif setup == "no_authoritative":
        paper = world.draft((world.committee, R.PRELIMINARY, False))
    else:
        paper = world.draft(
            (world.plenum, R.DECISION, True), (world.committee, R.INFORMATION, False)
        )
        # add_consultation puts new steps before the deciding one; move this one after it
        Consultation.objects.filter(paper=paper, authoritative=False).update(position=9)
    with pytest.raises(TransitionRefused, match=message):
        services.submit_paper(paper, by=world.officer)
    paper.refresh_from_db()
    assert paper.state == S.DRAFT and history(paper) == [("create", "", "draft")]


def _mitteilung(world):
    """A Mitteilungsvorlage as a new user writes it: no step yet, nothing ticked."""
    paper = world.draft()
    paper.consultations.all().delete()
    return paper


def test_kenntnisnahme_added_as_the_only_step_decides_unless_told(world):
    paper = _mitteilung(world)
    step = services.add_consultation(
        paper, organization=world.committee, role=Consultation.Role.INFORMATION, by=world.officer
    )
    assert step.authoritative
    assert services.submit_paper(paper, by=world.officer).state == S.SUBMITTED


def test_kenntnisnahme_before_the_deciding_step_is_only_a_step(world):
    paper = _mitteilung(world)
    services.add_consultation(
        paper, organization=world.plenum, role=Consultation.Role.DECISION, by=world.officer
    )
    before = services.add_consultation(
        paper, organization=world.committee, role=Consultation.Role.INFORMATION, by=world.officer
    )
    assert not before.authoritative and before.position == 1
    assert services.submit_paper(paper, by=world.officer).state == S.SUBMITTED


@pytest.mark.parametrize("role", [Consultation.Role.PRELIMINARY, Consultation.Role.INFORMATION])
def test_a_step_told_not_to_decide_does_not_and_submit_says_what_to_tick(world, role):
    paper = _mitteilung(world)
    step = services.add_consultation(
        paper, organization=world.committee, role=role, authoritative=False, by=world.officer
    )
    assert not step.authoritative
    with pytest.raises(TransitionRefused, match="mit dem Häkchen „entscheidet“"):
        services.submit_paper(paper, by=world.officer)


def test_vorberatung_added_alone_does_not_decide(world):
    paper = _mitteilung(world)
    step = services.add_consultation(
        paper, organization=world.committee, role=Consultation.Role.PRELIMINARY, by=world.officer
    )
    assert not step.authoritative


def test_outsider_cannot_submit_or_withdraw(world):
    paper = world.draft()
    with pytest.raises(PermissionDenied):
        services.submit_paper(paper, by=world.outsider)
    with pytest.raises(PermissionDenied):
        services.withdraw_paper(paper, by=world.outsider)


def test_member_of_lead_department_may_submit(world):
    from tests.factories import person_user

    colleague = person_user(world.body, world.department)
    assert services.submit_paper(world.draft(), by=colleague).state == S.SUBMITTED


def test_only_permitted_users_create_papers(world):
    with pytest.raises(PermissionDenied):
        services.create_paper(
            body=world.body, name="x", paper_type=world.draft().paper_type, by=world.outsider
        )


def test_references_count_per_year_and_explicit_reference_moves_counter(world):
    import datetime

    first = world.draft(reference="2024/053")
    assert first.reference == "2024/053"
    later = world.draft(date=datetime.date(2024, 12, 1))
    assert later.reference == "2024/054"
    with pytest.raises(InvalidInput, match="schon vergeben"):
        world.draft(reference="2024/053")


def test_schedule_refused_on_other_committees_meeting(world):
    paper = world.submitted()
    meeting = world.meeting(world.other_committee)
    with pytest.raises(InvalidInput, match="als Nächstes in Ausschuss I"):
        services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    paper.refresh_from_db()
    assert paper.state == S.SUBMITTED
    assert not meeting.agenda_items.exists(), "nothing half-written"


def test_schedule_refused_for_draft_and_twice(world):
    meeting = world.meeting()
    with pytest.raises(TransitionRefused, match="Entwurf"):
        services.add_agenda_item(meeting, paper=world.draft(), by=world.clerk)
    paper = world.submitted()
    services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    with pytest.raises(TransitionRefused, match="auf Tagesordnung"):
        services.add_agenda_item(meeting, paper=paper, by=world.clerk)


def test_clerk_of_other_committee_cannot_schedule(world):
    from tests.factories import UserFactory, grant

    clerk_b = UserFactory()
    grant(clerk_b, "manage_meetings", obj=world.other_committee)
    meeting = world.meeting()
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(meeting, paper=world.submitted(), by=clerk_b)
    clerk_a = UserFactory()
    grant(clerk_a, "manage_meetings", obj=world.committee)
    services.add_agenda_item(meeting, paper=world.submitted(), by=clerk_a)


@pytest.mark.parametrize("state", ["draft", "submitted", "scheduled"])
def test_withdraw_before_resolution(world, state):
    paper = {"draft": world.draft, "submitted": world.submitted}.get(state, lambda: None)()
    if paper is None:
        paper, _item = world.scheduled()
    assert services.withdraw_paper(paper, by=world.officer).state == S.WITHDRAWN


def test_resolved_and_withdrawn_papers_never_change(world):
    paper, item = world.scheduled()
    paper = world.decide(item)
    for action in (services.withdraw_paper, services.submit_paper):
        with pytest.raises(TransitionRefused, match="erledigt"):
            action(paper, by=world.officer)
    with pytest.raises(TransitionRefused):
        services.add_consultation(
            paper, organization=world.plenum, role=Consultation.Role.DECISION, by=world.clerk
        )


def test_result_kind_cannot_change_once_applied_but_texts_can(world):
    _paper, item = world.scheduled()
    world.decide(item)
    with pytest.raises(TransitionRefused, match="schon auf die Vorlage angewendet"):
        services.record_result(item, result=kind("abgelehnt"), by=world.clerk)
    services.record_result(
        item, result=kind("ungeändert beschlossen"), minutes_text="korrigiert", by=world.clerk
    )
    item.refresh_from_db()
    assert item.minutes_text == "korrigiert"


def test_result_refused_before_invitation_and_for_non_clerks(world):
    paper = world.submitted()
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, paper=paper, by=world.clerk)
    with pytest.raises(TransitionRefused, match="nach der Einladung"):
        services.record_result(item, result=kind("vertagt"), by=world.clerk)
    world.invite(meeting)
    for user in (world.chair, world.member, world.outsider):
        with pytest.raises(PermissionDenied):
            services.record_result(item, result=kind("vertagt"), by=user)
    with pytest.raises(InvalidInput, match="negativ"):
        services.record_result(item, result=kind("vertagt"), votes_no=-1, by=world.clerk)


def test_result_on_withdrawn_papers_top_is_recorded_without_moving_it(world):
    paper, item = world.scheduled()
    services.withdraw_paper(paper, by=world.officer)
    services.record_result(item, result=kind("zurückgezogen"), by=world.clerk)
    paper.refresh_from_db()
    assert paper.state == S.WITHDRAWN
    meeting = services.close_meeting(item.meeting, by=world.clerk)
    assert meeting.state == Meeting.State.HELD


def test_clerk_inserts_consultation_after_referral(world):
    paper, item = world.scheduled()
    paper = world.decide(item, "verwiesen")
    services.add_consultation(
        paper,
        organization=world.other_committee,
        role=Consultation.Role.PRELIMINARY,
        position=1,
        by=world.clerk,
    )
    assert paper.current_consultation().organization == world.other_committee
    assert list(paper.consultations.values_list("position", "organization__name")) == [
        (1, "Ausschuss II"),
        (2, "Ausschuss I"),
    ]


def test_consultation_cannot_be_inserted_before_scheduled_step(world):
    paper, _item = world.scheduled()
    with pytest.raises(InvalidInput, match="frühestens an Position 2"):
        services.add_consultation(
            paper,
            organization=world.other_committee,
            role=Consultation.Role.PRELIMINARY,
            position=1,
            by=world.clerk,
        )
    with pytest.raises(InvalidInput, match="schon eine entscheidende"):
        services.add_consultation(
            paper,
            organization=world.plenum,
            role=Consultation.Role.DECISION,
            position=2,
            by=world.clerk,
        )
    assert paper.consultations.count() == 1
