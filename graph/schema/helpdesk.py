"""The helpdesk's types. What a viewer may see of a ticket is decided by `kennispunt.helpdesk.policy`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import EVENT_CURSOR
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.content import Article
from graph.schema.node import Node
from graph.schema.parties import Party
from kennispunt.db import utcnow
from kennispunt.helpdesk import events, models, reading, rules

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models
    from kennispunt.content import models as content_models
    from kennispunt.parties import models as parties_models

TICKET_ID = "The ticket's `id`."

TicketStatus = models.TicketStatus
domain_enum(
    TicketStatus,
    "NEW until staff respond or take it; PENDING while waiting for the requester; "
    "a RESOLVED ticket is CLOSED automatically some time later.",
    {
        TicketStatus.NEW: "Not yet answered or taken by staff.",
        TicketStatus.OPEN: "Staff are on it.",
        TicketStatus.PENDING: "Waiting for the requester.",
        TicketStatus.RESOLVED: "Answered; the requester may rate it. Closes by itself later "
        "(by default after 72 hours).",
        TicketStatus.CLOSED: "Done; a reply opens a follow-up ticket.",
    },
)
TicketPriority = models.TicketPriority
domain_enum(
    TicketPriority,
    "How urgent a ticket is; each has its own first-response target.",
    {
        TicketPriority.LOW: "First response within 72 hours by default.",
        TicketPriority.NORMAL: "First response within 24 hours by default.",
        TicketPriority.HIGH: "First response within 8 hours by default.",
        TicketPriority.URGENT: "First response within 2 hours by default.",
    },
)
TicketChannel = models.TicketChannel
domain_enum(
    TicketChannel,
    "How a ticket or message came in.",
    {
        TicketChannel.WEB: "Through the API or the website.",
        TicketChannel.EMAIL: "By e-mail to the helpdesk.",
        TicketChannel.PHONE: "By phone, written down by staff (`loggedBy`).",
    },
)
TicketOrder = reading.TicketOrder
domain_enum(
    TicketOrder,
    "The order of a ticket list.",
    {
        TicketOrder.NEWEST: "Most recently opened first.",
        TicketOrder.OLDEST: "Longest open first.",
        TicketOrder.PRIORITY: "Most urgent first; within a priority, the longest waiting first.",
    },
)


@strawberry.type(description="A question to the helpdesk.")
class Ticket(Node):
    model = models.Ticket
    number: str = strawberry.field(description="Human reference, e.g. KP-2027-00042.")
    subject: str = strawberry.field(description="What the question is about, at most 200 characters.")
    priority: TicketPriority = strawberry.field(description="How urgent it is; sets `firstResponseDueAt`.")
    channel: TicketChannel = strawberry.field(description="How the question came in.")
    created_at: datetime = strawberry.field(description="When the ticket was opened.")
    updated_at: datetime = strawberry.field(description="When the ticket or its messages last changed.")
    first_response_due_at: datetime = strawberry.field(
        description="When staff should have answered, by the priority's first-response target."
    )
    first_responded_at: datetime | None = strawberry.field(description="When staff first answered in public.")
    resolved_at: datetime | None = strawberry.field(
        description="When it was resolved; null unless it is RESOLVED, or CLOSED after being resolved."
    )
    rating: int | None = strawberry.field(description="The requester's satisfaction, 1 to 5.")
    rating_comment: str | None = strawberry.field(
        description="What the requester wrote with the rating, if anything."
    )
    rated_at: datetime | None = strawberry.field(description="When the requester rated; null if not rated.")

    @strawberry.field(
        description="Where the ticket stands now; a RESOLVED ticket past its time reads CLOSED."
    )
    @staticmethod
    def status(root: Parent[models.Ticket]) -> TicketStatus:
        return rules.effective_status(root, utcnow())

    @strawberry.field(
        description="When it was closed, by staff or by itself after being resolved; null if it has not been closed."
    )
    @staticmethod
    def closed_at(root: Parent[models.Ticket]) -> datetime | None:
        return rules.effective_closed_at(root, utcnow())

    @strawberry.field(description="Not answered yet by staff, and past its first-response target.")
    @staticmethod
    def is_overdue(root: Parent[models.Ticket]) -> bool:
        return rules.is_overdue(root, utcnow())

    @strawberry.field(graphql_type=User, description="Who asked.")
    @staticmethod
    async def requester(root: Parent[models.Ticket], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.requester_id)

    @strawberry.field(graphql_type=User | None, description="The helpdesk staff member handling the ticket.")
    @staticmethod
    async def assignee(root: Parent[models.Ticket], info: Info) -> accounts_models.User | None:
        if root.assignee_id is None:
            return None
        return await info.context.loaders.user.load(root.assignee_id)

    @strawberry.field(
        graphql_type=Party | None,
        description="The party the question was asked for; its chair and secretary follow it.",
    )
    @staticmethod
    async def party(root: Parent[models.Ticket], info: Info) -> parties_models.Party | None:
        if root.party_id is None:
            return None
        return await info.context.loaders.party.load(root.party_id)

    @strawberry.field(graphql_type="Ticket | None", description="The closed ticket this one continues.")
    @staticmethod
    async def follow_up_of(root: Parent[models.Ticket], info: Info) -> models.Ticket | None:
        if root.follow_up_of_id is None:
            return None
        return await info.context.loaders.ticket.load(root.follow_up_of_id)

    @strawberry.field(
        graphql_type="Connection[TicketMessage]",
        description="Oldest first. Requesters never see internal notes; staff see everything.",
    )
    @staticmethod
    async def messages(
        root: Parent[models.Ticket],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.TicketMessage]:
        page = await info.context.loaders.messages_of_ticket.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)


@strawberry.type(description="A message on a ticket: a public one, or an internal note (staff only).")
class TicketMessage(Node):
    model = models.TicketMessage
    body: str = strawberry.field(description="Markdown as written.")
    body_html: str = strawberry.field(description="Rendered and sanitised HTML.")
    is_internal: bool = strawberry.field(description="An internal note: only helpdesk staff see it.")
    created_at: datetime = strawberry.field(description="When it was written.")
    channel: TicketChannel = strawberry.field(description="How it came in.")

    @strawberry.field(graphql_type=User, description="Who it is from; for a phone call, the caller.")
    @staticmethod
    async def author(root: Parent[models.TicketMessage], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.author_id)

    @strawberry.field(graphql_type=User | None, description="The staff member who wrote down a phone call.")
    @staticmethod
    async def logged_by(root: Parent[models.TicketMessage], info: Info) -> accounts_models.User | None:
        if root.logged_by_id is None:
            return None
        return await info.context.loaders.user.load(root.logged_by_id)

    @strawberry.field(graphql_type=Ticket, description="The ticket it is on.")
    @staticmethod
    async def ticket(root: Parent[models.TicketMessage], info: Info) -> models.Ticket | None:
        return await info.context.loaders.ticket.load(root.ticket_id)

    @strawberry.field(
        graphql_type=list[Article], description="Published knowledge articles attached to the answer."
    )
    @staticmethod
    async def articles(root: Parent[models.TicketMessage], info: Info) -> list[content_models.Article]:
        return await info.context.loaders.articles_of_message.load(root.id)


# --- asking and answering ----------------------------------------------------------


@strawberry.input(description="A new question to the helpdesk.")
class OpenTicketInput:
    subject: str = strawberry.field(description="At most 200 characters.")
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")
    priority: TicketPriority | None = strawberry.field(default=None, description="NORMAL when left out.")
    party_id: strawberry.ID | None = strawberry.field(
        default=None, description="Ask on behalf of a party you are a verified member of."
    )


@strawberry.type(description="What `openTicket` returns.")
class OpenTicketPayload:
    ticket: Ticket | None = strawberry.field(description="The new ticket; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="A public reply on a ticket.")
class ReplyToTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")
    article_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Staff: published articles to attach (at most 10)."
    )


@strawberry.type(description="What `replyToTicket` returns.")
class ReplyToTicketPayload:
    message: TicketMessage | None = strawberry.field(
        description="The reply; on a closed ticket it opens a follow-up, see `message.ticket`."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="A note for helpdesk staff only.")
class AddInternalNoteInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")


@strawberry.type(description="What `addInternalNote` returns.")
class AddInternalNotePayload:
    message: TicketMessage | None = strawberry.field(description="The note; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="Staff write down a call: a new PHONE ticket, or a message on `ticketId`.")
class LogPhoneCallInput:
    requester_id: strawberry.ID = strawberry.field(description="The representative who called.")
    body: str = strawberry.field(description="What was asked (Markdown).")
    subject: str | None = strawberry.field(default=None, description="Required for a new ticket.")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="A ticket of the caller.")
    party_id: strawberry.ID | None = strawberry.field(default=None, description="For a new ticket.")
    priority: TicketPriority | None = strawberry.field(
        default=None, description="For a new ticket; NORMAL when left out."
    )


@strawberry.type(description="What `logPhoneCall` returns.")
class LogPhoneCallPayload:
    message: TicketMessage | None = strawberry.field(
        description="The call as a message; see `message.ticket`."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


# --- handling ----------------------------------------------------------------------


@strawberry.input(
    description="Staff: give a ticket to a helpdesk staff member, or to nobody (`assigneeId: null`)."
)
class AssignTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="The `id` of a helpdesk staff member; null: nobody."
    )


@strawberry.input(description="A ticket's new status.")
class SetTicketStatusInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    status: TicketStatus = strawberry.field(description="OPEN, PENDING, RESOLVED or CLOSED.")


@strawberry.input(description="A ticket's new priority.")
class SetTicketPriorityInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    priority: TicketPriority = strawberry.field(
        description="The priority; the first-response target follows it."
    )


@strawberry.input(description="The requester rates a resolved or closed ticket; rating again replaces it.")
class RateTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description=TICKET_ID)
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    comment: str | None = strawberry.field(default=None, description="At most 2000 characters.")


@strawberry.type(description="What the ticket-handling mutations return.")
class TicketPayload:
    ticket: Ticket | None = strawberry.field(description="The ticket as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="Staff: a draft article from a resolved ticket, personal data taken out.")
class DraftArticleFromTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description="The resolved ticket's `id`.")
    topic_id: strawberry.ID = strawberry.field(description="The `id` of the article's topic.")


@strawberry.type(description="What `draftArticleFromTicket` returns.")
class DraftArticleFromTicketPayload:
    article: Article | None = strawberry.field(description="The new DRAFT article; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


TicketEventKind = events.TicketEventKind
domain_enum(
    TicketEventKind,
    "What happened to a ticket.",
    {
        TicketEventKind.TICKET_OPENED: "The ticket was opened (perhaps as a follow-up of a closed one).",
        TicketEventKind.MESSAGE_ADDED: "A message or note was added: see `message`.",
        TicketEventKind.STATUS_CHANGED: "Its status changed.",
        TicketEventKind.ASSIGNED: "It was given to a staff member, or to nobody.",
    },
)


@strawberry.type(description="One thing that happened to a ticket; pass `cursor` back as `after` to resume.")
class TicketEvent:
    cursor: str = strawberry.field(description=EVENT_CURSOR)
    kind: TicketEventKind = strawberry.field(description="What happened.")
    ticket: models.Ticket = strawberry.field(graphql_type=Ticket, description="The ticket it happened to.")
    message: models.TicketMessage | None = strawberry.field(
        graphql_type=TicketMessage | None,
        description="The message it is about (TICKET_OPENED, MESSAGE_ADDED); else null.",
    )
    occurred_at: datetime = strawberry.field(description="When it happened (was committed).")
