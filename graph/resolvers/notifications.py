from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

import strawberry

from graph.context import Context, Info
from graph.errors import ApiError
from graph.live.feed import SKIP
from graph.live.follow import follow
from graph.mutations import input_id, run_in_transaction
from graph.resolvers.live import after_cursor
from graph.schema.notifications import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    NotificationEvent,
)
from kennispunt.events.models import Event
from kennispunt.notifications import service
from realtime.stream import encode_event_cursor


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Mark some or all of the viewer's notifications read.")
    async def mark_notifications_read(
        self, info: Info, input: MarkNotificationsReadInput
    ) -> MarkNotificationsReadPayload:
        viewer = info.context.viewer
        ids = input.ids
        count, errors = await run_in_transaction(
            info,
            lambda session: service.mark_read(
                session,
                viewer,
                [input_id(value, "Notification", ("ids", index)) for index, value in enumerate(ids)]
                if ids is not None
                else None,
                everything=bool(input.all),
            ),
        )
        return MarkNotificationsReadPayload(unread_notification_count=count, errors=errors)


@dataclass(frozen=True)
class NotificationsOf:
    """The viewer's own notifications, as they are created."""

    async def payload(self, context: Context, event: Event) -> object:
        notification_id = event.payload.get("notification_id")
        notification = await context.loaders.notification.load(notification_id) if notification_id else None
        if notification is None:
            return SKIP
        return NotificationEvent(cursor=encode_event_cursor(event.id), notification=notification)  # type: ignore[arg-type]

    async def still_visible(self, context: Context) -> bool:
        return True  # one's own notifications stay one's own


@strawberry.type
class NotificationsSubscription:
    @strawberry.subscription(
        description="The viewer's notifications as they are created. With `after` (a cursor from an "
        "earlier event), missed ones are delivered first: no gap, no duplicate."
    )
    async def notification_received(
        self, info: Info, after: str | None = None
    ) -> AsyncGenerator[NotificationEvent, None]:
        user_id = info.context.viewer.user_id
        if user_id is None:
            raise ApiError("UNAUTHENTICATED", "auth.required")
        async for value in follow(
            info, NotificationsOf(), (service.EVENT_SUBJECT, user_id), after_cursor(after)
        ):
            yield value
