from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

import strawberry

from graph.context import Context, Info
from graph.ids import read_id
from graph.live.field import SKIP
from graph.live.follow import follow
from graph.mutations import Write, mutation
from graph.resolvers.live import ResumeAfter, after_cursor
from graph.schema.notifications import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    NotificationEvent,
)
from kennispunt.errors import unauthenticated
from kennispunt.events.models import Event
from kennispunt.notifications import service
from realtime.stream import encode_event_cursor


@strawberry.type
class NotificationsMutation:
    @mutation(
        MarkNotificationsReadPayload, description="Mark some or all of the viewer's notifications read."
    )
    async def mark_notifications_read(self, write: Write, input: MarkNotificationsReadInput) -> object:
        ids = input.ids
        return await service.mark_read(
            write.session,
            write.viewer,
            [read_id(value, "Notification", ("ids", index)) for index, value in enumerate(ids)]
            if ids is not None
            else None,
            everything=bool(input.all),
        )


@dataclass(frozen=True)
class NotificationsOf:
    """The viewer's own notifications, as they are created."""

    async def payload(self, context: Context, event: Event) -> object:
        notification_id = event.payload.get("notification_id")
        notification = await context.loaders.notification.load(notification_id) if notification_id else None
        if notification is None:
            return SKIP
        return NotificationEvent(cursor=encode_event_cursor(event.id), notification=notification)

    async def still_visible(self, context: Context) -> bool:
        return True  # one's own notifications stay one's own


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description="The viewer's notifications as they are created. With `after` (a cursor from an "
        "earlier event), missed ones are delivered first: no gap, no duplicate."
    )
    async def notification_received(
        self, info: Info, after: ResumeAfter = None
    ) -> AsyncGenerator[NotificationEvent, None]:
        user_id = info.context.viewer.user_id
        if user_id is None:
            raise unauthenticated()
        async for value in follow(
            info, NotificationsOf(), (service.EVENT_SUBJECT, user_id), after_cursor(after)
        ):
            yield value
