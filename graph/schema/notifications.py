from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import EVENT_CURSOR
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.schema.forum import Reply, Thread
from graph.schema.helpdesk import Ticket
from graph.schema.node import Node
from graph.schema.parties import Member, Party
from kennispunt.notifications import models, service

if TYPE_CHECKING:
    from kennispunt.forum import models as forum_models
    from kennispunt.helpdesk import models as helpdesk_models
    from kennispunt.parties import models as parties_models

NotificationKind = models.NotificationKind
domain_enum(
    NotificationKind,
    "What a notification is about.",
    {
        NotificationKind.MEMBERSHIP_REQUESTED: "Someone asks to join a party the viewer decides for "
        "(its verified chair and secretary; every admin while it has neither).",
        NotificationKind.MEMBERSHIP_APPROVED: "The viewer's membership request was approved.",
        NotificationKind.MEMBERSHIP_REJECTED: "The viewer's membership request was rejected.",
        NotificationKind.MEMBERSHIP_REVOKED: "The viewer's verified membership was ended.",
        NotificationKind.FORUM_REPLY: "Someone replied in a thread the viewer follows.",
        NotificationKind.ANSWER_ACCEPTED: "The viewer's reply was marked as the answer.",
        NotificationKind.TICKET_ANSWERED: "Staff answered a ticket the viewer asked.",
        NotificationKind.TICKET_ASSIGNED: "Someone gave the viewer a ticket to handle.",
    },
)


@strawberry.type(description="Something the viewer is told about; only its recipient sees it.")
class Notification(Node):
    model = models.Notification
    kind: NotificationKind = strawberry.field(
        description="What it is about; says which of the fields below are set."
    )
    created_at: datetime = strawberry.field(description="When it was sent.")
    read_at: datetime | None = strawberry.field(description="Null while unread.")

    @strawberry.field(description="The notification as a sentence, in the viewer's language.")
    @staticmethod
    def message(root: Parent[models.Notification], info: Info) -> str:
        return service.message(root, info.context.language)

    @strawberry.field(graphql_type=Party | None, description="The party it is about, if any.")
    @staticmethod
    async def party(root: Parent[models.Notification], info: Info) -> parties_models.Party | None:
        party_id = (root.payload or {}).get("party_id")
        if party_id is None:
            return None
        return await info.context.loaders.party.load(party_id)

    @strawberry.field(
        graphql_type=Member | None,
        description="The membership it is about, if any and still visible to the viewer.",
    )
    @staticmethod
    async def member(root: Parent[models.Notification], info: Info) -> parties_models.Member | None:
        member_id = (root.payload or {}).get("member_id")
        if member_id is None:
            return None
        return await info.context.loaders.member.load(member_id)

    @strawberry.field(
        graphql_type=Thread | None,
        description="The forum thread it is about, if any and still visible to the viewer.",
    )
    @staticmethod
    async def thread(root: Parent[models.Notification], info: Info) -> forum_models.Thread | None:
        thread_id = (root.payload or {}).get("thread_id")
        if thread_id is None:
            return None
        return await info.context.loaders.thread.load(thread_id)

    @strawberry.field(
        graphql_type=Reply | None,
        description="The forum reply it is about, if any and still visible to the viewer.",
    )
    @staticmethod
    async def reply(root: Parent[models.Notification], info: Info) -> forum_models.Reply | None:
        reply_id = (root.payload or {}).get("reply_id")
        if reply_id is None:
            return None
        return await info.context.loaders.forum_reply.load(reply_id)

    @strawberry.field(
        graphql_type=Ticket | None,
        description="The helpdesk ticket it is about, if any and still visible to the viewer.",
    )
    @staticmethod
    async def ticket(root: Parent[models.Notification], info: Info) -> helpdesk_models.Ticket | None:
        ticket_id = (root.payload or {}).get("ticket_id")
        if ticket_id is None:
            return None
        return await info.context.loaders.ticket.load(ticket_id)


@strawberry.input(description="Mark the given notifications read, or all of them with `all: true`.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="At most 100.")
    all: bool | None = strawberry.field(default=False, description="Every notification of the viewer.")


@strawberry.type(description="What `markNotificationsRead` returns.")
class MarkNotificationsReadPayload:
    unread_notification_count: int | None = strawberry.field(
        description="How many stay unread; null on errors."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.type(description="A notification as it arrives; pass `cursor` back as `after` to resume.")
class NotificationEvent:
    cursor: str = strawberry.field(description=EVENT_CURSOR)
    notification: models.Notification = strawberry.field(
        graphql_type=Notification, description="The notification just created."
    )
