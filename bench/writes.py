"""Write-side benchmark: service transitions per second on PostgreSQL.

    .venv/bin/python bench/writes.py              # 5 rounds of 200 transitions
    .venv/bin/python bench/writes.py --rounds 2 --transitions 50   # a quick check

Starts PostgreSQL and Redis with scripts/test-services.sh, creates a database of its own
(ratsflow_bench_writes) and a committee meeting with ten TOPs, a chair and a clerk. Then, in
interleaved rounds in the same process and database:

1. transitions: the clerk submits the agenda and the chair returns it, again and again
   (``services.submit_agenda`` / ``services.return_agenda``), each with its row lock,
   history entry, event handlers and outbox row, the delivery task queued to Redis after
   the commit (no worker runs: the queue only fills);
2. reference: a bare transaction that updates one row through the ORM
   (``Meeting.objects.filter(pk=…).update(version=F("version") + 1)``).

Prints both rates, their ratio (the aim: at least 0.2) and the queries per transition.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "ratsflow_bench_writes"


def build():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from workflow import services
    from workflow.models import Body, Membership, Organization, Person

    body = Body.objects.create(name="Benchmark")
    committee = Organization.objects.create(body=body, name="Ausschuss")
    users = get_user_model().objects
    clerk = users.create_user("clerk", email="clerk@example.org")
    clerk.user_permissions.add(Permission.objects.get(codename="manage_meetings"))
    chair = users.create_user("chair", email="chair@example.org")
    person = Person.objects.create(body=body, family_name="Vorsitz", user=chair)
    Membership.objects.create(person=person, organization=committee, role="chair")
    meeting = services.create_meeting(
        organization=committee, start=timezone.now() + datetime.timedelta(days=30), by=clerk
    )
    for number in range(10):
        services.add_agenda_item(meeting, name=f"Punkt {number}", by=clerk)
    return meeting, clerk, chair


def cycle(meeting, clerk, chair, count: int):
    """``count`` transitions: the agenda submitted and returned alternately."""
    from workflow import services

    for index in range(count):
        if index % 2 == 0:
            meeting = services.submit_agenda(meeting, by=clerk)
        else:
            meeting = services.return_agenda(meeting, by=chair, comment="bitte ergänzen")
    return meeting


def transitions(meeting, clerk, chair, count: int) -> float:
    started = time.perf_counter()
    cycle(meeting, clerk, chair, count)
    return count / (time.perf_counter() - started)


def queries_per_transition(meeting, clerk, chair) -> float:
    """Counted in a run of its own: capturing queries slows them down."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        cycle(meeting, clerk, chair, 10)
    return len(queries) / 10


def bare(meeting, count: int) -> float:
    from django.db import transaction
    from django.db.models import F

    from workflow.models import Meeting

    started = time.perf_counter()
    for _ in range(count):
        with transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--transitions", type=int, default=200)
    args = parser.parse_args()
    count = args.transitions - args.transitions % 2  # end each round where it started

    sys.path.insert(0, str(ROOT))
    from bench.services import django_on_services

    django_on_services(DATABASE)
    meeting, clerk, chair = build()
    per_transition = queries_per_transition(meeting, clerk, chair)  # warms up too
    bare(meeting, 10)
    rates, references = [], []
    for _ in range(args.rounds):
        rates.append(transitions(meeting, clerk, chair, count))
        references.append(bare(meeting, count))
    rate, reference = statistics.median(rates), statistics.median(references)
    print(f"rounds x transitions            {args.rounds:>6} x {count}")
    print(f"service transitions             {rate:>10.1f} /s  (median of the rounds)")
    print(f"bare one-row transactions       {reference:>10.1f} /s")
    print(f"ratio                           {rate / reference:>10.2f}  (aim: at least 0.2)")
    print(f"queries per transition          {per_transition:>10.1f}")


if __name__ == "__main__":
    main()
