"""Shared machinery of subscriptions: cursors and the event stream of one subject."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

import strawberry

from graph.context import Info
from kennispunt.accounts.service import load_viewer
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.events.models import Event
from realtime.stream import decode_event_cursor, latest_event_id, subject_events
from realtime.watchers import Recheck

StillVisible = Callable[[], Awaitable[bool]]

ResumeAfter = Annotated[
    str | None,
    strawberry.argument(
        description="An earlier event's `cursor`: the events since then come first. Left out: only new events."
    ),
]


def after_cursor(after: str | None) -> int | None:
    """The event id in an ``after`` cursor; a malformed cursor is BAD_USER_INPUT."""
    if after is None:
        return None
    event_id = decode_event_cursor(after)
    if event_id is None:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "page.bad_cursor", ("after",))
    return event_id


async def since(info: Info, after: str | None) -> int:
    """The event id a subscription starts after: the ``after`` cursor's, or the latest now."""
    cursor = after_cursor(after)
    return cursor if cursor is not None else await latest_event_id(info.context.db)


async def events_of(
    info: Info,
    subject_type: str,
    subject_id: int | None,
    after: int | None,
    still_visible: StillVisible | None = None,
) -> AsyncIterator[Event]:
    """The subject's events after the cursor, then live; ends when ``still_visible`` says no.

    Before each event the subscriber's roles and memberships are read again and the
    loaders start afresh, so every event is resolved and filtered through the policy as
    things are now: a member whose membership is revoked stops receiving at once. When
    the viewer changes while nothing happens (`graph.websocket`), ``still_visible`` is
    asked at once, so the subscription completes without waiting for an event.
    """
    context = info.context
    stream = subject_events(context.db, context.watchers, subject_type, subject_id, after, context.following)
    async for event in stream:
        if isinstance(event, Recheck):
            if still_visible is not None and not await still_visible():
                return
            continue
        if context.viewer.user_id is not None:
            async with context.db.session() as session:
                context.become(await load_viewer(session, context.viewer.user_id))
        else:
            context.renew_loaders()
        yield event
