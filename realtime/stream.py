"""One subject's events, first the missed ones from the database, then live ones.

The broker only wakes a subscriber up; what it receives is always read from the
``events`` table after its cursor. So there is no gap and no duplicate, whatever the
broker does: a message lost while Redis was down, or one arriving while the replay is
still running, changes nothing. Without any wake-up a subscriber still looks every
`poll_interval` seconds, so it never waits forever on a broken broker.

Events of one subject commit in id order (see `kennispunt.events.service.record_event`),
which makes "everything after the cursor" exact.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
from collections.abc import AsyncIterator

from broadcaster import Broadcast
from sqlalchemy import func, select

from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.events.service import events_after
from realtime.publisher import channel_for

logger = logging.getLogger(__name__)

BATCH = 200
_CURSOR_PREFIX = "event:"


def encode_event_cursor(event_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{event_id}".encode()).decode().rstrip("=")


def decode_event_cursor(cursor: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    number = raw.removeprefix(_CURSOR_PREFIX)
    if not raw.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 18:
        return None
    return int(number)


async def latest_event_id(db: Database) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0


async def subject_events(
    db: Database,
    broadcast: Broadcast,
    subject_type: str,
    subject_id: int | None,
    after: int | None = None,
    *,
    poll_interval: float = 5.0,
) -> AsyncIterator[Event]:
    """Events of one subject (``subject_id`` None: of a whole type ordered as one, such as
    every ticket) in order: those after ``after`` (None: from now on), then live."""
    async with _WakeUps(broadcast, channel_for(subject_type, subject_id)) as wake_up:
        cursor = after if after is not None else await latest_event_id(db)
        while True:
            async with db.session() as session:
                batch = await events_after(session, subject_type, subject_id, cursor, limit=BATCH)
            for event in batch:
                cursor = event.id
                yield event
            if len(batch) == BATCH:
                continue  # more to replay
            await wake_up(poll_interval)


class _WakeUps:
    """Waits for a message on a channel, or at most a timeout; never raises on broker trouble."""

    def __init__(self, broadcast: Broadcast, channel: str) -> None:
        self.broadcast = broadcast
        self.channel = channel

    async def __aenter__(self) -> _WakeUps:
        self._subscription = self.broadcast.subscribe(channel=self.channel)
        try:
            self._subscriber = await self._subscription.__aenter__()
        except Exception:  # broker unavailable: polling alone still delivers everything
            logger.warning("could not subscribe to %s; polling only", self.channel, exc_info=True)
            self._subscriber = None
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._subscriber is not None:
            await self._subscription.__aexit__(None, None, None)

    async def __call__(self, timeout: float) -> None:
        if self._subscriber is None:
            await asyncio.sleep(timeout)
            return
        try:
            await asyncio.wait_for(self._subscriber.get(), timeout)
        except TimeoutError:
            pass
