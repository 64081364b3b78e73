"""Live fan-out: each event is resolved once per group of subscribers, not once per subscriber.

One `SubjectFeed` per subject (a thread, a training, the helpdesk queue) per process
follows the subject's watcher and owns every subscriber of that subject on the process's
WebSockets. For each event, subscribers are grouped by what they sent (the `Shape`: the
operation, its variables, their language) and by what they may see: the event is resolved
for the first subscriber of a shape with a `RecordingViewer`, and shared with every other
subscriber of whom the noted facts hold (`graph.live.facts`); only who differs gets a
resolution of their own. Fields that are each viewer's own are filled in per subscriber
from values loaded once for the whole group (`graph.live.slots`). Per subscriber, what
remains is that check, the filling in, and the send.

A subscriber joining with a cursor first gets what it missed, from a window of the
subject's recent events that the feed keeps (and reads from the database once, however
many subscribers reconnect at once), with the resolutions cached; then live events.
Everything a feed does happens in its one task, in order, so no subscriber sees an event
twice or misses one.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from cachetools import LRUCache
from graphql.execution import Executor, execute_subscription_event

from graph.errors import format_error, log_unexpected_errors
from graph.live.facts import RecordingViewer, holds_for
from graph.live.field import END, Outcome, Render, Shape
from graph.live.slots import OpenSlots, Slot, Template, load_values
from graph.live.subscriber import Join, Leave, Recheck, Subscriber, ViewerKind
from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.events.service import events_after
from realtime.access import AccessWatch
from realtime.stream import observe_lag
from realtime.watchers import BATCH, Follower, SubjectKey, SubjectWatchers

if TYPE_CHECKING:
    from graph.context import Context

logger = logging.getLogger(__name__)

WINDOW = 2000
"""Recent events a feed keeps in memory for subscribers that reconnect with a cursor."""


class _FeedFollower(Follower):
    """What the subject's watcher hands events to: the feed's own queue."""

    def __init__(self, feed: SubjectFeed) -> None:
        super().__init__()
        self.feed = feed

    def offer(self, event: Event) -> bool:
        if self.feed.pending_events >= BATCH * 5:
            self.lagged = True
            return False
        self.feed.pending_events += 1
        self.feed.put(event)
        return True


class SubjectFeed:
    def __init__(self, feeds: LiveFeeds, key: SubjectKey) -> None:
        self.feeds = feeds
        self.key = key
        self._queue: asyncio.Queue[Event | Join | Leave | Recheck] = asyncio.Queue()
        self.pending_events = 0
        self.subscribers: set[Subscriber] = set()
        self.joining = 0
        self.position = 0
        self.window: list[Event] = []
        self.window_start = 0
        """Every event of the subject after this id (up to `position`) is in `window`."""
        self._renders: LRUCache[tuple[int, tuple[Any, ...]], list[Render]] = LRUCache(maxsize=4096)
        self.task = asyncio.create_task(self._run(), name=f"feed {key[0]}:{key[1]}")

    def put(self, command: Event | Join | Leave | Recheck) -> None:
        self._queue.put_nowait(command)

    async def _run(self) -> None:
        subject_type, subject_id = self.key
        while True:
            follower = _FeedFollower(self)
            async with self.feeds.watchers.follow(subject_type, subject_id, follower=follower):
                if not self.position:
                    self.position = self.window_start = follower.start
                await self._catch_up(follower.start)
                while not follower.lagged or self.pending_events:
                    command = await self._queue.get()
                    after_joining = await self._join_all(command) if isinstance(command, Join) else command
                    if after_joining is None:  # a reconnecting crowd was caught up together
                        continue
                    if not await self._handle(after_joining):
                        return
            # the watcher dropped us for falling behind: read what we missed, then follow again

    async def _handle(self, command: Event | Join | Leave | Recheck) -> bool:
        """Carry out one command; False when the feed has nobody left and stops."""
        try:
            if isinstance(command, Event):
                self.pending_events -= 1
                if command.id > self.position:
                    self._remember(command)
                    await self._deliver(command, self.subscribers)
                    observe_lag(command)
            elif isinstance(command, Leave):
                self.subscribers.discard(command.subscriber)
                if not self.subscribers and not self.joining and self._queue.empty():
                    self.feeds.forget(self)
                    return False
            elif (
                command.subscriber in self.subscribers
                and not await command.subscriber.shape.field.still_visible(command.subscriber.context)
            ):
                self.subscribers.discard(command.subscriber)
                command.subscriber.end()
        except Exception:  # one failed event must not stop the feed of everyone else
            logger.exception("live feed %s:%s: handling %r failed", *self.key, command)
        return True

    async def _catch_up(self, up_to: int) -> None:
        """Events between our position and ``up_to`` that the watcher will not hand us."""
        while self.position < up_to:
            batch = await self._read(self.position, up_to)
            for event in batch:
                self._remember(event)
                await self._deliver(event, self.subscribers)
            if len(batch) < BATCH:
                self.position = max(self.position, up_to)
                return

    async def _read(self, after: int, up_to: int) -> list[Event]:
        async with self.feeds.db.background_session() as session:
            batch = await events_after(session, self.key[0], self.key[1], after, limit=BATCH)
        return [event for event in batch if event.id <= up_to]

    def _remember(self, event: Event) -> None:
        self.position = event.id
        self.window.append(event)
        if len(self.window) > WINDOW:
            dropped = self.window.pop(0)
            self.window_start = dropped.id

    async def _join_all(self, first: Join) -> Event | Leave | Recheck | None:
        """Let in ``first`` and every other subscriber waiting to join right behind it: each
        missed event is resolved and its values loaded once for all who missed it. Returns
        the command that came after them, to be handled next."""
        joins = [first]
        following: Event | Leave | Recheck | None = None
        while not self._queue.empty():
            command = self._queue.get_nowait()
            if not isinstance(command, Join):
                following = command
                break
            joins.append(command)
        self.joining -= len(joins)
        try:
            behind = [join for join in joins if join.after is not None and join.after < self.position]
            ended: set[Subscriber] = set()
            if behind:
                for event in await self._missed(min(join.after for join in behind if join.after is not None)):
                    missed_it = {
                        join.subscriber for join in behind if join.after is not None and join.after < event.id
                    }
                    ended |= await self._deliver(event, missed_it - ended)
            self.subscribers.update(join.subscriber for join in joins if join.subscriber not in ended)
        except Exception:
            logger.exception("live feed %s:%s: letting %d subscribers in failed", *self.key, len(joins))
            for join in joins:
                join.subscriber.end()
        return following

    async def _missed(self, after: int) -> list[Event]:
        """The subject's events after ``after`` up to our position: from the window, which is
        first extended from the database when the cursor lies before it (once, for all)."""
        if after < self.window_start:
            older: list[Event] = []
            cursor = after
            while cursor < self.window_start:
                batch = await self._read(cursor, self.window_start)
                older.extend(batch)
                if len(batch) < BATCH:
                    break
                cursor = batch[-1].id
            if len(older) + len(self.window) <= WINDOW * 2:
                self.window = older + self.window
                self.window_start = after
            else:  # too far back to keep: this one subscriber reads it
                return older + [event for event in self.window if event.id > after]
        return [event for event in self.window if event.id > after]

    async def _deliver(self, event: Event, subscribers: set[Subscriber]) -> set[Subscriber]:
        """Send ``event`` to ``subscribers``; returns those whose subscription ended on it."""
        if self.feeds.access is not None:
            await self.feeds.access.caught_up(event.id)
        by_shape: dict[int, list[Subscriber]] = {}
        for subscriber in subscribers:
            by_shape.setdefault(id(subscriber.shape), []).append(subscriber)
        ended: set[Subscriber] = set()
        for members in by_shape.values():
            shape = members[0].shape
            assigned = await self._assign(event, shape, members)
            values = await self._own_values(assigned)
            for subscriber, render in assigned:
                if render.outcome is END:
                    self.subscribers.discard(subscriber)
                    subscriber.end()
                    ended.add(subscriber)
                elif render.outcome is None:
                    assert render.template is not None
                    await subscriber.deliver(render.template.fill(values, subscriber.user_id))
        return ended

    async def _assign(
        self, event: Event, shape: Shape, members: list[Subscriber]
    ) -> list[tuple[Subscriber, Render]]:
        """Which resolution of ``event`` each subscriber gets: one per group of viewers of whom
        the same facts hold. Viewers alike in everything but who they are (`Subscriber.kind`)
        share one without asking again, unless the result is personal."""
        renders = self._renders.setdefault((event.id, shape.key), [])
        by_kind: dict[ViewerKind, Render] = {}
        assigned: list[tuple[Subscriber, Render]] = []
        for subscriber in members:
            kind = subscriber.kind
            render = by_kind.get(kind)
            if render is None:
                viewer = subscriber.context.viewer
                render = next((render for render in renders if holds_for(render.facts, viewer)), None)
                if render is None:
                    render = await self.feeds.render(event, shape, subscriber.context)
                    renders.append(render)
                if not render.personal:
                    by_kind[kind] = render
            assigned.append((subscriber, render))
        return assigned

    async def _own_values(self, assigned: list[tuple[Subscriber, Render]]) -> dict[Slot, dict[int, Any]]:
        slots: set[Slot] = set()
        user_ids: set[int] = set()
        for render in {id(render): render for _subscriber, render in assigned}.values():
            if render.template is not None:
                slots.update(render.template.slots)
        if not slots:
            return {}
        for subscriber, render in assigned:
            user_id = subscriber.user_id
            if user_id is not None and render.template is not None and render.template.slots:
                user_ids.add(user_id)
        return await load_values(self.feeds.db, sorted(slots, key=repr), sorted(user_ids))


class LiveFeeds:
    """The feeds of one process, one per subject with subscribers here."""

    def __init__(self, db: Database, watchers: SubjectWatchers, access: AccessWatch | None = None) -> None:
        self.db = db
        self.watchers = watchers
        self.access = access
        """Consulted before each event, so that access changes committed before it apply first."""
        self._feeds: dict[SubjectKey, SubjectFeed] = {}
        self._shapes: weakref.WeakValueDictionary[tuple[Any, ...], Shape] = weakref.WeakValueDictionary()

    def __len__(self) -> int:
        return len(self._feeds)

    def join(self, subject: SubjectKey, subscriber: Subscriber, after: int | None) -> SubjectFeed:
        """Hand ``subscriber`` to its subject's feed (started if there is none), from ``after`` on."""
        feed = self._feeds.get(subject)
        if feed is None:
            feed = self._feeds[subject] = SubjectFeed(self, subject)
        # subscribers who sent the same share one Shape, so that a feed groups them by identity
        subscriber.shape = self._shapes.setdefault(subscriber.shape.key, subscriber.shape)
        subscriber.feed = feed
        feed.joining += 1
        feed.put(Join(subscriber, after))
        return feed

    def forget(self, feed: SubjectFeed) -> None:
        if self._feeds.get(feed.key) is feed:
            del self._feeds[feed.key]

    async def close(self) -> None:
        for feed in list(self._feeds.values()):
            feed.task.cancel()
        self._feeds.clear()

    async def render(self, event: Event, shape: Shape, context: Context) -> Render:
        """Resolve ``event`` for ``context``'s viewer, noting the facts the result depends on."""
        viewer = RecordingViewer(context.viewer)
        slots = OpenSlots()
        resolving = replace(context, viewer=viewer, open_slots=slots, following=set())
        payload = await shape.field.payload(resolving, event)
        if isinstance(payload, Outcome):
            return Render(dict(viewer.facts), payload)
        executor = Executor.build(
            shape.schema,
            shape.document,
            context_value=resolving,
            raw_variable_values=shape.variables,
            operation_name=shape.operation_name,
        )
        assert isinstance(executor, Executor), executor  # the operation was validated on subscribe
        result = execute_subscription_event(executor.build_per_event_executor(payload))
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            result = await result
        answer: dict[str, Any] = {"data": result.data}
        if result.errors:
            log_unexpected_errors(result.errors, None)
            answer["errors"] = [
                format_error(error, context.language, context.request_id).formatted for error in result.errors
            ]
        return Render(dict(viewer.facts), None, Template.of(answer, slots.places))
