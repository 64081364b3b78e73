from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Annotated

import strawberry

from graph.arguments import SEARCH
from graph.context import Context, Info
from graph.ids import read_id, read_optional_id
from graph.live.field import END, SKIP
from graph.live.follow import follow
from graph.mutations import Write, mutation
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.resolvers.live import ResumeAfter, since
from graph.schema.helpdesk import (
    AddInternalNoteInput,
    AddInternalNotePayload,
    AssignTicketInput,
    DraftArticleFromTicketInput,
    DraftArticleFromTicketPayload,
    LogPhoneCallInput,
    LogPhoneCallPayload,
    OpenTicketInput,
    OpenTicketPayload,
    RateTicketInput,
    ReplyToTicketInput,
    ReplyToTicketPayload,
    SetTicketPriorityInput,
    SetTicketStatusInput,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketOrder,
    TicketPayload,
    TicketStatus,
)
from kennispunt.errors import not_found
from kennispunt.events.models import Event
from kennispunt.helpdesk import models, policy, service
from kennispunt.helpdesk.reading import TicketOrder as Order
from kennispunt.helpdesk.service import SUBJECT, require_signed_in, require_staff
from realtime.stream import encode_event_cursor


def _ticket_id(value: str) -> int:
    return read_id(value, "Ticket", ("ticket_id",))


def _filter_id(type_name: str, **names: strawberry.ID | None) -> int | None:
    """The ID given under a filter's name or its deprecated one (the first given wins)."""
    for name, value in names.items():
        if value is not None:
            return read_id(value, type_name, (name,))
    return None


@strawberry.type
class HelpdeskQuery:
    @strawberry.field(
        graphql_type=Connection[Ticket],
        description="Staff see every ticket; a representative sees their own (and the verified chair "
        "and secretary those of their party). Newest first unless `orderBy` says otherwise; with "
        "`search`, best matches first.",
    )
    async def tickets(
        self,
        info: Info,
        status: Annotated[
            list[TicketStatus] | None,
            strawberry.argument(description="Only tickets in one of these statuses."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        assignee: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="A user's `id`.", deprecation_reason="Use `assigneeId`: it names what it takes."
            ),
        ] = None,
        unassigned: Annotated[
            bool | None,
            strawberry.argument(description="true: only tickets nobody handles; false: only assigned ones."),
        ] = None,
        overdue: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only tickets past their first-response target; false: only the others."
            ),
        ] = None,
        party: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="A party's `id`.", deprecation_reason="Use `partyId`: it names what it takes."
            ),
        ] = None,
        order_by: Annotated[
            TicketOrder, strawberry.argument(description="The order when there is no `search`.")
        ] = Order.NEWEST,
        search: Annotated[str | None, SEARCH] = None,
        assignee_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only tickets handled by the staff member with this `id`."),
        ] = None,
        party_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only tickets asked for the party with this `id`."),
        ] = None,
    ) -> Connection[models.Ticket]:
        request = page_request(first, after, info, last, before)
        filters = service.TicketFilter(
            statuses=status,
            assignee_id=_filter_id("User", assignee_id=assignee_id, assignee=assignee),
            unassigned=unassigned,
            overdue=overdue,
            party_id=_filter_id("Party", party_id=party_id, party=party),
            query=search,
            order=order_by,
        )
        async with info.context.db.session() as session:
            page = await service.tickets_page(session, info.context.viewer, request, filters)
        return to_connection(page)

    @strawberry.field(
        graphql_type=Ticket | None,
        description="A ticket by its number (KP-2027-00042); null if there is none or it is not yours.",
    )
    async def ticket(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The ticket's `number`, e.g. KP-2027-00042.")],
    ) -> models.Ticket | None:
        async with info.context.db.session() as session:
            return await service.visible_ticket_by_number(session, info.context.viewer, number)


