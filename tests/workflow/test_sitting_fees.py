"""Sitzungsgeld: present members and deputies of held meetings in the period, each for
themselves, at the body's rate; guests, the excused, the unexcused, cancelled meetings,
meetings not yet held and meetings outside the period (by local date) earn nothing. The
export writes CSV and Excel, is recorded, and is refused to anyone but the Sitzungsdienst."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TZ, PersonFactory, grant, person_user
from workflow import services
from workflow.errors import InvalidInput, PermissionDenied
from workflow.models import Attendance, Meeting, Organization, Person, SittingFeeExport
from workflow.sitting_fees import check_period, period, sitting_fee_committees, sitting_fee_rows

pytestmark = pytest.mark.django_db

Q4 = (datetime.date(2030, 10, 1), datetime.date(2030, 12, 31))
RATE = Decimal("25.50")
PRESENT = Attendance.Status.PRESENT
MEMBER, DEPUTY, GUEST = Attendance.Role.MEMBER, Attendance.Role.DEPUTY, Attendance.Role.GUEST


@dataclass
class Quarter:
    world: object
    anna: Person
    bernd: Person
    carla: Person
    meetings: dict[str, Meeting]


def _local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def _attend(meeting: Meeting, person: Person | None, role: str, status: str = PRESENT, **more):
    return Attendance.objects.create(
        meeting=meeting,
        person=person,
        role=role,
        status=status,
        voting=role != GUEST,
        **more,
    )


@pytest.fixture
def quarter(world) -> Quarter:
    """Q4 2030 of the World's committees, meeting by meeting:

    - ``before`` (30.09., held): Anna; outside the quarter;
    - ``opening`` (01.10. 00:30 local, 30.09. in UTC; held): Anna, Bernd, a guest with a
      person and one with a name only;
    - ``november`` (held, Niederschrift approved): Anna; Bernd excused, Carla stands in for
      him; Emil unexcused;
    - ``other`` (Ausschuss II, held): Anna;
    - ``cancelled``: Anna (entered anyway);
    - ``not_held`` (invited, never closed): Anna;
    - ``after`` (01.01.2031 00:30 local, 31.12. in UTC; held): Anna; outside the quarter.
    """
    body = world.body
    body.sitting_fee = RATE
    body.save()
    anna = PersonFactory(body=body, family_name="Adam", given_name="Anna")
    bernd = PersonFactory(body=body, family_name="Berg", given_name="Bernd")
    carla = PersonFactory(body=body, family_name="Claes", given_name="Carla")
    emil = PersonFactory(body=body, family_name="Eick", given_name="Emil")
    dora = PersonFactory(body=body, family_name="Dahl", given_name="Dora")
    starts = {
        "before": (world.committee, _local(2030, 9, 30, 16)),
        "opening": (world.committee, _local(2030, 10, 1, 0, 30)),
        "november": (world.committee, _local(2030, 11, 15, 16)),
        "other": (world.other_committee, _local(2030, 11, 20, 16)),
        "cancelled": (world.committee, _local(2030, 12, 1, 16)),
        "not_held": (world.committee, _local(2030, 12, 10, 16)),
        "after": (world.committee, _local(2031, 1, 1, 0, 30)),
    }
    meetings = {}
    for name, (committee, start) in starts.items():  # in order of time: the clock moves on
        meeting = services.create_meeting(organization=committee, start=start, by=world.clerk)
        services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
        if name == "cancelled":
            meeting = services.cancel_meeting(meeting, by=world.clerk, comment="entfällt")
        elif name == "not_held":
            meeting = world.invite(meeting, begin=False)
        else:
            meeting = services.close_meeting(world.invite(meeting), by=world.clerk)
        meetings[name] = meeting
        _attend(meeting, anna, MEMBER)
    meetings["november"] = services.approve_minutes(meetings["november"], by=world.chair)
    opening, november = meetings["opening"], meetings["november"]
    _attend(opening, bernd, MEMBER)
    _attend(opening, dora, GUEST)
    _attend(opening, None, GUEST, guest_name="Frau Gast", affiliation="Verwaltung")
    _attend(november, bernd, MEMBER, Attendance.Status.EXCUSED, note="krank")
    _attend(november, carla, DEPUTY, stands_in_for=bernd)
    _attend(november, emil, MEMBER, Attendance.Status.UNEXCUSED)
    return Quarter(world, anna, bernd, carla, meetings)


def _table(fees) -> list[tuple[str, str, int, Decimal, Decimal]]:
    return [(r.name, r.committee, r.meetings, r.rate, r.amount) for r in fees.rows]


EXPECTED = [
    ("Adam, Anna", "Ausschuss I", 2, RATE, Decimal("51.00")),
    ("Adam, Anna", "Ausschuss II", 1, RATE, Decimal("25.50")),
    ("Berg, Bernd", "Ausschuss I", 1, RATE, Decimal("25.50")),
    ("Claes, Carla", "Ausschuss I", 1, RATE, Decimal("25.50")),
]


def test_the_quarter_counts_present_members_and_deputies_of_held_meetings(quarter):
    world = quarter.world
    assert quarter.meetings["november"].state == Meeting.State.MINUTES_APPROVED
    fees = sitting_fee_rows(
        body=world.body,
        start=Q4[0],
        end=Q4[1],
        organizations=sitting_fee_committees(user=world.clerk, body=world.body),
    )
    # Carla counts for herself, Bernd only for the meeting he attended; Emil (unexcused),
    # the guests, the cancelled, the unheld and the meetings outside the quarter not at all.
    assert _table(fees) == EXPECTED
    assert fees.total == Decimal("127.50")
    assert fees.meetings == 5
    assert set(fees.committee_ids) == {world.committee.pk, world.other_committee.pk}


def test_the_period_is_the_local_date_in_the_bodys_time_zone(quarter):
    world = quarter.world
    world.body.time_zone = "UTC"
    world.body.save()
    fees = sitting_fee_rows(
        body=world.body, start=Q4[0], end=Q4[1], organizations=Organization.objects.all()
    )
    # In UTC the opening (00:30 in Brussels) lies on 30 September and the meeting of New
    # Year's night on 31 December.
    anna = [r for r in fees.rows if r.name == "Adam, Anna" and r.committee == "Ausschuss I"]
    assert anna[0].meetings == 2
    assert not [r for r in fees.rows if r.name == "Berg, Bernd"]


def test_the_rows_cost_the_same_queries_for_one_meeting_as_for_many(quarter):
    world = quarter.world
    counts = []
    for end in (datetime.date(2030, 10, 31), Q4[1]):
        with CaptureQueriesContext(connection) as queries:
            sitting_fee_rows(
                body=world.body,
                start=Q4[0],
                end=end,
                organizations=Organization.objects.filter(body=world.body),
            )
        counts.append(len(queries))
    assert counts == [2, 2]


@pytest.mark.parametrize(
    ("kind", "year", "number", "expected"),
    [
        ("quarter", 2024, 4, (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31))),
        ("quarter", 2024, 1, (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))),
        ("month", 2024, 2, (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))),
        ("month", 2023, 2, (datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))),
        ("month", 2024, 12, (datetime.date(2024, 12, 1), datetime.date(2024, 12, 31))),
        ("year", 2024, 1, (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))),
    ],
)
def test_period_of_a_month_quarter_or_year(kind, year, number, expected):
    assert period(kind, year, number) == expected


@pytest.mark.parametrize(
    ("kind", "year", "number"),
    [("month", 2024, 13), ("month", 2024, 0), ("quarter", 2024, 5), ("week", 2024, 1)],
)
def test_period_refuses_what_does_not_exist(kind, year, number):
    with pytest.raises(InvalidInput):
        period(kind, year, number)
    with pytest.raises(InvalidInput):
        period("year", 99999)


def test_a_period_is_at_most_a_year_and_ends_after_it_begins():
    check_period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    check_period(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    check_period(datetime.date(2024, 5, 1), datetime.date(2024, 5, 1))
    for start, end, message in [
        (datetime.date(2024, 1, 2), datetime.date(2024, 1, 1), "vor seinem Beginn"),
        (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), "höchstens ein Jahr"),
        (datetime.date(2024, 2, 29), datetime.date(2025, 3, 1), "höchstens ein Jahr"),
        (datetime.date(1, 1, 1), datetime.date(1, 2, 1), "zwischen 1900 und 2200"),
        (datetime.date(9999, 12, 1), datetime.date(9999, 12, 31), "zwischen 1900 und 2200"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            check_period(start, end)


# -- the export ---------------------------------------------------------------------------


def _export(world, file_format: str, by=None, start=Q4[0], end=Q4[1]):
    return services.export_sitting_fees(
        body=world.body, start=start, end=end, file_format=file_format, by=by or world.clerk
    )


def test_csv_export_is_exact_and_recorded(quarter):
    world = quarter.world
    filename, content_type, content = _export(world, "csv")
    assert filename == "sitzungsgeld_2030-10-01_2030-12-31.csv"
    assert content_type == "text/csv; charset=utf-8"
    expected = (
        "\ufeffName;Gremium;Sitzungen;Satz;Betrag\r\n"
        "Adam, Anna;Ausschuss I;2;25,50;51,00\r\n"
        "Adam, Anna;Ausschuss II;1;25,50;25,50\r\n"
        "Berg, Bernd;Ausschuss I;1;25,50;25,50\r\n"
        "Claes, Carla;Ausschuss I;1;25,50;25,50\r\n"
        "Summe;;5;;127,50\r\n"
    )
    assert content == expected.encode()
    export = SittingFeeExport.objects.get()
    assert (export.period_start, export.period_end) == Q4
    assert export.file_format == "csv"
    assert export.rows == 4 and export.total == Decimal("127.50")
    assert export.exported_by == world.clerk
    assert set(export.organizations.all()) == {world.committee, world.other_committee}


def test_excel_export_opens_with_the_same_rows_and_total(quarter):
    world = quarter.world
    filename, content_type, content = _export(world, "xlsx")
    assert filename.endswith(".xlsx")
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("Name", "Gremium", "Sitzungen", "Satz", "Betrag")
    assert [(n, c, m, Decimal(str(r)), Decimal(str(a))) for n, c, m, r, a in lines[1:-1]] == (
        EXPECTED
    )
    assert lines[-1][0] == "Summe" and lines[-1][2] == 5
    assert Decimal(str(lines[-1][4])) == Decimal("127.50")
    assert all(isinstance(line[2], int) for line in lines[1:])
    assert sheet["E2"].number_format == "#,##0.00"
    export = SittingFeeExport.objects.get()
    assert export.file_format == "xlsx" and export.rows == 4


def test_each_export_is_recorded(quarter):
    world = quarter.world
    _export(world, "csv")
    _export(world, "xlsx")
    _export(world, "csv", start=datetime.date(2030, 11, 1), end=datetime.date(2030, 11, 30))
    assert SittingFeeExport.objects.count() == 3
    november = SittingFeeExport.objects.get(period_start=datetime.date(2030, 11, 1))
    # Anna in each committee, Carla standing in for Bernd
    assert november.rows == 3 and november.total == Decimal("76.50")


def test_a_name_that_looks_like_a_formula_stays_text(quarter):
    world = quarter.world
    Person.objects.filter(pk=quarter.carla.pk).update(family_name="=HYPERLINK(1)")
    _name, _type, content = _export(world, "csv")
    assert "'=HYPERLINK(1), Carla;Ausschuss I" in content.decode("utf-8-sig")
    _name, _type, content = _export(world, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    names = [sheet.cell(row=row, column=1) for row in range(2, sheet.max_row)]
    assert "=HYPERLINK(1), Carla" in [cell.value for cell in names]
    assert {cell.data_type for cell in names} == {"s"}


def test_clerk_of_one_committee_exports_only_its_rows(quarter):
    world = quarter.world
    clerk = person_user(world.body)
    grant(clerk, "manage_meetings", obj=world.other_committee)
    _name, _type, content = _export(world, "csv", by=clerk)
    assert content.decode("utf-8-sig").splitlines() == [
        "Name;Gremium;Sitzungen;Satz;Betrag",
        "Adam, Anna;Ausschuss II;1;25,50;25,50",
        "Summe;;1;;25,50",
    ]
    export = SittingFeeExport.objects.get()
    assert list(export.organizations.all()) == [world.other_committee]


@pytest.mark.parametrize("who", ["member", "chair", "outsider", "officer"])
def test_only_the_sitzungsdienst_exports(quarter, who):
    world = quarter.world
    with pytest.raises(PermissionDenied, match="Sitzungsdienst"):
        _export(world, "csv", by=getattr(world, who))
    assert not SittingFeeExport.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "file_format", "message"),
    [
        (Q4[1], Q4[0], "csv", "vor seinem Beginn"),
        (datetime.date(2030, 1, 1), datetime.date(2031, 1, 1), "csv", "höchstens ein Jahr"),
        (Q4[0], Q4[1], "pdf", "Unbekanntes Format"),
        (Q4[0], Q4[1], "", "Unbekanntes Format"),
    ],
)
def test_export_refuses_bad_input_and_records_nothing(quarter, start, end, file_format, message):
    with pytest.raises(InvalidInput, match=message):
        _export(quarter.world, file_format, start=start, end=end)
    assert not SittingFeeExport.objects.exists()
