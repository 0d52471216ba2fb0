"""The one parser of request input: query parameters and path ids.

Every value a URL carries is checked here before it reaches a query, so nothing a caller
types can make the database fail: only ASCII digits make a number (``"²".isdigit()`` is
true, ``int("²")`` is not), ids lie in 1..2**63 - 1 (the range of a ``bigint``), dates in
1900..2200 (far enough for a council, near enough that an offset never overflows), and
texts carry no NUL byte (PostgreSQL can neither store nor compare one) and are bounded.
A value that breaks these rules raises :class:`BadParameter`, which the portal, OParl and
the staff API each answer with one 400 page in their own format; a path id out of range is
simply not found (``parse_id`` returns None, the ``id`` converter does not match).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import overload

from django.urls import register_converter
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_TEXT = 200
_DIGITS = re.compile(r"[0-9]{1,19}")


class BadParameter(ValueError):
    """A query parameter that cannot be used; ``message`` is German, for the caller."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message

    def __str__(self) -> str:
        return _("Ungültiger Parameter „%(name)s“: %(message)s") % {
            "name": self.name,
            "message": self.message,
        }


def parse_int(value: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer written in ASCII digits within ``minimum``..``maximum``, else None."""
    if value is None or not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_id(value: str | int | None) -> int | None:
    """A primary key (1..2**63 - 1) from a path or a parameter; None for anything else."""
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    return parse_int(value, minimum=1)


@overload
def query_int(
    params: Mapping[str, str],
    name: str,
    *,
    default: int,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int: ...


@overload
def query_int(
    params: Mapping[str, str],
    name: str,
    *,
    default: None = None,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None: ...


def query_int(
    params: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_ID,
) -> int | None:
    """``params[name]`` as an integer; ``default`` when absent or empty."""
    value = params.get(name)
    if value is None or value == "":
        return default
    number = parse_int(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise BadParameter(
            name,
            _("erwartet wird eine ganze Zahl von %(minimum)s bis %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum},
        )
    return number


def query_id(params: Mapping[str, str], name: str) -> int | None:
    """``params[name]`` as an id (1..2**63 - 1); None when absent or empty."""
    return query_int(params, name, minimum=1)


def parse_day(value: str | None) -> datetime.date | None:
    """A date ``YYYY-MM-DD`` between the years 1900 and 2200; None for anything else."""
    if not value or len(value) > 10:
        return None
    try:
        day = parse_date(value)
    except ValueError:  # such as month 13
        return None
    return day if day is not None and MIN_YEAR <= day.year <= MAX_YEAR else None


def query_date(params: Mapping[str, str], name: str) -> datetime.date | None:
    """``params[name]`` as a date; None when absent or empty."""
    value = params.get(name)
    if not value:
        return None
    day = parse_day(value)
    if day is None:
        raise BadParameter(
            name,
            _("erwartet wird ein Datum JJJJ-MM-TT zwischen %(first)s und %(last)s.")
            % {"first": MIN_YEAR, "last": MAX_YEAR},
        )
    return day


_EARLIEST = datetime.datetime(MIN_YEAR, 1, 1, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(MAX_YEAR, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)


def query_datetime(params: Mapping[str, str], name: str) -> datetime.datetime | None:
    """``params[name]`` as an aware date-time (ISO 8601; without offset in the current time
    zone); None when absent or empty. A moment before 1900 or after 2200 is clamped to
    that range: ``modified_since=0001-01-01T00:00:00`` means "since always"."""
    value = params.get(name)
    if not value:
        return None
    # A "+" of the offset that was not URL-encoded arrives as a space.
    text = value.strip().replace(" ", "+")
    try:
        moment = parse_datetime(text) if len(text) <= 40 and "\x00" not in text else None
    except ValueError:  # such as month 13 or an offset of 25 hours
        moment = None
    if moment is None:
        raise BadParameter(name, _("erwartet wird ein Zeitpunkt nach ISO 8601."))
    if moment.year < MIN_YEAR + 1:
        return _EARLIEST
    if moment.year > MAX_YEAR - 1:
        return _LATEST
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def query_text(params: Mapping[str, str], name: str, *, max_length: int = MAX_TEXT) -> str:
    """``params[name]`` as text ("" when absent): no NUL byte, at most ``max_length``."""
    value = params.get(name, "")
    check_text(name, value, max_length=max_length)
    return value


def check_text(name: str, value: str, *, max_length: int = MAX_TEXT) -> None:
    if "\x00" in value:
        raise BadParameter(name, _("der Text enthält ein Nullzeichen."))
    if len(value) > max_length:
        raise BadParameter(
            name, _("höchstens %(count)s Zeichen sind erlaubt.") % {"count": max_length}
        )


def has_nul(values: Mapping[str, str]) -> str | None:
    """The name of the first parameter (or value) of ``values`` with a NUL byte, if any."""
    for key in values:
        if "\x00" in key:
            return key.replace("\x00", "")
        for value in values.getlist(key) if hasattr(values, "getlist") else [values[key]]:
            if "\x00" in value:
                return key
    return None


class IdConverter:
    """``<id:pk>`` in a URL: 1 to 18 ASCII digits, so every match fits a ``bigint`` (Django's
    ``<int:…>`` takes any length, and a 30-digit id made the database fail)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
