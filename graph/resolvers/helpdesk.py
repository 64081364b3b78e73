from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

import strawberry

from graph.context import Context, Info
from graph.errors import ApiError, bad_input
from graph.ids import decode_id
from graph.live.feed import END, SKIP
from graph.live.follow import follow
from graph.mutations import input_id, run_in_transaction
from graph.pagination import Connection, page_request, to_connection
from graph.resolvers.live import after_cursor
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
from kennispunt.errors import FieldPath
from kennispunt.events.models import Event
from kennispunt.helpdesk import policy, service
from kennispunt.helpdesk.reading import TicketOrder as Order
from kennispunt.helpdesk.service import SUBJECT, require_signed_in, require_staff
from realtime.stream import encode_event_cursor, latest_event_id


def _ticket_id(value: str) -> int:
    return input_id(value, "Ticket", ("ticket_id",))


def _optional_id(value: str | None, type_name: str, field: FieldPath) -> int | None:
    return input_id(value, type_name, field) if value else None


def _filter_id(value: strawberry.ID | None, type_name: str) -> int | None:
    """A global ID given as a list argument; a malformed one is BAD_USER_INPUT."""
    if value is None:
        return None
    decoded = decode_id(value)
    if decoded is None or decoded.type_name != type_name:
        raise bad_input("id.invalid")
    return decoded.pk


@strawberry.type
class HelpdeskQuery:
    @strawberry.field(
        description="Staff see every ticket; a representative sees their own (and the verified chair "
        "and secretary those of their party). Newest first unless `orderBy` says otherwise; with "
        "`search`, best matches first."
    )
    async def tickets(
        self,
        info: Info,
        status: list[TicketStatus] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        assignee: strawberry.ID | None = None,
        unassigned: bool | None = None,
        overdue: bool | None = None,
        party: strawberry.ID | None = None,
        order_by: TicketOrder = Order.NEWEST,  # type: ignore[valid-type]
        search: str | None = None,
    ) -> Connection[Ticket]:
        request = page_request(first, after, info)
        filters = service.TicketFilter(
            statuses=status,
            assignee_id=_filter_id(assignee, "User"),
            unassigned=unassigned,
            overdue=overdue,
            party_id=_filter_id(party, "Party"),
            query=search,
            order=order_by,
        )
        async with info.context.db.session() as session:
            page = await service.tickets_page(session, info.context.viewer, request, filters)
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(
        description="A ticket by its number (KP-2027-00042); null if there is none or it is not yours."
    )
    async def ticket(self, info: Info, number: str) -> Ticket | None:
        async with info.context.db.session() as session:
            return await service.visible_ticket_by_number(session, info.context.viewer, number)  # type: ignore[return-value]


