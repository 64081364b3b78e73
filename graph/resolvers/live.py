"""Shared machinery of subscriptions: cursors and the event stream of one subject."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graph.context import Info
from graph.errors import bad_input
from kennispunt.accounts.service import load_viewer
from kennispunt.events.models import Event
from realtime.stream import decode_event_cursor, subject_events


def after_cursor(after: str | None) -> int | None:
    """The event id in an ``after`` cursor; a malformed cursor is BAD_USER_INPUT."""
    if after is None:
        return None
    event_id = decode_event_cursor(after)
    if event_id is None:
        raise bad_input("page.bad_cursor")
    return event_id


async def events_of(info: Info, subject_type: str, subject_id: int | None, after: int | None) -> AsyncIterator[Event]:
    """The subject's events after the cursor, then live.

    Before each event the subscriber's roles and memberships are read again and the
    loaders start afresh, so every event is resolved and filtered through the policy as
    things are now: a member whose membership is revoked stops receiving at once.
    """
    context = info.context
    async for event in subject_events(context.db, context.watchers, subject_type, subject_id, after):
        if context.viewer.user_id is not None:
            async with context.db.session() as session:
                context.become(await load_viewer(session, context.viewer.user_id))
        else:
            context.renew_loaders()
        yield event
