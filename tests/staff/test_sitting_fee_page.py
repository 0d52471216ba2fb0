"""The Sitzungsgeld page of the workspace."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.workflow.test_sitting_fees import quarter  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

URL = reverse("staff:sitting_fees")


def test_only_the_sitzungsdienst_sees_it(client, world):
    for user in (world.member, world.chair, world.outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    client.force_login(world.clerk)
    assert client.get(URL).status_code == 200


def test_clerk_shows_a_quarter_and_downloads_it(client, quarter):  # noqa: F811
    client.force_login(quarter.clerk)
    page = client.get(URL, {"art": "quarter", "jahr": "2030", "nummer": "4"})
    assert page.status_code == 200 and "Vertretung, Vera" in page.content.decode()
    download = client.post(URL, {"art": "quarter", "jahr": "2030", "nummer": "4", "format": "csv"})
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert b"Summe;;5;;127,50" in download.content


@pytest.mark.parametrize(
    "params",
    [
        {"art": "quarter", "jahr": "abc"},
        {"art": "quarter", "jahr": "99999"},
        {"art": "month", "jahr": "2030", "nummer": "13"},
        {"art": "range", "von": "2030-02-30", "bis": "2030-03-01"},
        {"art": "\x00", "jahr": "2030\x00"},
        {"art": "year", "jahr": "٢٠٣٠"},
    ],
)
def test_bad_input_is_a_clear_400_never_a_500(client, world, params):
    client.force_login(world.clerk)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert b"errorlist" in response.content or b'role="alert"' in response.content
