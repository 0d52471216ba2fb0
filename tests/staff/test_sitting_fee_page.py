"""The Sitzungsgeld page of the workspace: only for the Sitzungsdienst, the rows of a
period, the downloads (each recorded and listed), and a clear 400 for any odd input."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import grant, person_user
from tests.workflow.test_sitting_fees import quarter  # noqa: F401 (the fixture)
from workflow.models import SittingFeeExport

pytestmark = pytest.mark.django_db

URL = reverse("staff:sitting_fees")
Q4 = {"art": "quarter", "jahr": "2030", "nummer": "4"}


def _text(response) -> str:
    return response.content.decode()


def test_only_the_sitzungsdienst_reaches_the_page(client, world):
    assert client.get(URL).status_code == 302  # the login wall first
    for user in (world.member, world.chair, world.officer, world.outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.get(URL, Q4).status_code == 404
        assert client.post(URL, {**Q4, "format": "csv"}).status_code == 404
    assert not SittingFeeExport.objects.exists()
    client.force_login(world.clerk)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Anzeigen" in _text(page) and "Noch keine Exporte." in _text(page)


def test_the_workspace_links_the_page_for_clerks_only(client, world):
    client.force_login(world.clerk)
    assert URL in _text(client.get(reverse("staff:workspace")))
    client.force_login(world.member)
    assert URL not in _text(client.get(reverse("staff:workspace")))


def test_clerk_shows_a_quarter(client, quarter):  # noqa: F811
    client.force_login(quarter.world.clerk)
    page = client.get(URL, Q4)
    assert page.status_code == 200
    text = _text(page)
    assert "Sitzungsgeld 01.10.2030–31.12.2030" in text
    assert "<td>Adam, Anna</td><td>Ausschuss I</td><td>2</td><td>25,50</td><td>51,00</td>" in text
    assert "<td>Claes, Carla</td>" in text
    assert "<strong>127,50</strong>" in text
    for absent in ("Dahl, Dora", "Frau Gast", "Eick, Emil", "krank"):
        assert absent not in text
    # the download buttons carry the period shown
    assert 'name="von" value="2030-10-01"' in text and 'name="bis" value="2030-12-31"' in text
    assert "Als CSV herunterladen" in text and "Als Excel herunterladen" in text


def test_a_month_and_a_free_period(client, quarter):  # noqa: F811
    client.force_login(quarter.world.clerk)
    october = _text(client.get(URL, {"art": "month", "jahr": "2030", "nummer": "10"}))
    assert "<td>Berg, Bernd</td>" in october and "Claes, Carla" not in october
    free = _text(client.get(URL, {"art": "range", "von": "2030-11-01", "bis": "2030-11-16"}))
    assert "<td>Claes, Carla</td>" in free and "Berg, Bernd" not in free


def test_csv_download_is_recorded_and_listed(client, quarter):  # noqa: F811
    world = quarter.world
    client.force_login(world.clerk)
    download = client.post(URL, {**Q4, "format": "csv"})
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        download["Content-Disposition"]
        == 'attachment; filename="sitzungsgeld_2030-10-01_2030-12-31.csv"'
    )
    assert download.content.decode("utf-8-sig").splitlines()[-1] == "Summe;;5;;127,50"
    export = SittingFeeExport.objects.get()
    assert export.exported_by == world.clerk and export.rows == 4
    listed = _text(client.get(URL))
    assert "01.10.2030–31.12.2030" in listed
    assert "<td>clerk</td>" in listed and "<td>127,50</td>" in listed


def test_excel_download_from_the_shown_period(client, quarter):  # noqa: F811
    client.force_login(quarter.world.clerk)
    # what the buttons under the table send
    period = {"art": "range", "von": "2030-10-01", "bis": "2030-12-31", "format": "xlsx"}
    download = client.post(URL, period)
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[1][:3] == ("Adam, Anna", "Ausschuss I", 2)
    assert lines[-1][0] == "Summe" and float(lines[-1][4]) == 127.5
    assert SittingFeeExport.objects.get().file_format == "xlsx"


def test_clerk_of_one_committee_sees_only_its_rows_and_exports(client, quarter):  # noqa: F811
    world = quarter.world
    client.force_login(world.clerk)
    client.post(URL, {**Q4, "format": "csv"})  # every committee's export
    clerk = person_user(world.body)
    grant(clerk, "manage_meetings", obj=world.other_committee)
    client.force_login(clerk)
    text = _text(client.get(URL, Q4))
    assert "<td>Adam, Anna</td><td>Ausschuss II</td><td>1</td>" in text
    assert "Ausschuss I<" not in text and "Claes, Carla" not in text
    assert "Noch keine Exporte." in text  # the other clerk's export held Ausschuss I
    download = client.post(URL, {**Q4, "format": "csv"})
    assert download.content.decode("utf-8-sig").splitlines()[1:] == [
        "Adam, Anna;Ausschuss II;1;25,50;25,50",
        "Summe;;1;;25,50",
    ]
    assert "Noch keine Exporte." not in _text(client.get(URL))


def test_the_page_costs_the_same_queries_for_a_month_as_for_the_quarter(client, quarter):  # noqa: F811
    client.force_login(quarter.world.clerk)
    client.post(URL, {**Q4, "format": "csv"})
    client.get(URL, Q4)  # warm the session
    counts = []
    for params in ({"art": "month", "jahr": "2030", "nummer": "10"}, Q4):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"art": "quarter", "jahr": "abc"}, "erwartet wird eine ganze Zahl von 1900 bis 2200"),
        ({"art": "quarter", "jahr": "99999"}, "erwartet wird eine ganze Zahl von 1900 bis 2200"),
        ({"art": "year", "jahr": "٢٠٣٠"}, "erwartet wird eine ganze Zahl"),
        ({"art": "quarter", "jahr": ""}, "Bitte das Jahr angeben."),
        ({"art": "month", "jahr": "2030", "nummer": "13"}, "von 1 bis 12"),
        ({"art": "quarter", "jahr": "2030", "nummer": "5"}, "Das Quartal muss zwischen 1 und 4"),
        ({"art": "week", "jahr": "2030"}, "Unbekannte Art des Zeitraums"),
        ({"art": "\x00", "jahr": "2030\x00"}, "Nullzeichen"),
        ({"art": "month", "jahr": "2030", "nummer": "1\x00"}, "erwartet wird eine ganze Zahl"),
        ({"art": "range", "von": "2030-02-30", "bis": "2030-03-01"}, "erwartet wird ein Datum"),
        ({"art": "range", "von": "2030-13-01", "bis": "2030-03-01"}, "erwartet wird ein Datum"),
        ({"art": "range", "von": "0001-01-01", "bis": "0001-02-01"}, "erwartet wird ein Datum"),
        ({"art": "range", "von": "2030-01-01"}, "Bitte Beginn und Ende"),
        ({"art": "range", "von": "2030-03-01", "bis": "2030-01-01"}, "vor seinem Beginn"),
        ({"art": "range", "von": "2030-01-01", "bis": "2031-01-01"}, "höchstens ein Jahr"),
    ],
)
def test_bad_input_is_a_clear_400_never_a_500(client, world, params, message):
    client.force_login(world.clerk)
    for response in (client.get(URL, params), client.post(URL, {**params, "format": "csv"})):
        assert response.status_code == 400
        assert 'class="errorlist" role="alert"' in _text(response)
        assert message in _text(response)
    assert not SittingFeeExport.objects.exists()


@pytest.mark.parametrize("file_format", ["pdf", "", "csv\x00"])
def test_an_unknown_format_is_refused_and_not_recorded(client, world, file_format):
    client.force_login(world.clerk)
    response = client.post(URL, {**Q4, "format": file_format})
    assert response.status_code == 400
    assert "Format" in _text(response) or "Nullzeichen" in _text(response)
    assert not SittingFeeExport.objects.exists()
