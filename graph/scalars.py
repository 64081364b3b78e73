"""Custom scalars: ``DateTime`` and ``Date``, each with the specification it follows
(``@specifiedBy``), so that clients and code generators know the format.

A ``DateTime`` is ISO 8601 with a UTC offset; one without an offset is read as Dutch local
time. Inputs must lie from `EARLIEST` through `LATEST`, and are refused with BAD_USER_INPUT
beyond them. Nothing Kennispunt plans or publishes lies outside those years, and every
consumer of a stored moment can handle them: near Python's own ends (0001-01-01 and
9999-12-31) converting to UTC or to Dutch local time overflows, and the calendar feed's
time zone, its feedgen and icalendar libraries and JavaScript clients each have limits
of their own (icalendar writes a time zone transition for every year it spans).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import strawberry

from graph.errors import bad_input
from kennispunt.db import DISPLAY_TIMEZONE

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


def parse_datetime(value: Any) -> datetime:
    """An aware datetime from an ISO 8601 string; BAD_USER_INPUT (`DomainError`) otherwise."""
    if not isinstance(value, str):
        raise bad_input("datetime.invalid")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise bad_input("datetime.invalid") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DISPLAY_TIMEZONE)
    try:
        in_range = EARLIEST <= parsed.astimezone(UTC) <= LATEST
    except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00: before the first moment Python has in UTC
        in_range = False
    if not in_range:
        raise bad_input("datetime.out_of_range", earliest=_shown(EARLIEST), latest=_shown(LATEST))
    return parsed


def serialize_datetime(value: datetime) -> str:
    """In Dutch local time, e.g. ``2027-03-20T19:30:00+01:00``."""
    return value.astimezone(DISPLAY_TIMEZONE).isoformat()


def _shown(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_date(value: Any) -> date:
    """A calendar date from an ISO 8601 string (``2027-03-20``); BAD_USER_INPUT otherwise."""
    if not isinstance(value, str):
        raise bad_input("date.invalid")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad_input("date.invalid") from None


DATETIME = strawberry.scalar(
    name="DateTime",
    description="ISO-8601 with UTC offset, e.g. 2027-03-20T19:30:00+01:00; sent in Dutch local time.",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    serialize=serialize_datetime,
    parse_value=parse_datetime,
)
DATE = strawberry.scalar(
    name="Date",
    description="A calendar date in ISO 8601, e.g. 2027-03-20 (RFC 3339 `full-date`).",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339#section-5.6",
    serialize=date.isoformat,
    parse_value=parse_date,
)
