"""An iCalendar feed (RFC 5545) of current trainings, to subscribe to in a calendar app.

One VEVENT per training session. Its UID is the session's (``training-session-{id}@{host}``)
so that a client updates the event in place; SEQUENCE, DTSTAMP and LAST-MODIFIED come
from the training's ``updated_at``, so the same data gives the same bytes (and ETag).
Times carry ``TZID=Europe/Amsterdam`` with its VTIMEZONE, which also keeps a calendar
without trainings valid (RFC 5545 asks for at least one component). The ``icalendar``
library writes CRLF line ends, folds long lines and escapes text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import cast
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone
from icalendar.enums import STATUS

from kennispunt.db import DISPLAY_TIMEZONE, utcnow
from kennispunt.i18n import Language, translate
from kennispunt.links import Links
from kennispunt.trainings.models import Training, TrainingSession
from syndication.sources import ScheduledTraining

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Kennispunt lokale politieke partijen//Trainingen//NL"
REFRESH = timedelta(hours=1)
"""How often subscribed clients should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
TIMEZONE_ID = "Europe/Amsterdam"


@dataclass(frozen=True)
class CalendarInfo:
    self_url: str
    site_url: str


def _host(links: Links) -> str:
    return urlsplit(links.site_url).hostname or "localhost"


def session_uid(links: Links, session: TrainingSession) -> str:
    return f"training-session-{session.id}@{_host(links)}"


def sequence_of(training: Training) -> int:
    """Whole seconds from creation to the last change, rounded up: 0 for an unchanged
    training and larger after every change made at least a second after the previous one."""
    return max(0, math.ceil((training.updated_at - training.created_at).total_seconds()))


def _location(training: Training, language: Language) -> str:
    if training.location:
        return training.location
    return translate("calendar.format." + training.format.value, language)


def _summary(training: Training, index: int, count: int, language: Language) -> str:
    if count == 1:
        return training.title
    return f"{training.title} ({translate('calendar.part', language, index=index, count=count)})"


def _event(
    links: Links, scheduled: ScheduledTraining, index: int, session: TrainingSession, language: Language
) -> Event:
    training = scheduled.training
    url = links.training(training.slug)
    changed = training.updated_at.astimezone(UTC)
    return Event.new(
        uid=session_uid(links, session),
        sequence=sequence_of(training),
        stamp=changed,
        last_modified=changed,
        created=training.created_at.astimezone(UTC),
        summary=_summary(training, index, len(scheduled.sessions), language),
        description=f"{training.summary}\n\n{url}",
        location=_location(training, language),
        url=url,
        start=session.starts_at.astimezone(DISPLAY_TIMEZONE),
        end=session.ends_at.astimezone(DISPLAY_TIMEZONE),
        status=STATUS.CONFIRMED,
        categories=[scheduled.topic.name] if scheduled.topic else (),
    )


def _timezone(sessions: Sequence[TrainingSession]) -> Timezone:
    """The VTIMEZONE, with transitions from the first session's year to a year after the last."""
    years = [moment.year for session in sessions for moment in (session.starts_at, session.ends_at)]
    first, last = (min(years), max(years)) if years else (utcnow().year, utcnow().year)
    return Timezone.from_tzid(TIMEZONE_ID, first_date=date(first, 1, 1), last_date=date(last + 1, 12, 31))


def trainings_calendar(
    info: CalendarInfo, trainings: Sequence[ScheduledTraining], links: Links, language: Language
) -> bytes:
    """The calendar document: one event per session of the given trainings."""
    calendar = Calendar.new(
        prodid=PRODID,
        name=translate("calendar.name", language),
        description=translate("calendar.description", language),
        method="PUBLISH",
        uid=f"trainings@{_host(links)}",
        url=info.site_url,
        source=info.self_url,
    )
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT1H")
    calendar.add("X-WR-TIMEZONE", TIMEZONE_ID)
    calendar.add_component(_timezone([session for scheduled in trainings for session in scheduled.sessions]))
    for scheduled in trainings:
        for index, session in enumerate(scheduled.sessions, start=1):
            calendar.add_component(_event(links, scheduled, index, session, language))
    return cast(bytes, calendar.to_ical())  # icalendar does not annotate to_ical
