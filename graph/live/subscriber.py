"""One subscription on one socket, fed by its subject's feed (`graph.live.feed`)."""

from __future__ import annotations

import asyncio
import collections
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.live.field import Shape

if TYPE_CHECKING:
    from graph.context import Context
    from graph.live.feed import SubjectFeed

MAX_PENDING = 500
"""Messages a subscriber may have waiting; one further behind is told to reconnect."""


Send = Callable[[str], Awaitable[None]]
ViewerKind = tuple[Any, ...]


@dataclass(frozen=True)
class SocketOperation:
    """An operation a client sent over our WebSocket: what a feed needs to serve it."""

    id: str
    query: str
    operation_name: str | None
    variables: dict[str, Any]
    send: Send
    """Send a text message on the socket."""
    close: Send
    """Close the socket (for a subscriber too far behind), with this reason."""
    writable: Callable[[], bool] = lambda: False
    """Whether a message sent now goes out without waiting (the socket's buffer has room);
    while it has not, what waits is sent in order by a task of the subscriber's."""
    hand_over: Callable[[Subscriber], None] = lambda _subscriber: None
    """The operation is the feed's from now on: Strawberry's part of it ends, silently."""
    forget: Callable[[], None] = lambda: None
    """The feed completed the operation: the socket may reuse its id."""


class Subscriber:
    """One subscription on one socket, fed by its subject's feed.

    Once it has joined, the subscription needs nothing of Strawberry's per operation (no
    task, no generator): the feed sends its messages, and `end` completes it.
    """

    def __init__(self, context: Context, shape: Shape, operation: SocketOperation) -> None:
        self.context = context
        self.shape = shape
        self._prefix = '{"id":' + json.dumps(operation.id) + ',"type":"next","payload":'
        self._complete = '{"id":' + json.dumps(operation.id) + ',"type":"complete"}'
        self._operation = operation
        self._outbox: collections.deque[str] = collections.deque()
        """Messages the socket could not take at once, sent in order by `_drain`."""
        self._draining: asyncio.Task[None] | None = None
        self._ended = False
        self._when_ended: list[Callable[[], None]] = []
        self.feed: SubjectFeed | None = None
        self._kind_of: object = None
        self._kind: ViewerKind = ((), (), ())

    @property
    def user_id(self) -> int | None:
        return self.context.viewer.user_id

    @property
    def kind(self) -> ViewerKind:
        """What the viewer may see, but for who they are: the same for two members of one party."""
        viewer = self.context.viewer
        if viewer is not self._kind_of:
            self._kind_of = viewer
            self._kind = (viewer.roles, viewer.verified_party_ids, viewer.deciding_party_ids)
        return self._kind

    async def deliver(self, payload_text: str) -> None:
        """Send a ``next`` message: at once while the socket takes it without waiting (no
        task switch per subscriber), else after what already waits."""
        await self._send(self._prefix + payload_text + "}")

    async def _send(self, message: str, *, last: bool = False) -> None:
        if self._ended and not last:
            return
        if not self._outbox and self._operation.writable():
            await self._operation.send(message)
            return
        if len(self._outbox) >= MAX_PENDING:  # not reading: it resumes with `after` when it reconnects
            self._ended = True
            self._outbox.clear()
            asyncio.ensure_future(self._operation.close("Too far behind"))
            return
        self._outbox.append(message)
        if self._draining is None:
            self._draining = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        while self._outbox:
            await self._operation.send(self._outbox.popleft())
        self._draining = None

    def end(self) -> None:
        """The subscription completes (the subscriber may no longer follow): ``complete``."""
        if self._ended:
            return
        self._finish()
        self._operation.forget()
        asyncio.ensure_future(self._send(self._complete, last=True))

    def leave(self) -> None:
        """The client completed the subscription, or went away."""
        self._finish()
        self._outbox.clear()
        if self.feed is not None:
            self.feed.put(Leave(self))

    def when_ended(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the subscription ends (the metrics count it then)."""
        if self._ended:
            callback()
        else:
            self._when_ended.append(callback)

    def _finish(self) -> None:
        if not self._ended:
            self._ended = True
            callbacks, self._when_ended = self._when_ended, []
            for callback in callbacks:
                callback()

    def nudge(self) -> None:
        """The viewer changed: the feed asks whether the subscriber may still follow."""
        if self.feed is not None:
            self.feed.put(Recheck(self))


@dataclass(frozen=True)
class Join:
    """Messages a subscriber puts in its feed's queue: it joins (after a cursor), leaves,
    or its viewer changed."""

    subscriber: Subscriber
    after: int | None


@dataclass(frozen=True)
class Leave:
    subscriber: Subscriber


@dataclass(frozen=True)
class Recheck:
    subscriber: Subscriber
