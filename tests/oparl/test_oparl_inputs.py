"""No parameter of an OParl list makes it fail: what cannot be used is a 400 with an OParl
error object naming the parameter; extreme moments are clamped (SQLite and PostgreSQL)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import request_fuzzing
from workflow import services

BASE = "/oparl/v1/"
MOMENTS = ["created_since", "created_until", "modified_since", "modified_until"]


@pytest.fixture
def lists(world):
    meeting = world.meeting()
    services.add_agenda_item(meeting, paper=world.submitted(name="Radweg"), by=world.clerk)
    world.invite(meeting)
    return [
        f"{BASE}bodies",
        f"{BASE}body/{world.body.pk}/paper",
        f"{BASE}body/{world.body.pk}/meeting",
        f"{BASE}body/{world.body.pk}/agendaItem",
        f"{BASE}organization/{world.committee.pk}/meeting",
    ]


@pytest.mark.parametrize("name", MOMENTS)
@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
)
def test_extreme_moments_are_clamped_not_failed(client, lists, name, value):
    for url in lists:
        response = client.get(url, {name: value})
        assert response.status_code == 200, (url, response.content)


def test_since_the_year_one_lists_everything(client, lists):
    everything = client.get(lists[1]).json()["data"]
    assert client.get(lists[1], {"modified_since": "0001-01-01T00:00:00"}).json()["data"]
    assert [o["id"] for o in everything] == [
        o["id"]
        for o in client.get(lists[1], {"modified_until": "9999-12-31T23:59:59-14:00"}).json()[
            "data"
        ]
    ]


@pytest.mark.parametrize("name", ["limit", "after", "before", "deleted_after"])
@pytest.mark.parametrize("value", ["²", "١٢", "-1", "9223372036854775808", "1" * 30, "\x00"])
def test_odd_numbers_answer_400_with_an_oparl_error_naming_the_parameter(
    client, world, name, value
):
    response = client.get(f"{BASE}body/{world.body.pk}/paper", {name: value})
    assert response.status_code == 400
    error = response.json()
    assert error["type"].endswith("/Error") and name in error["message"]


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00:00", "2024-01-01\x00"])
def test_impossible_moments_answer_400(client, world, value):
    response = client.get(f"{BASE}body/{world.body.pk}/paper", {"modified_since": value})
    assert response.status_code == 400 and "modified_since" in response.json()["message"]


def test_before_end_and_limits_still_work(client, lists):
    assert client.get(lists[1], {"before": "end", "limit": "5000"}).status_code == 200
    assert client.get(lists[1], {"limit": "0"}).json()["pagination"]["elementsPerPage"] == 1


printable = st.characters(exclude_categories=["Cs"])
values = st.one_of(
    st.text(printable, max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("end"),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.sampled_from(
        ["0001-01-01T00:00:00", "9999-12-31T23:59:59-14:00", "2024-01-01T00:00:00+99:00", "²"]
    ),
)
PARAMETERS = ["limit", "after", "before", "deleted_after", *MOMENTS]


@request_fuzzing
@given(
    which=st.integers(min_value=0, max_value=4),
    query=st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=4),
)
def test_no_oparl_list_parameter_makes_a_server_error(client, lists, which, query):
    response = client.get(f"{lists[which]}?{urlencode(query)}")
    assert response.status_code < 500, (lists[which], query)
