"""Freigabe and Mitzeichnung: requested on submission as the body's rule says, given by the
department heads, and required before the Sitzungsdienst can schedule."""

from __future__ import annotations

import pytest

from tests.factories import OrganizationFactory, paper_type, person_user
from workflow import services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import HistoryEntry, Membership, Organization, Paper, SignOff, SignOffRule


@pytest.fixture
def heads(world):
    """A rule for Beschlussvorlagen, the department's head, a co-responsible department."""
    SignOffRule.objects.create(body=world.body, paper_type=paper_type("Beschlussvorlage"))
    world.co_department = OrganizationFactory(
        body=world.body, name="Kämmerei", organization_type=Organization.Type.DEPARTMENT
    )
    world.head = person_user(world.body, world.department, Membership.Role.HEAD)
    world.co_head = person_user(world.body, world.co_department, Membership.Role.HEAD)
    return world


def _submitted_with_co(world) -> Paper:
    paper = world.draft()
    paper.co_organizations.set([world.co_department])
    return services.submit_paper(paper, by=world.officer)


def test_submission_requests_lead_and_co_sign_offs(heads):
    paper = _submitted_with_co(heads)
    assert {(s.organization, s.kind) for s in paper.sign_offs.all()} == {
        (heads.department, SignOff.Kind.LEAD),
        (heads.co_department, SignOff.Kind.CO),
    }


def test_paper_type_without_rule_needs_no_sign_off(heads):
    paper = services.submit_paper(heads.draft(paper_type=paper_type("Antrag")), by=heads.officer)
    assert not paper.sign_offs.exists()
    meeting = heads.meeting()
    services.add_agenda_item(meeting, paper=paper, by=heads.clerk)
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.SCHEDULED


def test_rule_without_co_requirement_asks_only_the_lead(heads):
    SignOffRule.objects.update(co_required=False)
    paper = _submitted_with_co(heads)
    assert list(paper.sign_offs.values_list("kind", flat=True)) == [SignOff.Kind.LEAD]


def test_clerk_cannot_schedule_before_every_sign_off(heads):
    paper = _submitted_with_co(heads)
    services.sign_off_paper(paper, by=heads.head)
    meeting = heads.meeting()
    with pytest.raises(TransitionRefused, match="Freigabe"):
        services.add_agenda_item(meeting, paper=paper, by=heads.clerk)
    assert not meeting.agenda_items.exists()
    services.sign_off_paper(paper, by=heads.co_head)
    services.add_agenda_item(meeting, paper=paper, by=heads.clerk)
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.SCHEDULED


def test_each_sign_off_is_a_recorded_transition(heads):
    paper = _submitted_with_co(heads)
    services.sign_off_paper(paper, by=heads.head, comment="passt")
    entry = HistoryEntry.objects.filter(object_id=paper.pk, action="sign_off").get()
    assert (entry.source_state, entry.target_state, entry.by) == (
        "submitted",
        "submitted",
        heads.head,
    )
    assert "Fachbereich" in entry.comment and "passt" in entry.comment
    given = paper.sign_offs.get(organization=heads.department)
    assert given.given_by == heads.head and given.given_at is not None


def test_refusal_needs_a_reason_and_returns_the_paper_to_draft(heads):
    paper = _submitted_with_co(heads)
    services.sign_off_paper(paper, by=heads.co_head)
    with pytest.raises(InvalidInput, match="Begründung"):
        services.refuse_sign_off(paper, by=heads.head, comment=" ")
    paper = services.refuse_sign_off(paper, by=heads.head, comment="Kosten fehlen")
    assert paper.state == Paper.State.DRAFT
    assert not paper.sign_offs.exists()
    assert HistoryEntry.objects.filter(
        object_id=paper.pk, action="refuse_sign_off", comment="Kosten fehlen"
    ).exists()
    paper = services.submit_paper(paper, by=heads.officer)
    assert paper.sign_offs.filter(given_at__isnull=True).count() == 2


@pytest.mark.parametrize("who", ["officer", "clerk", "chair", "admin", "member"])
def test_only_a_pending_department_head_signs_off(heads, who):
    paper = _submitted_with_co(heads)
    with pytest.raises(PermissionDenied):
        services.sign_off_paper(paper, by=getattr(heads, who))
    assert not paper.sign_offs.filter(given_at__isnull=False).exists()


def test_head_whose_sign_off_is_given_cannot_sign_again(heads):
    paper = _submitted_with_co(heads)
    services.sign_off_paper(paper, by=heads.head)
    with pytest.raises(PermissionDenied):
        services.sign_off_paper(paper, by=heads.head)


def test_sign_offs_survive_a_requeue_for_the_next_consultation(heads):
    paper = heads.two_step()
    services.sign_off_paper(paper, by=heads.head)
    paper, item = heads.scheduled(paper)
    paper = heads.decide(item)
    assert paper.state == Paper.State.SUBMITTED
    services.add_agenda_item(heads.meeting(heads.plenum), paper=paper, by=heads.clerk)
    assert Paper.objects.get(pk=paper.pk).state == Paper.State.SCHEDULED


def test_papers_waiting_for_a_committee_exclude_those_awaiting_sign_off(heads):
    from workflow.selectors import papers_waiting_for

    waiting = _submitted_with_co(heads)
    free = services.submit_paper(heads.draft(paper_type=paper_type("Antrag")), by=heads.officer)
    assert list(papers_waiting_for(heads.committee)) == [free]
    services.sign_off_paper(waiting, by=heads.head)
    services.sign_off_paper(waiting, by=heads.co_head)
    assert set(papers_waiting_for(heads.committee)) == {free, waiting}
    assert not papers_waiting_for(heads.plenum).exists()
