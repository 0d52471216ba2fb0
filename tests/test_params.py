"""``config.params``: the one parser of query parameters and path ids."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from config import params


@pytest.mark.parametrize(
    "value",
    ["²", "١٢", "１", "-1", "+1", "1.0", " 1", "1\n", "0", "", "abc", "9223372036854775808"],
)
def test_parse_id_accepts_only_ascii_digits_within_bigint(value):
    assert params.parse_id(value) is None


def test_parse_id_reads_the_largest_bigint():
    assert params.parse_id("9223372036854775807") == 2**63 - 1
    assert params.parse_id("007") == 7


@pytest.mark.parametrize("value", ["²", "10001", "0", "x", "99999999999999999999999999"])
def test_query_int_refuses_what_it_cannot_use_naming_the_parameter(value):
    with pytest.raises(params.BadParameter) as refused:
        params.query_int(QueryDict(f"seite={value}"), "seite", minimum=1, maximum=10_000)
    assert refused.value.name == "seite" and "„seite“" in str(refused.value)


def test_query_int_gives_the_default_when_absent_or_empty():
    assert params.query_int(QueryDict("seite="), "seite", default=1) == 1
    assert params.query_int(QueryDict(""), "seite", default=1) == 1


@pytest.mark.parametrize(
    "value", ["0001-01-01", "9999-12-31", "2024-13-01", "2024-02-30", "\x00", "2024-1-1x"]
)
def test_parse_day_is_none_outside_1900_to_2200_or_impossible(value):
    assert params.parse_day(value) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0001-01-01T00:00:00", datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)),
        ("0001-01-01T00:00:00+14:00", datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)),
        (
            "9999-12-31T23:59:59-14:00",
            datetime.datetime(2200, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
        ),
    ],
)
def test_query_datetime_clamps_extreme_moments(value, expected):
    assert params.query_datetime({"since": value}, "since") == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00:00", "2024-01-01T00:00\x00"])
def test_query_datetime_refuses_what_is_no_moment(value):
    with pytest.raises(params.BadParameter):
        params.query_datetime({"since": value}, "since")


def test_query_text_refuses_nul_bytes_and_overlong_values():
    assert params.query_text({"q": "Radweg"}, "q") == "Radweg"
    with pytest.raises(params.BadParameter):
        params.query_text({"q": "a\x00b"}, "q")
    with pytest.raises(params.BadParameter):
        params.query_text({"q": "x" * 201}, "q")
