"""Subscriptions: the events of one subject, resolved once per group of subscribers.

A subscription resolver checks who may subscribe, decodes its arguments and then hands
over to `follow` with a `LiveField` (what each event becomes) and the subject. Over
Kennispunt's WebSocket the subscriber joins the subject's feed (`graph.live.feed`), which
sends the messages itself; the resolver's generator only waits until the subscription
ends. Anywhere else (a caller without a socket) each event is resolved for this one
subscriber, in the same way.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from graphql import DocumentNode, VariableNode

from graph.context import Context, Info
from graph.live.field import END, SKIP, LiveField, Shape
from graph.live.subscriber import Subscriber
from graph.resolvers.live import events_of
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.events.service import pruned_through
from realtime.watchers import SubjectKey


async def follow(info: Info, field: LiveField, subject: SubjectKey, after: int | None) -> AsyncIterator[Any]:
    """The subscription's values after the cursor ``after`` (None: from now on).

    Over our WebSocket this yields nothing: the subscriber joins the feed, which sends its
    messages itself, and the operation stays open on the socket after this returns."""
    context = info.context
    if after is not None:
        await _ensure_replayable(context, after)
    operation = context.operation
    if context.live_feeds is None or operation is None:
        async for value in _one_by_one(info, field, subject, after):
            yield value
        return
    subscriber = Subscriber(context, _shape(info, field), operation)
    context.following.add(subscriber)
    context.live_feeds.join(subject, subscriber, after)
    context.renew_loaders()  # what subscribing loaded is not needed again: each event loads afresh
    operation.hand_over(subscriber)  # this generator ends here; the feed sends from now on
    context.live_subscriber = subscriber


async def _ensure_replayable(context: Context, after: int) -> None:
    """A cursor from before the pruned events (`kennispunt events prune`) cannot be resumed
    without a gap: the client is told to load afresh instead."""
    async with context.db.session() as session:
        horizon = await pruned_through(session)
    if after < horizon:
        raise DomainError.of(
            ErrorCode.BAD_USER_INPUT, "live.cursor_expired", ("after",), extensions={"cursorExpired": True}
        )


async def _one_by_one(
    info: Info, field: LiveField, subject: SubjectKey, after: int | None
) -> AsyncIterator[Any]:
    context = info.context

    async def still_visible() -> bool:
        return await field.still_visible(context)

    async for event in events_of(info, subject[0], subject[1], after, still_visible):
        value = await field.payload(context, event)
        if value is END:
            return
        if value is not SKIP:
            yield value


def _shape(info: Info, field: LiveField) -> Shape:
    """What the subscriber sent, but for its cursor: subscribers who reconnect with different
    cursors (``after: $after``) are served alike."""
    raw = info._raw_info
    operation = info.context.operation
    assert operation is not None
    root = raw.field_nodes[0]
    cursor_variable = next(
        (
            argument.value.name.value
            for argument in root.arguments or ()
            if argument.name.value == "after" and isinstance(argument.value, VariableNode)
        ),
        None,
    )
    variables = {name: value for name, value in operation.variables.items() if name != cursor_variable}
    key = (
        operation.query,
        operation.operation_name,
        json.dumps(variables, sort_keys=True, default=str),
        info.context.language,
        field,
    )
    document = DocumentNode(definitions=(raw.operation, *raw.fragments.values()))
    return Shape(key, raw.schema, document, operation.operation_name, variables, field)
