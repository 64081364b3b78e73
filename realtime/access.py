"""Each process follows the changes to who may do what (`kennispunt.accounts.access`)
and hands each to what keeps something open on a caller's behalf: WebSockets, and
cached viewers. Through the broker a change arrives within milliseconds; while the
broker is down the watcher's poll brings it within `SubjectWatchers.poll_interval`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from kennispunt.accounts.access import ACCESS_SUBJECT
from kennispunt.db import Database
from kennispunt.events.models import Event
from realtime.stream import subject_events
from realtime.watchers import Recheck, SubjectWatchers

logger = logging.getLogger(__name__)

AccessListener = Callable[[Event], Awaitable[None]]


class AccessWatch:
    def __init__(self, db: Database, watchers: SubjectWatchers) -> None:
        self.db = db
        self.watchers = watchers
        self.listeners: list[AccessListener] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="access changes")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        async for event in subject_events(self.db, self.watchers, ACCESS_SUBJECT, None):
            if isinstance(event, Recheck):
                continue
            for listener in self.listeners:
                try:
                    await listener(event)
                except Exception:  # one listener's failure must not stop the others
                    logger.exception("handling access change %s (event %d) failed", event.kind, event.id)
