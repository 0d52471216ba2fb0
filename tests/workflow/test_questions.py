"""Anfragen of members and their Antworten: the department named at registration answers
by the body's period, is reminded before the due date and the day after, the Sitzungsdienst
sees what is overdue, the askers get the Antwort by mail; a public Anfrage is published with
its Antwort, a non-public one reaches nobody outside its circle."""

from __future__ import annotations

import datetime

import pytest

from notifications.models import Notification
from notifications.reminders import send_reminders
from notifications.rendering import render
from tests.factories import at, person_user
from tests.factories import draft_filing as draft
from workflow import selectors, services
from workflow.errors import InvalidInput, PermissionDenied, TransitionRefused
from workflow.models import Filing, Membership, Paper

pytestmark = pytest.mark.django_db

K = Notification.Kind


def _asked(council, *, public: bool = True) -> Filing:
    question = draft(
        council,
        group=False,
        kind=Filing.Kind.QUESTION,
        name="Schulbusse im Winter",
        text="Wie viele Fahrten fielen aus?",
        public=public,
    )
    return services.file_filing(question, by=council.author)


def _registered(council, *, public: bool = True) -> tuple[Filing, Paper]:
    filing = _asked(council, public=public)
    paper = services.register_filing(
        filing, by=council.world.clerk, answering_organization=council.world.department
    )
    return Filing.objects.get(pk=filing.pk), paper


def test_a_question_answered_late_reminds_is_listed_overdue_and_mails_the_answer(council, clock):
    world = council.world
    clock.travel(at(2))
    filing, paper = _registered(council)
    assert (paper.paper_type.name, paper.lead_organization) == ("Anfrage", world.department)
    assert paper.statement == "Wie viele Fahrten fielen aus?"
    assert filing.answer_due == datetime.date(2030, 11, 30)  # the body's 28 days
    assert [c.get_role_display() for c in paper.consultations.all()] == ["Kenntnisnahme"]
    assert selectors.questions_to_answer(world.officer) == [filing]
    assert not selectors.public_papers().filter(pk=paper.pk).exists()

    officer_reminders = Notification.objects.filter(kind=K.ANSWER_REMINDER, user=world.officer)
    send_reminders(datetime.date(2030, 11, 22))  # eight days before: nothing yet
    assert not officer_reminders.exists()
    send_reminders(datetime.date(2030, 11, 23))  # seven days before
    send_reminders(datetime.date(2030, 11, 23))  # twice a day reminds once
    assert officer_reminders.count() == 1
    assert "Fällig am 30.11.2030" in render(officer_reminders.get()).subject
    assert selectors.overdue_questions(world.clerk, datetime.date(2030, 11, 30)) == []
    assert selectors.overdue_questions(world.clerk, datetime.date(2030, 12, 1)) == [filing]
    assert selectors.overdue_questions(world.outsider, datetime.date(2030, 12, 1)) == []
    send_reminders(datetime.date(2030, 12, 1))  # the day after
    overdue = officer_reminders.order_by("-pk").first()
    assert officer_reminders.count() == 2 and "Überfällig" in render(overdue).subject

    clock.travel(at(3, month=12))
    with pytest.raises(PermissionDenied):
        services.answer_question(filing, answer="Zwölf.", by=world.clerk)
    with pytest.raises(TransitionRefused):
        services.answer_question(filing, answer="   ", by=world.officer)
    filing = services.answer_question(
        filing, answer="Es fielen zwölf Fahrten aus.", by=world.officer
    )
    assert filing.state == Filing.State.ANSWERED
    assert selectors.overdue_questions(world.clerk, datetime.date(2030, 12, 4)) == []
    assert selectors.public_papers().filter(pk=paper.pk).exists()  # published with its answer
    mail = render(Notification.objects.get(kind=K.QUESTION_ANSWERED, user=council.author))
    assert "Es fielen zwölf Fahrten aus." in mail.body
    assert "fällig war sie am 30.11.2030" in mail.body
    to = set(Notification.objects.filter(kind=K.QUESTION_ANSWERED).values_list("email", flat=True))
    assert to == {council.author.email, world.clerk.email}


def test_a_non_public_question_reaches_only_its_circle(council):
    world = council.world
    filing, paper = _registered(council, public=False)
    committee_member = person_user(world.body, world.committee, Membership.Role.MEMBER)
    circle = {council.author, world.officer, world.clerk}
    outside = {
        world.chair,
        committee_member,
        council.group_member,
        council.other_group_member,
        world.other_chair,
        world.outsider,
    }
    for user in circle:
        assert selectors.visible_papers(user).filter(pk=paper.pk).exists(), user
        assert selectors.visible_filings(user).filter(pk=filing.pk).exists(), user
    for user in outside:
        assert not selectors.visible_papers(user).filter(pk=paper.pk).exists(), user
        assert not selectors.visible_filings(user).filter(pk=filing.pk).exists(), user
    services.answer_question(filing, answer="Vertraulich.", by=world.officer)
    assert not selectors.public_papers().filter(pk=paper.pk).exists()
    # on a non-public TOP of the committee, its members read it
    meeting = world.meeting()
    item = services.add_agenda_item(meeting, name="Anfrage", public=False, by=world.clerk)
    services.schedule_paper(paper, agenda_item=item, by=world.clerk)
    assert selectors.visible_papers(committee_member).filter(pk=paper.pk).exists()
    assert not selectors.visible_papers(world.other_chair).filter(pk=paper.pk).exists()


def test_a_question_needs_its_answering_department_and_a_motion_no_answer(council):
    world = council.world
    filing = _asked(council)
    for department in (None, world.committee):
        with pytest.raises(InvalidInput, match="beantwortet"):
            services.register_filing(filing, by=world.clerk, answering_organization=department)
    assert Filing.objects.get(pk=filing.pk).state == Filing.State.FILED
    motion = services.file_filing(draft(council), by=council.group_chair)
    services.register_filing(motion, by=world.clerk)
    with pytest.raises((TransitionRefused, PermissionDenied)):
        services.answer_question(motion, answer="?", by=world.officer)


def test_reminders_honour_a_body_without_them(council, clock):
    world = council.world
    world.body.answer_reminder_days = 0
    world.body.save()
    clock.travel(at(2))
    _registered(council)
    for day in range(20, 32):
        send_reminders(datetime.date(2030, 11, day) if day <= 30 else datetime.date(2030, 12, 1))
    assert not Notification.objects.filter(kind=K.ANSWER_REMINDER).exists()