@strawberry.type
class HelpdeskMutation:
    @mutation(
        OpenTicketPayload, description="Ask the helpdesk a question; it gets a number like KP-2027-00042."
    )
    async def open_ticket(self, write: Write, input: OpenTicketInput) -> object:
        return await service.open_ticket(
            write.session,
            write.viewer,
            subject=input.subject,
            body=input.body,
            priority=input.priority,
            party_id=read_optional_id(input.party_id, "Party", ("party_id",)),
        )

    @mutation(
        ReplyToTicketPayload,
        description="Reply on a ticket: its requester, or helpdesk staff (who may attach published "
        "articles). A reply to a closed ticket opens a follow-up ticket.",
    )
    async def reply_to_ticket(self, write: Write, input: ReplyToTicketInput) -> object:
        article_ids = input.article_ids or []
        return await service.reply_to_ticket(
            write.session,
            write.viewer,
            _ticket_id(input.ticket_id),
            input.body,
            article_ids=[
                read_id(value, "Article", ("article_ids", index)) for index, value in enumerate(article_ids)
            ],
        )

    @mutation(
        AddInternalNotePayload, description="Helpdesk staff: a note on a ticket that only staff ever see."
    )
    async def add_internal_note(self, write: Write, input: AddInternalNoteInput) -> object:
        return await service.add_internal_note(
            write.session, write.viewer, _ticket_id(input.ticket_id), input.body
        )

    @mutation(
        LogPhoneCallPayload,
        description="Helpdesk staff: write down a phone call on behalf of a representative.",
    )
    async def log_phone_call(self, write: Write, input: LogPhoneCallInput) -> object:
        return await service.log_phone_call(
            write.session,
            write.viewer,
            requester_id=read_id(input.requester_id, "User", ("requester_id",)),
            subject=input.subject,
            body=input.body,
            ticket_id=read_optional_id(input.ticket_id, "Ticket", ("ticket_id",)),
            party_id=read_optional_id(input.party_id, "Party", ("party_id",)),
            priority=input.priority,
        )

    @mutation(
        TicketPayload,
        description="Helpdesk staff: give a ticket to a staff member (a NEW ticket becomes OPEN), or to nobody.",
    )
    async def assign_ticket(self, write: Write, input: AssignTicketInput) -> object:
        return await service.assign_ticket(
            write.session,
            write.viewer,
            _ticket_id(input.ticket_id),
            read_optional_id(input.assignee_id, "User", ("assignee_id",)),
        )

    @mutation(
        TicketPayload,
        description="Helpdesk staff: OPEN, PENDING (waiting for the requester), RESOLVED or CLOSED.",
    )
    async def set_ticket_status(self, write: Write, input: SetTicketStatusInput) -> object:
        return await service.set_ticket_status(
            write.session, write.viewer, _ticket_id(input.ticket_id), input.status
        )

    @mutation(
        TicketPayload,
        description="Helpdesk staff: change the priority, and with it the first-response target.",
    )
    async def set_ticket_priority(self, write: Write, input: SetTicketPriorityInput) -> object:
        return await service.set_ticket_priority(
            write.session, write.viewer, _ticket_id(input.ticket_id), input.priority
        )

    @mutation(
        TicketPayload, description="The requester rates the help they got, once the ticket is resolved."
    )
    async def rate_ticket(self, write: Write, input: RateTicketInput) -> object:
        return await service.rate_ticket(
            write.session, write.viewer, _ticket_id(input.ticket_id), input.rating, input.comment
        )

    @mutation(
        DraftArticleFromTicketPayload,
        description="Helpdesk staff: turn a resolved ticket into a draft article for the editors, "
        "without names, e-mail addresses, phone numbers or the ticket number.",
    )
    async def draft_article_from_ticket(self, write: Write, input: DraftArticleFromTicketInput) -> object:
        return await service.draft_article_from_ticket(
            write.session,
            write.viewer,
            _ticket_id(input.ticket_id),
            read_id(input.topic_id, "Topic", ("topic_id",)),
        )


@dataclass(frozen=True)
class TicketActivity:
    """Ticket events as this viewer may see them: an internal note is no event at all for
    someone who may not see it. Of one ticket (``ticket_id``), or the whole queue (None)."""

    ticket_id: int | None

    async def payload(self, context: Context, event: Event) -> object:
        if self.ticket_id is None and not policy.can_handle_tickets(context.viewer):
            return END  # the role was taken away
        ticket = await context.loaders.ticket.load(event.subject_id)
        if ticket is None:
            return END if self.ticket_id is not None else SKIP  # no longer visible: the subscription ends
        message_id = event.payload.get("message_id")
        message = await context.loaders.ticket_message.load(message_id) if message_id else None
        if message_id and message is None:
            return SKIP
        return TicketEvent(
            cursor=encode_event_cursor(event.id),
            kind=TicketEventKind(event.kind),
            ticket=ticket,
            message=message,
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        if self.ticket_id is None:
            return policy.can_handle_tickets(context.viewer)
        return await context.loaders.ticket.load(self.ticket_id) is not None


@strawberry.type
class HelpdeskSubscription:
    @strawberry.subscription(
        description="One ticket. Requesters (and their party's board) receive only what they may see, "
        "never internal notes. With `after`, missed events come first: no gap, no duplicate."
    )
    async def ticket_activity(
        self,
        info: Info,
        ticket_id: Annotated[strawberry.ID, strawberry.argument(description="The ticket's `id`.")],
        after: ResumeAfter = None,
    ) -> AsyncGenerator[TicketEvent, None]:
        require_signed_in(info.context.viewer)
        pk = read_id(ticket_id, "Ticket", ("ticket_id",))
        if await info.context.loaders.ticket.load(pk) is None:
            raise not_found("ticket.not_found", ("ticket_id",))
        async for value in follow(info, TicketActivity(pk), (SUBJECT, pk), await since(info, after)):
            yield value

    @strawberry.subscription(
        description="Helpdesk staff only: every ticket opened, answered, assigned or changed, the moment it is committed."
    )
    async def helpdesk_queue(
        self, info: Info, after: ResumeAfter = None
    ) -> AsyncGenerator[TicketEvent, None]:
        require_staff(info.context.viewer)
        async for value in follow(info, TicketActivity(None), (SUBJECT, None), await since(info, after)):
            yield value
