"""Sitzungsgeld: how many held meetings of which committee each member or deputy attended in
a period, at the body's rate per meeting (``Body.sitting_fee``). The read behind the payroll
export (``services.export_sitting_fees``) and the workspace page.

What counts: a meeting that was held (``held`` or ``minutes_approved``; never a cancelled
one or one not yet held) whose start falls, as a date in the body's time zone, into the
period; at it, an attendance row with a person, present, as member or deputy. A deputy who
stands in counts for themselves, not for the member they represent. Guests (role ``guest``)
get no Sitzungsgeld, and neither do the excused and the unexcused."""

from __future__ import annotations

import calendar
import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow import permissions
from workflow.errors import InvalidInput
from workflow.models import (
    Attendance,
    Body,
    Meeting,
    Organization,
    Person,
    SittingFeeExport,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from workflow.permissions import User

# Meetings and attendance that earn Sitzungsgeld.
PAID_MEETING_STATES = (Meeting.State.HELD, Meeting.State.MINUTES_APPROVED)
PAID_ROLES = (Attendance.Role.MEMBER, Attendance.Role.DEPUTY)

# The years a period may lie in (as config.params accepts dates): far enough for a council,
# near enough that the day after the period's end always exists.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class PeriodKind(models.TextChoices):
    """How the page names a period: a month, a quarter or a year of a given year."""

    MONTH = "month", gettext_lazy("Monat")
    QUARTER = "quarter", gettext_lazy("Quartal")
    YEAR = "year", gettext_lazy("Jahr")


# How many months, quarters … a year has.
PERIODS_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}


@dataclass(frozen=True)
class SittingFeeRow:
    """One person's Sitzungsgeld for the meetings of one committee."""

    person_id: int
    name: str  # the sort name, "Family, Given"
    committee_id: int
    committee: str
    meetings: int
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class SittingFees:
    """The rows of a period (by person, then committee), their total and the committees
    whose held meetings in the period were counted."""

    start: datetime.date
    end: datetime.date
    rate: Decimal
    rows: list[SittingFeeRow]
    total: Decimal
    committee_ids: list[int]

    @property
    def meetings(self) -> int:
        """Meetings attended, summed over the rows (one person at two meetings: 2)."""
        return sum(row.meetings for row in self.rows)


def period(kind: str, year: int, number: int = 1) -> tuple[datetime.date, datetime.date]:
    """The first and last day of month ``number``, quarter ``number`` or (``number`` not
    used) the whole of ``year``: quarter 4 of 2024 is 2024-10-01..2024-12-31."""
    if kind not in PERIODS_PER_YEAR:
        raise InvalidInput(_("Unbekannte Art des Zeitraums: Monat, Quartal oder Jahr."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            _("Das Jahr muss zwischen %(first)s und %(last)s liegen.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    largest = PERIODS_PER_YEAR[PeriodKind(kind)]
    if not 1 <= number <= largest:
        raise InvalidInput(
            _("Der Monat muss zwischen 1 und 12 liegen.")
            if kind == PeriodKind.MONTH
            else _("Das Quartal muss zwischen 1 und 4 liegen.")
        )
    first_month, last_month = (
        (number, number) if kind == PeriodKind.MONTH else (3 * number - 2, 3 * number)
    )
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def check_period(start: datetime.date, end: datetime.date) -> None:
    """Refuse a period that ends before it begins, lasts longer than a year or lies outside
    the years 1900..2200."""
    if end < start:
        raise InvalidInput(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
    if start.year < FIRST_YEAR or end.year > LAST_YEAR:
        raise InvalidInput(
            _("Der Zeitraum muss zwischen %(first)s und %(last)s liegen.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if end >= _same_day_next_year(start):
        raise InvalidInput(_("Der Zeitraum darf höchstens ein Jahr umfassen."))


def _same_day_next_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return datetime.date(day.year + 1, 3, 1)


def sitting_fee_committees(*, user: User, body: Body) -> QuerySet[Organization]:
    """The committees of ``body`` whose Sitzungsgeld ``user`` exports: those whose
    Sitzungsdienst the user is."""
    return permissions.clerk_organizations(user).filter(body=body)


def paid_meetings(
    *,
    body: Body,
    start: datetime.date,
    end: datetime.date,
    organizations: QuerySet[Organization] | Iterable[Organization],
) -> QuerySet[Meeting]:
    """The held meetings of ``organizations`` that began on ``start``..``end`` (local dates
    in the body's time zone)."""
    zone = zoneinfo.ZoneInfo(body.time_zone)
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return Meeting.objects.filter(
        body=body,
        organization__in=organizations,
        state__in=PAID_MEETING_STATES,
        start__gte=first,
        start__lt=after,
    )


def sitting_fee_rows(
    *,
    body: Body,
    start: datetime.date,
    end: datetime.date,
    organizations: QuerySet[Organization] | Iterable[Organization],
) -> SittingFees:
    """One row per person and committee with the meetings attended in the period, the rate
    and the amount, sorted by person and committee; and the total. Two queries, however
    many meetings and persons."""
    meetings = paid_meetings(body=body, start=start, end=end, organizations=organizations)
    counted = (
        Attendance.objects.filter(
            meeting__in=meetings,
            status=Attendance.Status.PRESENT,
            role__in=PAID_ROLES,
            person__isnull=False,
        )
        .values(
            "person_id",
            "person__family_name",
            "person__given_name",
            "meeting__organization_id",
            "meeting__organization__name",
        )
        .annotate(attended=Count("meeting", distinct=True))
        .order_by(
            "person__family_name",
            "person__given_name",
            "person_id",
            "meeting__organization__name",
            "meeting__organization_id",
        )
    )
    rate = body.sitting_fee
    rows = [
        SittingFeeRow(
            person_id=entry["person_id"],
            # The sort name as Person spells it, without loading the persons.
            name=Person(
                family_name=entry["person__family_name"], given_name=entry["person__given_name"]
            ).sort_name,
            committee_id=entry["meeting__organization_id"],
            committee=entry["meeting__organization__name"],
            meetings=entry["attended"],
            rate=rate,
            amount=rate * entry["attended"],
        )
        for entry in counted
    ]
    committee_ids = list(
        meetings.order_by("organization_id").values_list("organization_id", flat=True).distinct()
    )
    return SittingFees(
        start=start,
        end=end,
        rate=rate,
        rows=rows,
        total=sum((row.amount for row in rows), Decimal("0.00")),
        committee_ids=committee_ids,
    )


def sitting_fee_exports(
    *, body: Body, organizations: QuerySet[Organization], limit: int = 10
) -> list[SittingFeeExport]:
    """The last exports of ``body`` that held no committee outside ``organizations`` (a
    clerk sees the exports of their own committees, not the payroll of others)."""
    others = Organization.objects.exclude(pk__in=organizations.values("pk"))
    return list(
        SittingFeeExport.objects.filter(body=body)
        .exclude(organizations__in=others)
        .select_related("exported_by")
        .order_by("-exported_at", "-pk")[:limit]
    )