@strawberry.type
class HelpdeskMutation:
    @strawberry.mutation(description="Ask the helpdesk a question; it gets a number like KP-2027-00042.")
    async def open_ticket(self, info: Info, input: OpenTicketInput) -> OpenTicketPayload:
        viewer = info.context.viewer
        ticket, errors = await run_in_transaction(
            info,
            lambda session: service.open_ticket(
                session,
                viewer,
                subject=input.subject,
                body=input.body,
                priority=input.priority,
                party_id=_optional_id(input.party_id, "Party", ("party_id",)),
            ),
        )
        return OpenTicketPayload(ticket=ticket, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Reply on a ticket: its requester, or helpdesk staff (who may attach published "
        "articles). A reply to a closed ticket opens a follow-up ticket."
    )
    async def reply_to_ticket(self, info: Info, input: ReplyToTicketInput) -> ReplyToTicketPayload:
        viewer = info.context.viewer
        article_ids = input.article_ids or []
        message, errors = await run_in_transaction(
            info,
            lambda session: service.reply_to_ticket(
                session,
                viewer,
                _ticket_id(input.ticket_id),
                input.body,
                article_ids=[
                    input_id(value, "Article", ("article_ids", index))
                    for index, value in enumerate(article_ids)
                ],
            ),
        )
        return ReplyToTicketPayload(message=message, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Helpdesk staff: a note on a ticket that only staff ever see.")
    async def add_internal_note(self, info: Info, input: AddInternalNoteInput) -> AddInternalNotePayload:
        viewer = info.context.viewer
        message, errors = await run_in_transaction(
            info,
            lambda session: service.add_internal_note(
                session, viewer, _ticket_id(input.ticket_id), input.body
            ),
        )
        return AddInternalNotePayload(message=message, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Helpdesk staff: write down a phone call on behalf of a representative.")
    async def log_phone_call(self, info: Info, input: LogPhoneCallInput) -> LogPhoneCallPayload:
        viewer = info.context.viewer
        message, errors = await run_in_transaction(
            info,
            lambda session: service.log_phone_call(
                session,
                viewer,
                requester_id=input_id(input.requester_id, "User", ("requester_id",)),
                subject=input.subject,
                body=input.body,
                ticket_id=_optional_id(input.ticket_id, "Ticket", ("ticket_id",)),
                party_id=_optional_id(input.party_id, "Party", ("party_id",)),
                priority=input.priority,
            ),
        )
        return LogPhoneCallPayload(message=message, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Helpdesk staff: give a ticket to a staff member (a NEW ticket becomes OPEN), or to nobody."
    )
    async def assign_ticket(self, info: Info, input: AssignTicketInput) -> TicketPayload:
        viewer = info.context.viewer
        ticket, errors = await run_in_transaction(
            info,
            lambda session: service.assign_ticket(
                session,
                viewer,
                _ticket_id(input.ticket_id),
                _optional_id(input.assignee_id, "User", ("assignee_id",)),
            ),
        )
        return TicketPayload(ticket=ticket, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Helpdesk staff: OPEN, PENDING (waiting for the requester), RESOLVED or CLOSED."
    )
    async def set_ticket_status(self, info: Info, input: SetTicketStatusInput) -> TicketPayload:
        viewer = info.context.viewer
        ticket, errors = await run_in_transaction(
            info,
            lambda session: service.set_ticket_status(
                session, viewer, _ticket_id(input.ticket_id), input.status
            ),
        )
        return TicketPayload(ticket=ticket, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Helpdesk staff: change the priority, and with it the first-response target."
    )
    async def set_ticket_priority(self, info: Info, input: SetTicketPriorityInput) -> TicketPayload:
        viewer = info.context.viewer
        ticket, errors = await run_in_transaction(
            info,
            lambda session: service.set_ticket_priority(
                session, viewer, _ticket_id(input.ticket_id), input.priority
            ),
        )
        return TicketPayload(ticket=ticket, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="The requester rates the help they got, once the ticket is resolved.")
    async def rate_ticket(self, info: Info, input: RateTicketInput) -> TicketPayload:
        viewer = info.context.viewer
        ticket, errors = await run_in_transaction(
            info,
            lambda session: service.rate_ticket(
                session, viewer, _ticket_id(input.ticket_id), input.rating, input.comment
            ),
        )
        return TicketPayload(ticket=ticket, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Helpdesk staff: turn a resolved ticket into a draft article for the editors, "
        "without names, e-mail addresses, phone numbers or the ticket number."
    )
    async def draft_article_from_ticket(
        self, info: Info, input: DraftArticleFromTicketInput
    ) -> DraftArticleFromTicketPayload:
        viewer = info.context.viewer
        article, errors = await run_in_transaction(
            info,
            lambda session: service.draft_article_from_ticket(
                session,
                viewer,
                _ticket_id(input.ticket_id),
                input_id(input.topic_id, "Topic", ("topic_id",)),
            ),
        )
        return DraftArticleFromTicketPayload(article=article, errors=errors)  # type: ignore[arg-type]


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
            ticket=ticket,  # type: ignore[arg-type]
            message=message,  # type: ignore[arg-type]
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        if self.ticket_id is None:
            return policy.can_handle_tickets(context.viewer)
        return await context.loaders.ticket.load(self.ticket_id) is not None


async def _since(info: Info, after: str | None) -> int:
    """The cursor to start after: the one given, or now."""
    cursor = after_cursor(after)
    return cursor if cursor is not None else await latest_event_id(info.context.db)


@strawberry.type
class HelpdeskSubscription:
    @strawberry.subscription(
        description="One ticket. Requesters (and their party's board) receive only what they may see, "
        "never internal notes. With `after`, missed events come first: no gap, no duplicate."
    )
    async def ticket_activity(
        self, info: Info, ticket_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[TicketEvent, None]:
        require_signed_in(info.context.viewer)
        decoded = decode_id(ticket_id)
        if decoded is None or decoded.type_name != "Ticket":
            raise bad_input("id.invalid")
        if await info.context.loaders.ticket.load(decoded.pk) is None:
            raise ApiError("NOT_FOUND", "ticket.not_found")
        async for value in follow(
            info, TicketActivity(decoded.pk), (SUBJECT, decoded.pk), await _since(info, after)
        ):
            yield value

    @strawberry.subscription(
        description="Helpdesk staff only: every ticket opened, answered, assigned or changed, the moment it is committed."
    )
    async def helpdesk_queue(self, info: Info, after: str | None = None) -> AsyncGenerator[TicketEvent, None]:
        require_staff(info.context.viewer)
        async for value in follow(info, TicketActivity(None), (SUBJECT, None), await _since(info, after)):
            yield value
