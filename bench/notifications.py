"""Notification benchmark: an invitation to 1,000 members, end to end.

    .venv/bin/python bench/notifications.py               # 1,000 recipients
    .venv/bin/python bench/notifications.py --members 100 # a quick check of the script

Starts PostgreSQL and Redis with scripts/test-services.sh, creates a database of its own
(ratsflow_bench_mail), an SMTP server on loopback (aiosmtpd, accepting everything) and one
Celery worker process (prefork, 2 processes, as on a 2-core machine). Then:

1. reference: the same worker runs N empty tasks (``notifications.tasks.ping``); the time
   from queueing the first to the queue being drained gives tasks per second;
2. the invitation: ``send_invitations`` of a meeting whose committee has N members writes N
   notifications, queues N delivery tasks after the commit, and the worker renders and sends
   each through SMTP; the time from the service call to the N-th message received gives
   messages per second.

Prints both and their ratio (the aim: at least half of the empty-task rate).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "ratsflow_bench_mail"


class Counter:
    """aiosmtpd handler that only counts what it accepts."""

    def __init__(self) -> None:
        self.count = 0
        self.last = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.count += 1
            self.last = time.perf_counter()
        return "250 OK"


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=2",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT,
        env={**os.environ, **env},
    )  # fmt: skip


def queue_drained(redis_url: str) -> bool:
    import redis

    client = redis.Redis.from_url(redis_url)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def build(members: int):
    """A committee with ``members`` members (each with an address), its chair and a clerk,
    and a meeting with a short agenda whose chair has approved it."""
    import datetime
    import zoneinfo

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from workflow import services
    from workflow.models import Body, Membership, Organization, Person

    user_model = get_user_model()
    body = Body.objects.create(name="Benchmark-Gemeinde")
    committee = Organization.objects.create(body=body, name="Ausschuss für Benchmarks")
    clerk = user_model.objects.create(username="clerk", email="clerk@bench.example")
    clerk.user_permissions.add(Permission.objects.get(codename="manage_meetings"))
    chair = user_model.objects.create(username="chair", email="chair@bench.example")
    chair_person = Person.objects.create(body=body, family_name="Vorsitz", user=chair)
    Membership.objects.create(person=chair_person, organization=committee, role="chair")
    people = Person.objects.bulk_create(
        Person(body=body, family_name=f"Mitglied{n}", email=f"m{n}@bench.example")
        for n in range(members - 1)
    )
    Membership.objects.bulk_create(
        Membership(person=p, organization=committee, role="member") for p in people
    )
    start = datetime.datetime(2030, 3, 4, 16, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
    meeting = services.create_meeting(organization=committee, start=start, by=clerk)
    for n in range(8):
        services.add_agenda_item(meeting, name=f"Punkt {n + 1}", public=n < 6, by=clerk)
    meeting = services.submit_agenda(meeting, by=clerk)
    meeting = services.approve_agenda(meeting, by=chair)
    return meeting, clerk


def wait(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.01)


def main() -> None:
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1)  # `kill -USR1` shows where a run waits
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    sys.path.insert(0, str(ROOT))
    from bench.services import django_on_services

    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=8025)
    smtp.start()
    env = django_on_services(DATABASE, EMAIL_URL="smtp://127.0.0.1:8025")
    meeting, clerk = build(args.members)

    worker = start_worker(env)
    try:
        from notifications.tasks import ping
        from workflow import services

        # Let the worker connect, then measure the reference: empty tasks.
        ping.delay()
        wait(lambda: queue_drained(env["REDIS_URL"]), 60)
        started = time.perf_counter()
        for _ in range(args.members):
            ping.delay()
        wait(lambda: queue_drained(env["REDIS_URL"]), 600)
        reference = args.members / (time.perf_counter() - started)

        started = time.perf_counter()
        services.send_invitations(meeting, by=clerk)
        committed = time.perf_counter()
        wait(lambda: counter.count >= args.members, 1200)
        elapsed = counter.last - started
        rate = args.members / elapsed
    finally:
        worker.terminate()
        worker.wait(30)
        smtp.stop()

    print(f"recipients                      {args.members:>10}")
    print(f"empty task (reference)          {reference:>10.1f} tasks/s")
    print(
        f"invitation, end to end          {rate:>10.1f} messages/s"
        f"  ({elapsed:.1f} s; the transition itself took {committed - started:.2f} s)"
    )
    print(f"share of the reference rate     {rate / reference:>10.0%}  (aim: at least 50 %)")


if __name__ == "__main__":
    main()
