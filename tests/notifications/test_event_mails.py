"""Every mail names the meeting, TOP and Beschlussart of its own event, however much has
happened since (a digest is rendered the next morning; a queued mail after a retry), and the
event's handlers run in their documented order (``workflow.events.ORDER``)."""

from __future__ import annotations

from django.utils import timezone

from notifications.models import Notification, Subscription
from notifications.rendering import render
from workflow import events, services
from workflow.models import Consultation, Meeting

K = Notification.Kind


def _follow(world, **target) -> str:
    ((what, subject),) = target.items()
    address = f"{what}-{subject.pk}@example.org"
    Subscription.objects.create(
        email=address,
        target=Subscription.Target.PAPER if "paper" in target else Subscription.Target.ORGANIZATION,
        target_key=address,
        token=f"token-{what}-{subject.pk}",
        confirmed_at=timezone.now(),
        **target,
    )
    return address


def _mails(kind_: str, email: str) -> list[str]:
    """The rendered mails of one kind to one address, oldest first (subject and body)."""
    found = Notification.objects.filter(kind=kind_, email=email).order_by("pk")
    return [f"{m.subject}\n{m.body}" for m in map(render, found)]


def test_two_committee_flow_every_mail_names_its_own_meeting_top_and_result(world):
    # each result told as it is recorded (otherwise the subscribers hear at the close)
    world.body.publish_results_at_once = True
    world.body.save(update_fields=["publish_results_at_once"])
    paper = world.submitted(
        (world.committee, Consultation.Role.PRELIMINARY, False),
        (world.plenum, Consultation.Role.DECISION, True),
        name="Radverkehrskonzept",
    )
    paper_follower = _follow(world, paper=paper)
    plenum_follower = _follow(world, organization=world.plenum)
    committee_meeting = world.meeting()
    services.add_agenda_item(committee_meeting, name="Vorweg", by=world.clerk)
    first = services.add_agenda_item(committee_meeting, paper=paper, by=world.clerk)
    world.invite(committee_meeting)
    world.decide(first, "ungeändert beschlossen")
    plenum_meeting = world.meeting(world.plenum)
    second = services.add_agenda_item(plenum_meeting, paper=paper, by=world.clerk)
    world.invite(plenum_meeting)
    world.decide(second, "geändert beschlossen")
    committee_meeting.refresh_from_db()
    plenum_meeting.refresh_from_db()
    officer = world.officer.email

    # Rendered only now, after everything: each still names its own event.
    scheduled = _mails(K.PAPER_SCHEDULED, officer)
    assert len(scheduled) == 2
    assert f"({committee_meeting.reference} Ö 2)" in scheduled[0]
    assert f"({plenum_meeting.reference} Ö 1)" in scheduled[1]
    (recommended,) = _mails(K.PAPER_RECOMMENDED, officer)
    assert "Beschlussempfehlung (ungeändert beschlossen)" in recommended
    assert (
        committee_meeting.reference in recommended and plenum_meeting.reference not in recommended
    )
    # the Vorberatung over, the Sitzungsdienst is told the paper waits for the Plenum
    (ready,) = _mails(K.PAPER_READY, world.clerk.email)
    assert "die Vorberatung in Ausschuss I ist abgeschlossen" in ready
    assert committee_meeting.reference in ready and plenum_meeting.reference not in ready
    (resolved,) = _mails(K.PAPER_RESOLVED, officer)
    assert "Erledigt (geändert beschlossen)" in resolved and plenum_meeting.reference in resolved

    follower_results = _mails(K.PUBLIC_RESULT, paper_follower)
    assert len(follower_results) == 2
    assert committee_meeting.reference in follower_results[0]
    assert "Beschlussempfehlung" in follower_results[0]
    assert plenum_meeting.reference in follower_results[1]
    assert "geändert beschlossen" in follower_results[1]
    (plenum_result,) = _mails(K.PUBLIC_RESULT, plenum_follower)
    assert plenum_meeting.reference in plenum_result and "geändert beschlossen" in plenum_result


def test_a_deferral_names_the_meeting_that_deferred_after_the_paper_moved_on(world):
    paper, item = world.scheduled()
    world.decide(item, "vertagt")
    later = world.meeting()
    later_item = services.add_agenda_item(later, paper=paper, by=world.clerk)
    world.invite(later)
    world.decide(later_item, "ungeändert beschlossen")
    (deferred,) = _mails(K.PAPER_DEFERRED, world.officer.email)
    assert deferred.startswith("Vertagt: ")
    assert item.meeting.reference in deferred and later.reference not in deferred
    (resolved,) = _mails(K.PAPER_RESOLVED, world.officer.email)
    assert later.reference in resolved


def test_the_documents_step_runs_before_the_outbox_so_mails_link_their_einladung(world):
    """``ORDER`` puts documents before the outbox: the invitation names the Einladung the
    same event made, and an amendment's mail the version the amendment made, while the
    first invitation keeps naming the version that went out."""
    assert events.ORDER.index("documents") < events.ORDER.index("outbox")
    _paper, item = world.scheduled()
    meeting = item.meeting
    (invitation,) = Notification.objects.filter(kind=K.INVITATION, email=world.member.email)
    einladung = meeting.files.get(role="invitation", confidential=True)
    assert (invitation.context["document"], invitation.context["version"]) == (einladung.pk, 1)
    assert f"/dokumente/{einladung.pk}/fassung/1/" in render(invitation).body
    services.add_agenda_item(
        meeting, name="Nachtrag Schulbau", amendment_reason="eilig", by=world.clerk
    )
    (amended,) = Notification.objects.filter(kind=K.AGENDA_AMENDED, email=world.member.email)
    assert amended.context["version"] == 2
    assert f"/dokumente/{einladung.pk}/fassung/2/" in render(amended).body
    assert f"/dokumente/{einladung.pk}/fassung/1/" in render(invitation).body


def test_subscribers_are_linked_to_the_public_einladung_only(world):
    follower = _follow(world, organization=world.committee)
    _paper, item = world.scheduled()
    (mail,) = Notification.objects.filter(kind=K.PUBLIC_AGENDA, email=follower)
    public = item.meeting.files.get(role="invitation", confidential=False)
    assert mail.context["document"] == public.pk


def test_a_missing_handler_stops_the_dispatch_instead_of_skipping_a_step(world, monkeypatch):
    meeting = world.meeting()
    services.add_agenda_item(meeting, name="Bericht", by=world.clerk)
    monkeypatch.delitem(events._handlers, "documents")
    try:
        services.submit_agenda(meeting, by=world.clerk)
    except RuntimeError as error:
        assert "documents" in str(error)
    else:
        raise AssertionError("dispatched without the documents step")
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.PLANNED
