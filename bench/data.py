"""Synthetic data at council scale, written with bulk_create (the services would take
hours for 100,000 papers; the benchmark measures reading, not writing)."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.db import transaction

from workflow import publication
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

BODY_NAME = "Benchmark-Gemeinde"
TZ = zoneinfo.ZoneInfo("Europe/Brussels")
WORDS = [
    "Regionalmarketing",
    "Haushalt",
    "Schule",
    "Radweg",
    "Kita",
    "Bebauungsplan",
    "Feuerwehr",
    "Sportplatz",
    "Digitalisierung",
    "Klimaschutz",
    "Wohnraum",
    "Breitband",
    "Tourismus",
    "Fachkräfte",
    "Kultur",
    "Straßenbau",
]


@transaction.atomic
def load(papers: int, meetings: int, items: int, seed: int = 7) -> Body:
    rng = random.Random(seed)
    body = Body.objects.create(name=BODY_NAME)
    place = Location.objects.create(body=body, description="Rathaus", room="Ratssaal")
    committees = [Organization.objects.create(body=body, name=f"Ausschuss {n}") for n in range(12)]
    department = Organization.objects.create(
        body=body, name="Fachbereich 1", organization_type=Organization.Type.DEPARTMENT
    )
    officer = Person.objects.create(body=body, family_name="Muster", given_name="Kim")
    paper_type = PaperType.objects.get(body=None, name="Beschlussvorlage")
    results = list(ResolutionKind.objects.filter(body=None))

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    Paper.objects.bulk_create(
        [
            Paper(
                body=body,
                reference=f"{2000 + n // 1000}/{n % 1000:03d}",
                name=text(5),
                paper_type=paper_type,
                date=datetime.date(2020, 1, 1),
                officer=officer,
                lead_organization=department,
                statement=text(60),
                state="resolved",
            )
            for n in range(papers)
        ],
        batch_size=5000,
    )
    paper_ids = list(Paper.objects.filter(body=body).order_by("pk").values_list("pk", flat=True))
    start = datetime.datetime(2020, 1, 6, 17, tzinfo=TZ)
    Meeting.objects.bulk_create(
        [
            Meeting(
                body=body,
                organization=committees[n % len(committees)],
                reference=f"SI/{n}",
                name="Ordentliche Sitzung",
                start=start + datetime.timedelta(days=n // 3),
                location=place,
                state="held" if n < meetings - 50 else "invited",
            )
            for n in range(meetings)
        ],
        batch_size=5000,
    )
    meeting_rows = list(
        Meeting.objects.filter(body=body).order_by("pk").values_list("pk", "organization_id")
    )
    Consultation.objects.bulk_create(
        [
            Consultation(
                paper_id=paper_ids[n],
                organization_id=meeting_rows[n % meetings][1],
                role="decision",
                authoritative=True,
                position=1,
            )
            for n in range(items)
        ],
        batch_size=5000,
    )
    consultations = list(
        Consultation.objects.filter(paper__body=body).order_by("pk").values_list("pk", flat=True)
    )
    per_meeting: dict[int, int] = {}
    rows = []
    for n in range(items):
        meeting_id = meeting_rows[n % meetings][0]
        public = n % 10 != 0
        key = meeting_id * 2 + public
        per_meeting[key] = per_meeting.get(key, 0) + 1
        rows.append(
            AgendaItem(
                meeting_id=meeting_id,
                public=public,
                position=per_meeting[key],
                name=text(6),
                consultation_id=consultations[n],
                result=rng.choice(results),
                resolution_text=text(20),
                minutes_text=text(80),
            )
        )
    AgendaItem.objects.bulk_create(rows, batch_size=5000)
    publication.refresh_all()  # bulk_create sends no signals
    return body
