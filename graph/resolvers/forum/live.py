"""Following the forum live: a thread's activity, and new threads in a category."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Annotated

import strawberry

from graph.context import Context, Info
from graph.ids import read_id
from graph.live.field import END, SKIP
from graph.live.follow import follow
from graph.resolvers.live import ResumeAfter, since
from graph.schema.forum import (
    CategoryEvent,
    CategoryEventKind,
    ThreadEvent,
    ThreadEventKind,
)
from kennispunt.errors import not_found
from kennispunt.events.models import Event
from kennispunt.forum import service
from realtime.stream import encode_event_cursor


@dataclass(frozen=True)
class ThreadActivity:
    """What each event of a thread becomes for a subscriber (`graph.live.feed.LiveField`)."""

    thread_id: int

    async def payload(self, context: Context, event: Event) -> object:
        thread = await context.loaders.thread.load(self.thread_id)  # the policy, as of this event
        if thread is None:
            return END
        reply_id = event.payload.get("reply_id")
        reply = await context.loaders.forum_reply.load(reply_id) if reply_id else None
        return ThreadEvent(
            cursor=encode_event_cursor(event.id),
            kind=ThreadEventKind(event.kind),
            thread=thread,
            reply=reply,
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        return await context.loaders.thread.load(self.thread_id) is not None  # the policy applies there


@dataclass(frozen=True)
class CategoryActivity:
    category_id: int

    async def payload(self, context: Context, event: Event) -> object:
        category = await context.loaders.forum_category.load(self.category_id)  # the policy, as of this event
        if category is None:
            return END
        thread = await context.loaders.thread.load(event.payload["thread_id"])
        if thread is None:
            return SKIP
        return CategoryEvent(
            cursor=encode_event_cursor(event.id),
            kind=CategoryEventKind.THREAD_STARTED,
            category=category,
            thread=thread,
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        return await context.loaders.forum_category.load(self.category_id) is not None


@strawberry.type
class ForumSubscription:
    @strawberry.subscription(
        description="Replies and moderation in one thread. With `after`, missed events are replayed "
        "first, then live ones: no gap, no duplicate. Ends when the viewer may no longer read the thread."
    )
    async def thread_activity(
        self,
        info: Info,
        thread_id: Annotated[strawberry.ID, strawberry.argument(description="The thread's `id`.")],
        after: ResumeAfter = None,
    ) -> AsyncGenerator[ThreadEvent, None]:
        service.require_forum_reader(info.context.viewer)
        pk = read_id(thread_id, "Thread", ("thread_id",))
        cursor = await since(info, after)
        if await info.context.loaders.thread.load(pk) is None:
            raise not_found("thread.not_found", ("thread_id",))
        async for value in follow(info, ThreadActivity(pk), (service.THREAD_SUBJECT, pk), cursor):
            yield value

    @strawberry.subscription(
        description="New threads in one category, as they are started; `after` as above."
    )
    async def category_activity(
        self,
        info: Info,
        category_id: Annotated[strawberry.ID, strawberry.argument(description="The category's `id`.")],
        after: ResumeAfter = None,
    ) -> AsyncGenerator[CategoryEvent, None]:
        service.require_forum_reader(info.context.viewer)
        pk = read_id(category_id, "ForumCategory", ("category_id",))
        cursor = await since(info, after)
        if await info.context.loaders.forum_category.load(pk) is None:
            raise not_found("category.not_found", ("category_id",))
        async for value in follow(info, CategoryActivity(pk), (service.CATEGORY_SUBJECT, pk), cursor):
            yield value
