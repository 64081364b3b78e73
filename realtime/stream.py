"""One subject's events, first the missed ones from the database, then live ones.

A subscriber follows its subject's watcher (`realtime.watchers`), which hands it every
event after the moment it joined. Whatever it missed before that, after its cursor, it
reads from the database first. So there is no gap and no duplicate, whatever the broker
does: the watcher reads the database too, on every wake-up and every poll interval.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from kennispunt.cursors import decode_number, encode_number
from kennispunt.db import Database, utcnow
from kennispunt.events.models import Event
from kennispunt.events.service import events_after, newest_event_id
from kennispunt.metrics import EVENT_LAG
from realtime.watchers import BATCH, RECHECK, Lagged, Nudgeable, Recheck, SubjectWatchers

_CURSOR_PREFIX = "event:"
MAX_EVENT_ID = 2**31 - 1
"""Event ids are 32-bit integers (``integer`` on PostgreSQL): a larger one names no event."""


def encode_event_cursor(event_id: int) -> str:
    return encode_number(_CURSOR_PREFIX, event_id)


def decode_event_cursor(cursor: str) -> int | None:
    """The event id in a cursor we handed out; None for any other text (`kennispunt.cursors`)."""
    return decode_number(_CURSOR_PREFIX, cursor, MAX_EVENT_ID)


async def latest_event_id(db: Database) -> int:
    """`newest_event_id`, read in a session of its own: the cursor "from now on" of a subscription."""
    async with db.session() as session:
        return await newest_event_id(session)


async def subject_events(
    db: Database,
    watchers: SubjectWatchers,
    subject_type: str,
    subject_id: int | None,
    after: int | None = None,
    following: set[Nudgeable] | None = None,
) -> AsyncIterator[Event | Recheck]:
    """Events of one subject (``subject_id`` None: of a whole type ordered as one, such as
    every ticket) in order: those after ``after`` (None: from now on), then live.

    While following, the follower is in ``following``, so that its owner can nudge it:
    it then yields `RECHECK` (which is not an event) for the subscriber to decide again
    whether it may still follow."""
    cursor = after
    while True:
        async with watchers.follow(subject_type, subject_id) as follower:
            if following is not None:
                following.add(follower)
            try:
                if cursor is None:
                    cursor = follower.start
                async for missed in _missed(db, subject_type, subject_id, cursor, follower.start):
                    cursor = missed.id
                    yield missed
                while True:
                    event = await follower.next()
                    if isinstance(event, Recheck):
                        yield event
                    elif event.id > cursor:
                        cursor = event.id
                        yield event
                        observe_lag(event)  # asked for the next one: this one went out (or was filtered)
            except Lagged:  # too far behind: catch up from the database, then follow again
                if follower.nudge_missed:
                    yield RECHECK
                continue
            finally:
                if following is not None:
                    following.discard(follower)


def observe_lag(event: Event) -> None:
    """How long after its commit a live event went out (a replay of old ones is no lag)."""
    EVENT_LAG.observe(max(0.0, (utcnow() - event.occurred_at).total_seconds()))


async def _missed(
    db: Database, subject_type: str, subject_id: int | None, cursor: int, up_to: int
) -> AsyncIterator[Event]:
    """The subject's events after ``cursor`` up to and including ``up_to``, from the database."""
    while cursor < up_to:
        async with db.session() as session:
            batch = await events_after(session, subject_type, subject_id, cursor, limit=BATCH)
        for event in batch:
            if event.id > up_to:
                return
            cursor = event.id
            yield event
        if len(batch) < BATCH:
            return
