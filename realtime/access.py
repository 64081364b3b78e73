"""Each process follows the changes to who may do what (`kennispunt.accounts.access`)
and hands each to what keeps something open on a caller's behalf: WebSockets, and
cached viewers. Through the broker a change arrives within milliseconds; while the
broker is down the watcher's poll brings it within `SubjectWatchers.poll_interval`.

A live feed asks `caught_up` before it sends an event, so that a change committed before
the event (a membership revoked, then a reply posted) is always applied first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from kennispunt.accounts.access import ACCESS_SUBJECT
from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.events.service import events_after, newest_event_id
from realtime.stream import subject_events
from realtime.watchers import BATCH, Recheck, SubjectWatchers

logger = logging.getLogger(__name__)

AccessListener = Callable[[Event], Awaitable[None]]


class AccessWatch:
    def __init__(self, db: Database, watchers: SubjectWatchers) -> None:
        self.db = db
        self.watchers = watchers
        self.listeners: list[AccessListener] = []
        self.position = 0
        """The newest access change applied."""
        self.checked_through = 0
        """Every access change committed with an id up to this one has been applied."""
        self._applying = asyncio.Lock()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="access changes")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def caught_up(self, event_id: int) -> None:
        """Apply every access change committed before event ``event_id`` (one read, shared)."""
        await self._ready.wait()
        if self.checked_through >= event_id - 1:
            return
        async with self._applying:
            if self.checked_through >= event_id - 1:
                return
            async with self.db.background_session() as session:
                changes = await events_after(session, ACCESS_SUBJECT, None, self.position, limit=BATCH)
            for change in changes:
                if change.id < event_id:
                    await self._apply(change)
            self.checked_through = max(self.checked_through, event_id - 1)

    async def _run(self) -> None:
        async with self.db.background_session() as session:
            self.position = self.checked_through = await newest_event_id(
                session
            )  # nothing earlier concerns us
        self._ready.set()
        async for event in subject_events(self.db, self.watchers, ACCESS_SUBJECT, None, self.position):
            if isinstance(event, Recheck):
                continue
            async with self._applying:
                await self._apply(event)

    async def _apply(self, event: Event) -> None:
        if event.id <= self.position:
            return
        self.position = event.id
        self.checked_through = max(self.checked_through, event.id)
        for listener in self.listeners:
            try:
                await listener(event)
            except Exception:  # one listener's failure must not stop the others
                logger.exception("handling access change %s (event %d) failed", event.kind, event.id)
