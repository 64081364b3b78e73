"""One watcher per subject per process, shared by every subscriber of that subject.

A watcher listens on the subject's broker channel and, when woken (or every
``poll_interval`` seconds, in case the broker lost a message or is down), reads the
subject's new events from the database once and hands them to each of its followers.
So a thousand pages following the seats of one training cost one cheap query per
interval while nothing happens, and one read per event, instead of a thousand.

Events of one subject commit in id order (`kennispunt.events.service.record_event`),
so "every event after the last one handed out" is exact: a follower that joins at
``start`` receives every event after ``start``, none twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol, Self, TypeVar

from broadcaster import Broadcast
from broadcaster._base import Subscriber
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.events.service import events_after, newest_event_id
from realtime.publisher import channel_for

logger = logging.getLogger(__name__)

BATCH = 200
FOLLOWER_BACKLOG = 1000
"""Events a follower may have waiting; one that falls further behind catches up from the database."""

SubjectKey = tuple[str, int | None]
T = TypeVar("T")


class Lagged(Exception):
    """The follower fell too far behind; it catches up from the database and follows again."""


class Recheck:
    """Not an event: the follower's viewer changed, so whether it may still follow is decided afresh."""


RECHECK = Recheck()


class Nudgeable(Protocol):
    """What a follower's owner may ask to decide afresh (a `Follower`, a live feed's member)."""

    def nudge(self) -> None: ...


class Follower:
    def __init__(self) -> None:
        self.start = 0
        """The last event before this follower joined; every later one arrives in `next`."""
        self._queue: asyncio.Queue[Event | Recheck] = asyncio.Queue(FOLLOWER_BACKLOG)
        self.lagged = False
        self.nudge_missed = False

    def offer(self, event: Event) -> bool:
        """Hand over an event; False when the backlog is full (the follower is dropped)."""
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lagged = True
            return False
        return True

    def nudge(self) -> None:
        """Have `next` return `RECHECK` soon (after what is already waiting)."""
        try:
            self._queue.put_nowait(RECHECK)
        except asyncio.QueueFull:  # it catches up from the database, and rechecks then
            self.lagged = self.nudge_missed = True

    async def next(self) -> Event | Recheck:
        if self.lagged and self._queue.empty():
            raise Lagged
        return await self._queue.get()


class SubjectWatcher:
    def __init__(self, db: Database, broadcast: Broadcast, key: SubjectKey, poll_interval: float) -> None:
        self.db = db
        self.broadcast = broadcast
        self.key = key
        self.poll_interval = poll_interval
        self.followers: set[Follower] = set()
        self.position = 0
        self.ready = asyncio.Event()
        self.task = asyncio.create_task(self._run(), name=f"watch {key[0]}:{key[1]}")

    async def _run(self) -> None:
        subject_type, subject_id = self.key
        async with _WakeUps(self.broadcast, channel_for(subject_type, subject_id)) as wake_up:
            self.position = await self._retrying(newest_event_id)
            for follower in self.followers:
                follower.start = self.position
            self.ready.set()
            while True:
                batch = await self._retrying(
                    lambda session: events_after(
                        session, subject_type, subject_id, self.position, limit=BATCH
                    )
                )
                for event in batch:
                    self.position = event.id
                    for follower in list(self.followers):
                        if not follower.offer(event):
                            self.followers.discard(follower)
                if len(batch) < BATCH:
                    await wake_up(self.poll_interval)

    def add(self, follower: Follower) -> None:
        if self.ready.is_set():
            follower.start = self.position
        self.followers.add(follower)

    async def stop(self) -> None:
        """Cancel the watcher and wait until it has let go of its database session.

        ``asyncio.wait``, not ``gather``: if the caller is cancelled meanwhile, the watcher
        is not cancelled a second time, which would interrupt the close of a connection
        whose query the first cancellation broke off.
        """
        self.task.cancel()
        await asyncio.wait([self.task])

    async def _retrying(self, read: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """A read of the database; while it fails, log and try again every poll interval."""
        while True:
            try:
                async with self.db.background_session() as session:
                    return await read(session)
            except Exception:
                logger.warning("watching %s:%s: the database read failed; retrying", *self.key, exc_info=True)
                await asyncio.sleep(self.poll_interval)


class SubjectWatchers:
    """The watchers of one process, started by the first follower and stopped by the last."""

    def __init__(self, db: Database, broadcast: Broadcast, poll_interval: float = 5.0) -> None:
        self.db = db
        self.broadcast = broadcast
        self.poll_interval = poll_interval
        self._watchers: dict[SubjectKey, SubjectWatcher] = {}

    @asynccontextmanager
    async def follow(
        self, subject_type: str, subject_id: int | None, follower: Follower | None = None
    ) -> AsyncIterator[Follower]:
        """Follow a subject: ``follower`` (a new one by default) is handed every event after
        its `Follower.start`."""
        key = (subject_type, subject_id)
        watcher = self._watchers.get(key)
        if watcher is None:
            watcher = self._watchers[key] = SubjectWatcher(self.db, self.broadcast, key, self.poll_interval)
        follower = follower or Follower()
        watcher.add(follower)
        try:
            await watcher.ready.wait()
            yield follower
        finally:
            watcher.followers.discard(follower)
            if not watcher.followers and self._watchers.get(key) is watcher:
                del self._watchers[key]
                await watcher.stop()

    def positions(self) -> dict[SubjectKey, int]:
        """Each watched subject and the last event its watcher handed out (for the metrics)."""
        return {key: watcher.position for key, watcher in self._watchers.items() if watcher.ready.is_set()}

    def follower_count(self) -> int:
        return sum(len(watcher.followers) for watcher in self._watchers.values())

    async def close(self) -> None:
        """Stop every watcher, so that the engine can then be disposed with no connection
        left checked out (nor one left for the garbage collector to close)."""
        running = list(self._watchers.values())
        self._watchers.clear()
        for watcher in running:
            watcher.task.cancel()
        if running:
            await asyncio.wait([watcher.task for watcher in running])


class _WakeUps:
    """Waits for a message on a channel, or at most a timeout; never raises on broker trouble."""

    def __init__(self, broadcast: Broadcast, channel: str) -> None:
        self.broadcast = broadcast
        self.channel = channel
        self._subscribed = False
        self._subscriber: Subscriber | None = None

    async def __aenter__(self) -> Self:
        self._subscription = self.broadcast.subscribe(channel=self.channel)
        try:
            self._subscriber = await self._subscription.__aenter__()
            self._subscribed = True
        except Exception:  # broker unavailable: polling alone still delivers everything
            logger.warning("could not subscribe to %s; polling only", self.channel, exc_info=True)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._subscribed:
            try:
                await self._subscription.__aexit__(None, None, None)
            except Exception:
                logger.warning("could not unsubscribe from %s", self.channel, exc_info=True)

    async def __call__(self, timeout: float) -> None:
        if self._subscriber is None:
            await asyncio.sleep(timeout)
            return
        try:
            await asyncio.wait_for(self._subscriber.get(), timeout)
        except TimeoutError:
            pass
        except Exception:  # the broker failed under us: poll from now on
            logger.warning("listening on %s failed; polling only", self.channel, exc_info=True)
            self._subscriber = None
            await asyncio.sleep(timeout)
