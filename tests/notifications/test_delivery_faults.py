"""Delivery through a real Redis, real Celery workers and a real SMTP server on loopback:
every notification arrives, and arrives once, through broker outages, refusing mail servers,
killed workers and duplicated tasks. Assertions are on the SMTP server's inbox."""

from __future__ import annotations

import signal
import threading

import pytest

from notifications.delivery import deliver
from notifications.models import Notification
from notifications.queue import deliver_notification, resend
from notifications.tasks import sweep_outbox
from tests.factories import person_user
from tests.notifications.conftest import process_worker, thread_worker, wait_for
from workflow.models import Membership

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

State = Notification.State


def _all_sent() -> bool:
    return not Notification.objects.exclude(state=State.SENT).exists()


def _invite(world, members: int = 3):
    """A meeting of the committee with ``members`` more members, invitations sent."""
    for _ in range(members):
        person_user(world.body, world.committee, Membership.Role.MEMBER)
    _paper, item = world.scheduled()
    return item.meeting


def _assert_each_once(inbox) -> None:
    rows = list(Notification.objects.all())
    ids = inbox.message_ids()
    assert len(ids) == len(set(ids)) == len(rows), (len(ids), len(set(ids)), len(rows))
    assert all(row.state == State.SENT for row in rows)


def test_every_step_mails_the_right_people_through_the_worker(world, broker, inbox):
    with thread_worker():
        meeting = _invite(world, members=3)
        wait_for(_all_sent, what="every notification sent")
    invited = inbox.by_recipient("Einladung: ")
    assert len(invited) == 5 and set(invited.values()) == {1}
    assert world.member.email in invited and world.officer.email not in invited
    assert inbox.by_recipient("Bitte freigeben: ") == {world.chair.email: 1}
    assert inbox.by_recipient("Eingereicht: ") == {world.officer.email: 1, world.clerk.email: 1}
    invitation = next(m for m in inbox.messages if str(m["Subject"]).startswith("Einladung"))
    assert meeting.reference in str(invitation["Subject"])
    assert any(p.get_content_type() == "text/calendar" for p in invitation.walk())
    _assert_each_once(inbox)


def test_smtp_server_refusing_for_a_while_is_retried_until_it_accepts(world, broker, inbox):
    inbox.refuse_next = 4
    with thread_worker():
        _invite(world, members=1)
        wait_for(_all_sent, what="every notification sent despite refusals")
    assert inbox.refused == 4
    assert Notification.objects.filter(attempts__gt=1).exists()
    _assert_each_once(inbox)


def test_smtp_server_refusing_for_good_fails_visibly_then_a_clerk_resends(
    world, broker, inbox, settings
):
    settings.NOTIFICATION_MAX_RETRIES = 2
    inbox.refuse_all = True
    with thread_worker():
        world.submitted()
        wait_for(
            lambda: Notification.objects.filter(state=State.FAILED).count() == 2,
            what="both notifications failed",
        )
        failed = list(Notification.objects.filter(state=State.FAILED))
        assert all(n.attempts == 3 and "451" in n.last_error for n in failed)
        assert inbox.count() == 0
        inbox.refuse_all = False
        assert resend([n.pk for n in failed]) == 2
        wait_for(_all_sent, what="the resent notifications")
    _assert_each_once(inbox)


def test_the_same_task_delivered_twice_sends_once(world, broker, inbox):
    world.submitted()  # queued after the commit; no worker runs yet
    pending = list(Notification.objects.values_list("pk", flat=True))
    for pk in pending:
        deliver_notification.delay(pk)  # a second copy of each task
    with thread_worker():
        wait_for(_all_sent, what="every notification sent")
        for pk in pending:
            deliver_notification.delay(pk)  # and a third, after it was sent
        wait_for(lambda: not _queue_length(broker), what="the queue to drain")
    _assert_each_once(inbox)


def test_two_workers_holding_the_same_notification_send_it_once(world, broker, inbox):
    world.submitted()
    pk = Notification.objects.order_by("pk").values_list("pk", flat=True).first()
    inbox.delay = 0.5  # both claim while the first is still talking to the server
    results: list[str] = []

    def run() -> None:
        from django.db import connection

        try:
            results.append(deliver(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["sent", "skipped"]
    assert inbox.by_recipient() == {Notification.objects.get(pk=pk).email: 1}


def test_two_workers_sending_different_notifications_at_once_both_send(world, broker, inbox):
    """Claiming one notification must not block another about the same meeting."""
    _invite(world, members=1)
    first, second = Notification.objects.filter(kind=Notification.Kind.INVITATION)[:2]
    inbox.delay = 0.5
    results: dict[int, str] = {}

    def run(pk: int) -> None:
        from django.db import connection

        try:
            results[pk] = deliver(pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n.pk,)) for n in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {first.pk: "sent", second.pk: "sent"}


def test_redis_down_during_a_transition_loses_nothing(world, broker, inbox):
    broker.stop()
    try:
        world.submitted()  # commits; queueing after the commit fails and is logged
        assert Notification.objects.filter(state=State.PENDING).count() == 2
    finally:
        broker.start()
    with thread_worker():
        assert inbox.count() == 0
        assert sweep_outbox() == 2
        wait_for(_all_sent, what="delivery after Redis is back")
    _assert_each_once(inbox)


def test_worker_killed_in_the_middle_of_a_batch(world, broker, inbox):
    inbox.delay = 0.2
    with process_worker(broker.url, inbox.port) as first:
        _invite(world, members=12)
        total = Notification.objects.count()
        wait_for(lambda: inbox.count() >= 6, what="the first messages")
        inbox.receiving.clear()
        inbox.receiving.wait(10)  # the next message is being handed over right now
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert inbox.count() < total
    with process_worker(broker.url, inbox.port):
        sweep_outbox()  # what the beat schedule does every minute
        wait_for(_all_sent, timeout=60, what="the rest after the restart")
    _assert_each_once(inbox)


def _queue_length(server) -> int:
    import redis

    return redis.Redis.from_url(server.url).llen("celery")
