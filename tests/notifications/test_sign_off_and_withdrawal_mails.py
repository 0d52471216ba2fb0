"""The mails of the Freigabe (asked, given, refused, all given) and of a paper withdrawn
while it waits on an agenda (mail, mark on the agenda, the Einladung's next version)."""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Notification
from notifications.rendering import render
from tests.workflow.test_sign_off import _submitted_with_co, heads  # noqa: F401 (fixture)
from workflow import services

K = Notification.Kind


def _to(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("email", flat=True))


def _body(kind: str, email: str) -> str:
    return render(Notification.objects.get(kind=kind, email=email)).body


def test_submission_asks_each_head_and_tells_the_clerks_only_when_schedulable(heads):  # noqa: F811
    world = heads
    paper = _submitted_with_co(world)
    assert _to(K.SIGN_OFF_REQUESTED) == {world.head.email, world.co_head.email}
    assert paper.reference in _body(K.SIGN_OFF_REQUESTED, world.co_head.email)
    assert world.clerk.email not in _to(K.PAPER_SUBMITTED), "not schedulable yet"
    assert world.officer.email in _to(K.PAPER_SUBMITTED)

    services.sign_off_paper(paper, by=world.head, comment="passt")
    assert world.officer.email in _to(K.SIGN_OFF_GIVEN)
    assert "passt" in _body(K.SIGN_OFF_GIVEN, world.officer.email)
    assert not _to(K.PAPER_READY), "the Mitzeichnung is still awaited"
    services.sign_off_paper(paper, by=world.co_head)
    assert _to(K.PAPER_READY) == {world.clerk.email}
    assert paper.reference in _body(K.PAPER_READY, world.clerk.email)


def test_without_a_freigabe_rule_the_clerks_hear_of_the_submission_at_once(world):
    world.submitted()
    assert world.clerk.email in _to(K.PAPER_SUBMITTED)
    assert not _to(K.SIGN_OFF_REQUESTED)


def test_a_refused_freigabe_tells_the_papers_side_the_reason(heads):  # noqa: F811
    world = heads
    paper = _submitted_with_co(world)
    services.refuse_sign_off(paper, by=world.head, comment="Kosten fehlen")
    assert world.officer.email in _to(K.SIGN_OFF_REFUSED)
    assert "Kosten fehlen" in _body(K.SIGN_OFF_REFUSED, world.officer.email)


def test_a_paper_withdrawn_from_a_sent_agenda_is_told_marked_and_in_the_einladung(client, world):
    paper, item = world.scheduled()
    meeting = item.meeting
    einladung = meeting.files.get(role="invitation", confidential=False)
    services.withdraw_paper(paper, by=world.officer, comment="erledigt sich")
    told = _to(K.PAPER_WITHDRAWN)
    assert {world.clerk.email, world.chair.email, world.member.email} <= told
    body = _body(K.PAPER_WITHDRAWN, world.clerk.email)
    assert f"{meeting.reference}" in body and item.number in body and "erledigt sich" in body
    einladung.refresh_from_db()
    assert einladung.current.number == 2
    assert "zurückgezogen" in einladung.current.text
    page = client.get(reverse("portal:meeting", args=[meeting.pk])).content.decode()
    assert "zurückgezogen" in page
    client.force_login(world.clerk)
    page = client.get(reverse("staff:meeting", args=[meeting.pk])).content.decode()
    assert "– zurückgezogen" in page


def test_a_paper_withdrawn_before_any_agenda_tells_no_meeting(world):
    paper = world.submitted()
    services.withdraw_paper(paper, by=world.officer)
    assert not _to(K.PAPER_WITHDRAWN)


def test_the_chairs_approval_mail_counts_the_non_public_part_without_naming_it(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    services.add_agenda_item(meeting, name="Grundstücksgeschäft", public=False, by=world.clerk)
    services.submit_agenda(meeting, by=world.clerk)
    body = _body(K.AGENDA_SUBMITTED, world.chair.email)
    assert "Nichtöffentlicher Teil: 1 TOP," in body
    assert "Grundstücksgeschäft" not in body
