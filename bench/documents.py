"""Document benchmark: the Niederschrift of a meeting with 60 TOPs, rendered to PDF.

    .venv/bin/python bench/documents.py             # 60 TOPs, 5 rounds
    .venv/bin/python bench/documents.py --tops 10 --rounds 2

Builds one meeting in a throwaway SQLite database (every TOP with a paper, a Beschlussart,
a Beschluss and minutes as long as the seed's), then renders its complete Niederschrift
several times. Prints the median time, the pages and pages per second, and how the time
splits between WeasyPrint (parsing HTML, layout, writing the PDF) and ratsflow's own code
(queries and template), measured in the same runs by timing WeasyPrint's entry points.
For comparison it renders the seed-sized Einladung and one Auszug too.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(directory: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{directory}/media"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_meeting(tops: int):
    """One held meeting with ``tops`` public TOPs, each with a paper and a full result."""
    import datetime
    import zoneinfo

    from workflow.demo import SEED_MINUTES
    from workflow.models import (
        AgendaItem,
        Body,
        Consultation,
        Location,
        Meeting,
        Organization,
        Paper,
        PaperType,
        Person,
        ResolutionKind,
    )

    tz = zoneinfo.ZoneInfo("Europe/Brussels")
    body = Body.objects.create(name="Benchmark-Gemeinde")
    room = Location.objects.create(body=body, description="Rathaus", room="Ratssaal")
    committee = Organization.objects.create(body=body, name="Ausschuss für Benchmarks")
    department = Organization.objects.create(
        body=body, name="Fachbereich 1", organization_type=Organization.Type.DEPARTMENT
    )
    officer = Person.objects.create(body=body, family_name="Muster", given_name="Kim")
    paper_type = PaperType.objects.get(body=None, name="Beschlussvorlage")
    result = ResolutionKind.objects.get(body=None, name="ungeändert beschlossen")
    start = datetime.datetime(2030, 3, 4, 16, 0, tzinfo=tz)
    meeting = Meeting.objects.create(
        body=body, organization=committee, reference="SI/2030/001", start=start, location=room
    )
    # Rows only: the benchmark measures rendering, not the services that write them.
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    for n in range(1, tops + 1):
        paper = Paper.objects.create(
            body=body,
            reference=f"2030/{n:03d}",
            name=f"Vorlage Nummer {n} zum Regionalmarketing",
            paper_type=paper_type,
            date=start.date(),
            lead_organization=department,
            officer=officer,
        )
        consultation = Consultation.objects.create(
            paper=paper, organization=committee, role="decision", authoritative=True, position=1
        )
        AgendaItem.objects.create(
            meeting=meeting,
            public=True,
            position=n,
            name=paper.name,
            consultation=consultation,
            result=result,
            resolution_text="Der Ausschuss beschließt wie vorgeschlagen.",
            minutes_text=SEED_MINUTES,
            votes_yes=9,
            votes_no=2,
            votes_abstain=1,
        )
    return Meeting.objects.get(pk=meeting.pk)


class WeasyPrintClock:
    """Adds up the time spent inside WeasyPrint's HTML parsing and PDF writing."""

    def __init__(self) -> None:
        import weasyprint

        self.seconds = 0.0
        html = weasyprint.HTML
        html.__init__ = self._timed(html.__init__)
        html.write_pdf = self._timed(html.write_pdf)

    def _timed(self, method):  # type: ignore[no-untyped-def]
        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def measure(render, rounds: int, clock: WeasyPrintClock) -> tuple[float, float, bytes]:
    """Median seconds per render and WeasyPrint's share of the total."""
    times, weasy = [], []
    content = b""
    for _ in range(rounds):
        before = clock.seconds
        started = time.perf_counter()
        content = render().content
        times.append(time.perf_counter() - started)
        weasy.append(clock.seconds - before)
    return statistics.median(times), sum(weasy) / sum(times), content


def pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tops", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup(directory)
        from documents import generation

        meeting = build_meeting(args.tops)
        clock = WeasyPrintClock()
        generation.minutes(meeting, confidential=True)  # warm fonts and templates
        cases = {
            f"Niederschrift, {args.tops} TOPs": lambda: generation.minutes(
                meeting, confidential=True
            ),
            f"Einladung, {args.tops} TOPs": lambda: generation.invitation(
                meeting, confidential=True
            ),
            "Auszug, one TOP": lambda: generation.auszug(meeting.agenda_items.first()),
        }
        print(f"{'document':<28} {'median s':>9} {'pages':>6} {'pages/s':>8} {'WeasyPrint':>11}")
        for name, render in cases.items():
            seconds, share, content = measure(render, args.rounds, clock)
            count = pages(content)
            print(f"{name:<28} {seconds:>9.3f} {count:>6} {count / seconds:>8.1f} {share:>10.0%}")
        print(
            "WeasyPrint = share of the time inside weasyprint.HTML (parse, layout, PDF); "
            "the rest is ratsflow's queries and template rendering."
        )


if __name__ == "__main__":
    main()
