from __future__ import annotations

import strawberry

from graph.context import Info
from graph.mutations import input_id, run_in_transaction
from graph.schema.notifications import MarkNotificationsReadInput, MarkNotificationsReadPayload
from kennispunt.notifications import service


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
