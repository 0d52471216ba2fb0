"""Sitzungsgeld: who attended how many held meetings of a quarter, and the payroll files."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.factories import PersonFactory, UserFactory, at, grant
from workflow import services, sitting_fees
from workflow.errors import InvalidInput, PermissionDenied
from workflow.models import Attendance, SittingFeeExport

pytestmark = pytest.mark.django_db

Q4 = (datetime.date(2030, 10, 1), datetime.date(2030, 12, 31))


def _held(world, start, organization=None, *, close=True):
    meeting = services.create_meeting(
        organization=organization or world.committee, start=start, by=world.clerk
    )
    services.add_agenda_item(meeting, name="Eröffnung", by=world.clerk)
    world.invite(meeting)
    if close:
        services.close_meeting(meeting, by=world.clerk)
    return meeting


def _attend(meeting, person, status="present", role="member", **fields):
    return Attendance.objects.create(
        meeting=meeting, person=person, role=role, status=status, voting=role != "guest", **fields
    )


@pytest.fixture
def quarter(world):
    world.body.sitting_fee = Decimal("25.50")
    world.body.save()
    chair, member = world.chair.person, world.member.person
    deputy = PersonFactory(body=world.body, family_name="Vertretung", given_name="Vera")
    guest = PersonFactory(body=world.body, family_name="Gast", given_name="Gerd")
    # created in the order they begin: each one is held before the next is planned
    outside = _held(world, at(3, month=9))  # September: another quarter
    _attend(outside, chair)
    first = _held(world, at(5, month=10))
    other = _held(world, at(6, month=10), world.other_committee)
    _attend(other, chair)
    second = _held(world, at(12, month=11))
    for meeting in (first, second):
        _attend(meeting, chair)
        _attend(meeting, guest, role="guest")
    _attend(first, member)
    _attend(second, member, status="excused")
    _attend(second, deputy, role="deputy", stands_in_for=member)
    not_held = _held(world, at(28, month=11), close=False)  # invited, never closed
    _attend(not_held, chair)
    cancelled = services.create_meeting(
        organization=world.committee, start=at(20, month=12), by=world.clerk
    )
    services.cancel_meeting(cancelled, by=world.clerk, comment="entfällt")
    _attend(cancelled, chair)
    return world


def test_quarter_counts_present_members_and_deputies_of_held_meetings(quarter):
    world = quarter
    fees = sitting_fees.sitting_fee_rows(
        body=world.body, start=Q4[0], end=Q4[1], organizations=[world.committee]
    )
    rows = [(r.name, r.committee, r.meetings, r.amount) for r in fees.rows]
    chair, member = world.chair.person, world.member.person
    assert rows == sorted(
        [
            (chair.sort_name, "Ausschuss I", 2, Decimal("51.00")),
            (member.sort_name, "Ausschuss I", 1, Decimal("25.50")),
            ("Vertretung, Vera", "Ausschuss I", 1, Decimal("25.50")),
        ]
    )
    assert fees.total == Decimal("102.00")
    assert sitting_fees.period("quarter", 2030, 4) == Q4


def test_csv_and_excel_exports_agree_and_are_recorded(quarter):
    world = quarter
    csv_file = services.export_sitting_fees(
        body=world.body, start=Q4[0], end=Q4[1], file_format="csv", by=world.clerk
    )
    lines = csv_file.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Name;Gremium;Sitzungen;Satz;Betrag"
    assert "Vertretung, Vera;Ausschuss I;1;25,50;25,50" in lines
    # the clerk of every committee: the other committee's meeting counts too
    assert lines[-1] == "Summe;;5;;127,50"
    xlsx = services.export_sitting_fees(
        body=world.body, start=Q4[0], end=Q4[1], file_format="xlsx", by=world.clerk
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Name", "Gremium", "Sitzungen", "Satz", "Betrag")
    assert values[-1][0] == "Summe" and values[-1][2] == 5
    assert Decimal(str(values[-1][4])) == Decimal("127.50")
    assert len(values) == len(lines)
    exports = SittingFeeExport.objects.order_by("exported_at")
    assert [(e.file_format, e.rows, e.total) for e in exports] == [
        ("csv", 4, Decimal("127.50")),
        ("xlsx", 4, Decimal("127.50")),
    ]


def test_clerk_of_one_committee_exports_only_its_rows(quarter):
    world = quarter
    clerk = UserFactory(username="clerk-two")
    grant(clerk, "manage_meetings", obj=world.other_committee)
    content = services.export_sitting_fees(
        body=world.body, start=Q4[0], end=Q4[1], file_format="csv", by=clerk
    ).content.decode("utf-8-sig")
    assert "Ausschuss II" in content and "Ausschuss I;" not in content


def test_refusals(quarter):
    world = quarter
    with pytest.raises(PermissionDenied):
        services.export_sitting_fees(
            body=world.body, start=Q4[0], end=Q4[1], file_format="csv", by=world.member
        )
    for start, end, file_format in (
        (Q4[1], Q4[0], "csv"),
        (datetime.date(2030, 1, 1), datetime.date(2031, 6, 1), "csv"),
        (Q4[0], Q4[1], "pdf"),
    ):
        with pytest.raises(InvalidInput):
            services.export_sitting_fees(
                body=world.body, start=start, end=end, file_format=file_format, by=world.clerk
            )
    assert not SittingFeeExport.objects.exists()
