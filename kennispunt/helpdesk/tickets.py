"""Tickets: opening them (with gap-free numbers), and what staff do with them: assign,
change status and priority; the requester's rating; the automatic closing.

Every change is written with its outbox events (subject ``ticket``) in the same unit of
work. Locks are taken in one order by every writer, so PostgreSQL never deadlocks: the
ticket row, then the year's number counter, then (through `record_event`) the lock of
the helpdesk's event stream, then notifications. Hence no event is recorded before a
number is drawn.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown, ratelimit, search
from kennispunt.accounts.models import User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import DISPLAY_TIMEZONE, utcnow
from kennispunt.errors import (
    Checks,
    DomainError,
    ErrorCode,
    FieldPath,
    conflict,
    forbidden,
    not_found,
    refused,
    unauthenticated,
)
from kennispunt.events.service import record_event
from kennispunt.helpdesk import policy, rules
from kennispunt.helpdesk.models import (
    Ticket,
    TicketChannel,
    TicketCounter,
    TicketMessage,
    TicketPriority,
    TicketStatus,
)
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import NotificationKind
from kennispunt.parties.models import Member, MemberStatus, Party

SUBJECT = "ticket"
SUBJECT_MAX, BODY_MAX, COMMENT_MAX = 200, 20_000, 2_000
NUMBER_PREFIX = "KP"
NUMBER_PATTERN = re.compile(r"\bKP-(\d{4})-(\d{5,})\b", re.IGNORECASE)
"""A ticket number in free text, e.g. an e-mail subject ``Re: [KP-2027-00042] ...``."""


def format_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:05d}"


# --- shared checks -----------------------------------------------------------------


def require_signed_in(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise unauthenticated()


def require_staff(viewer: Viewer) -> None:
    if not policy.can_handle_tickets(viewer):
        raise refused(viewer)


def check_markdown(checks: Checks, field: FieldPath, value: str) -> str:
    """Markdown as written: checked like text, but leading indentation means something there."""
    checks.text(field, value, max_length=BODY_MAX)
    return value.lstrip("\r\n").rstrip()


async def ticket_for_update(
    session: AsyncSession, viewer: Viewer, ticket_id: int, field: FieldPath = ("ticket_id",)
) -> Ticket:
    """The ticket, locked for this unit of work, if the viewer may see it."""
    ticket = await session.get(Ticket, ticket_id, with_for_update=True, populate_existing=True)
    if ticket is None or not policy.can_see_ticket(viewer, ticket):
        raise not_found("ticket.not_found", field)
    return ticket


def require_not_closed(ticket: Ticket, field: FieldPath = ("ticket_id",)) -> None:
    if ticket.status is TicketStatus.CLOSED:
        raise conflict("ticket.closed", field)


async def is_helpdesk_user(session: AsyncSession, user_id: int) -> bool:
    role = await session.scalar(
        select(UserRole.role).where(UserRole.user_id == user_id, UserRole.role.in_(policy.HELPDESK_ROLES))
    )
    return role is not None


# --- numbers -----------------------------------------------------------------------


async def next_number(session: AsyncSession, now: datetime) -> str:
    """The next number of the year, ``KP-2027-00042``.

    The year's counter row is locked (``SELECT ... FOR UPDATE``) until the unit of work
    ends, so concurrent openers take turns, and a ticket that is rolled back gives its
    number back: unique and without gaps. (SQLite serializes writers anyway.)
    """
    year = now.astimezone(DISPLAY_TIMEZONE).year
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(
        insert(TicketCounter).values(year=year, last_number=0).on_conflict_do_nothing(index_elements=["year"])
    )
    counter = await session.scalar(
        select(TicketCounter)
        .where(TicketCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert counter is not None
    counter.last_number += 1
    await session.flush()
    return format_number(year, counter.last_number)


# --- events and status -------------------------------------------------------------


async def record(session: AsyncSession, kind: str, ticket: Ticket, **payload: object) -> None:
    await record_event(session, kind, SUBJECT, ticket.id, dict(payload))


async def change_status(
    session: AsyncSession,
    ticket: Ticket,
    status: TicketStatus,
    now: datetime,
    closed_at: datetime | None = None,
) -> None:
    """Move the ticket to ``status`` (it differs from the current one) and record it."""
    previous = ticket.status
    ticket.status = status
    if status is TicketStatus.RESOLVED:
        ticket.resolved_at, ticket.closed_at = now, None
    elif status is TicketStatus.CLOSED:
        ticket.closed_at = closed_at or now
    else:
        ticket.resolved_at = None
    ticket.updated_at = max(ticket.updated_at, closed_at or now)
    await session.flush()
    await record(session, "status_changed", ticket, **{"from": previous.name, "to": status.name})


async def close_if_due(session: AsyncSession, ticket: Ticket, now: datetime) -> bool:
    """Write down the automatic closing of a ticket resolved long enough ago."""
    if not rules.is_due_for_closing(ticket, now):
        return False
    await change_status(
        session, ticket, TicketStatus.CLOSED, now, closed_at=rules.automatic_closed_at(ticket)
    )
    return True


async def close_resolved_tickets(session: AsyncSession, now: datetime | None = None) -> int:
    """Close every ticket resolved at least the configured time ago; returns how many.

    Scheduled by the operator (``kennispunt helpdesk close-resolved``); each ticket gets
    the closing time it was due at, whenever this runs.
    """
    now = now or utcnow()
    due = await session.scalars(
        select(Ticket)
        .where(Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at <= rules.closing_cutoff(now))
        .order_by(Ticket.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    closed = 0
    for ticket in list(due):
        closed += await close_if_due(session, ticket, now)
    return closed


# --- opening -----------------------------------------------------------------------


async def _check_party(session: AsyncSession, checks: Checks, requester_id: int, party_id: int) -> None:
    """A ticket may be asked for a party its requester is a VERIFIED member of."""
    if await session.get(Party, party_id) is None:
        checks.add(("party_id",), "party.not_found", ErrorCode.NOT_FOUND)
        return
    member = await session.scalar(
        select(Member.id).where(
            Member.user_id == requester_id,
            Member.party_id == party_id,
            Member.status == MemberStatus.VERIFIED,
        )
    )
    if member is None:
        checks.add(("party_id",), "ticket.party_not_member")


def new_ticket(
    session: AsyncSession,
    *,
    number: str,
    requester_id: int,
    subject: str,
    priority: TicketPriority,
    channel: TicketChannel,
    party_id: int | None,
    now: datetime,
    follow_up_of_id: int | None = None,
) -> Ticket:
    ticket = Ticket(
        number=number,
        subject=subject,
        status=TicketStatus.NEW,
        priority=priority,
        channel=channel,
        requester_id=requester_id,
        party_id=party_id,
        follow_up_of_id=follow_up_of_id,
        created_at=now,
        updated_at=now,
        first_response_due_at=rules.first_response_due(now, priority),
    )
    session.add(ticket)
    return ticket


async def write_message(
    session: AsyncSession,
    ticket: Ticket,
    *,
    author_id: int,
    body: str,
    channel: TicketChannel,
    now: datetime,
    internal: bool = False,
    logged_by_id: int | None = None,
) -> TicketMessage:
    """The message row and its search entry; the workflow is up to the caller."""
    message = TicketMessage(
        ticket_id=ticket.id,
        author_id=author_id,
        logged_by_id=logged_by_id,
        body=body,
        body_html=markdown.render(body),
        is_internal=internal,
        channel=channel,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    kind = policy.NOTE_SEARCH_KIND if internal else policy.MESSAGE_SEARCH_KIND
    await search.index_document(session, search.Document(kind, message.id, "", "", body))
    return message


async def index_ticket(session: AsyncSession, ticket: Ticket) -> None:
    await search.index_document(
        session, search.Document(policy.TICKET_SEARCH_KIND, ticket.id, ticket.subject, "", "")
    )


async def open_with_message(
    session: AsyncSession,
    viewer: Viewer,
    *,
    subject: str,
    body: str,
    priority: TicketPriority | None = None,
    party_id: int | None = None,
    channel: TicketChannel = TicketChannel.WEB,
    requester_id: int | None = None,
) -> tuple[Ticket, TicketMessage]:
    """`open_ticket`, also returning the ticket's first message."""
    if not policy.can_open_ticket(viewer):
        raise unauthenticated()
    assert viewer.user_id is not None
    on_behalf = requester_id is not None and requester_id != viewer.user_id
    if (on_behalf or channel is TicketChannel.PHONE) and not policy.can_log_on_behalf(viewer):
        raise forbidden()
    requester = requester_id if requester_id is not None else viewer.user_id
    checks = Checks()
    subject = checks.title(("subject",), subject, max_length=SUBJECT_MAX)
    body = check_markdown(checks, ("body",), body)
    if on_behalf and await session.get(User, requester) is None:
        checks.add(("requester_id",), "user.not_found", ErrorCode.NOT_FOUND)
    elif party_id is not None:
        await _check_party(session, checks, requester, party_id)
    checks.raise_if_any()
    now = utcnow()
    number = await next_number(session, now)
    ticket = new_ticket(
        session,
        number=number,
        requester_id=requester,
        subject=subject,
        priority=priority or TicketPriority.NORMAL,
        channel=channel,
        party_id=party_id,
        now=now,
    )
    await session.flush()
    await index_ticket(session, ticket)
    message = await write_message(
        session,
        ticket,
        author_id=requester,
        body=body,
        channel=channel,
        now=now,
        logged_by_id=viewer.user_id if on_behalf else None,
    )
    await record(session, "ticket_opened", ticket, message_id=message.id)
    return ticket, message


async def open_ticket(
    session: AsyncSession,
    viewer: Viewer,
    *,
    subject: str,
    body: str,
    priority: TicketPriority | None = None,
    party_id: int | None = None,
    channel: TicketChannel = TicketChannel.WEB,
    requester_id: int | None = None,
) -> Ticket:
    """A new ticket (status NEW) with its question as the first message.

    The viewer is the requester, unless helpdesk staff log a call on behalf of
    ``requester_id`` (the message is then the requester's, logged by the staff member).
    ``party_id``: a party the requester is a VERIFIED member of; its chair and
    secretary can follow the ticket.
    """
    if requester_id is None and not policy.is_helpdesk_staff(viewer) and viewer.user_id is not None:
        retry = await ratelimit.hit(f"helpdesk.open:{viewer.user_id}", *rules.current().ticket_rate)
        if retry is not None:
            raise DomainError.of(ErrorCode.RATE_LIMITED, "helpdesk.rate_limited", seconds=retry.seconds)
    ticket, _message = await open_with_message(
        session,
        viewer,
        subject=subject,
        body=body,
        priority=priority,
        party_id=party_id,
        channel=channel,
        requester_id=requester_id,
    )
    return ticket


# --- handling ----------------------------------------------------------------------


def _notification_payload(ticket: Ticket, **extra: object) -> dict[str, object]:
    return {"ticket_id": ticket.id, "ticket_number": ticket.number, "ticket_subject": ticket.subject, **extra}


async def assign_ticket(
    session: AsyncSession, viewer: Viewer, ticket_id: int, assignee_id: int | None
) -> Ticket:
    """Staff: give the ticket to a helpdesk staff member (None: to nobody).

    A NEW ticket that someone takes is OPEN; the assignee is notified (unless they
    assigned it to themselves).
    """
    require_staff(viewer)
    now = utcnow()
    ticket = await ticket_for_update(session, viewer, ticket_id)
    await close_if_due(session, ticket, now)
    require_not_closed(ticket)
    if assignee_id is not None:
        assignee = await session.get(User, assignee_id)
        if assignee is None:
            raise not_found("user.not_found", ("assignee_id",))
        if not await is_helpdesk_user(session, assignee_id):
            raise DomainError.of(ErrorCode.BAD_USER_INPUT, "ticket.assignee_not_staff", ("assignee_id",))
    if ticket.assignee_id == assignee_id:
        return ticket
    ticket.assignee_id, ticket.updated_at = assignee_id, now
    await session.flush()
    await record(session, "assigned", ticket, assignee_id=assignee_id)
    if assignee_id is not None and ticket.status is TicketStatus.NEW:
        await change_status(session, ticket, TicketStatus.OPEN, now)
    if assignee_id is not None and assignee_id != viewer.user_id:
        by = await session.get(User, viewer.user_id) if viewer.user_id is not None else None
        payload = _notification_payload(ticket, assigned_by_name=by.display_name if by else "")
        await notifications.notify(session, [assignee_id], NotificationKind.TICKET_ASSIGNED, payload)
    return ticket


async def set_ticket_status(
    session: AsyncSession, viewer: Viewer, ticket_id: int, status: TicketStatus
) -> Ticket:
    """Staff: OPEN, PENDING (waiting for the requester), RESOLVED, or CLOSED at once.

    NEW is where tickets start, not a status to go back to; a closed ticket stays closed
    (a reply to it opens a follow-up).
    """
    require_staff(viewer)
    if status is TicketStatus.NEW:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "ticket.status_new", ("status",))
    now = utcnow()
    ticket = await ticket_for_update(session, viewer, ticket_id)
    await close_if_due(session, ticket, now)
    require_not_closed(ticket)
    if ticket.status is not status:
        await change_status(session, ticket, status, now)
    return ticket


async def set_ticket_priority(
    session: AsyncSession, viewer: Viewer, ticket_id: int, priority: TicketPriority
) -> Ticket:
    """Staff: a new priority, and with it a new first-response target (from the ticket's opening)."""
    require_staff(viewer)
    now = utcnow()
    ticket = await ticket_for_update(session, viewer, ticket_id)
    await close_if_due(session, ticket, now)
    require_not_closed(ticket)
    if ticket.priority is not priority:
        ticket.priority = priority
        ticket.first_response_due_at = rules.first_response_due(ticket.created_at, priority)
        ticket.updated_at = now
        await session.flush()
    return ticket


async def rate_ticket(
    session: AsyncSession, viewer: Viewer, ticket_id: int, rating: int, comment: str | None = None
) -> Ticket:
    """The requester rates the help they got (1 to 5), once the ticket is resolved or closed;
    rating again replaces the earlier rating."""
    require_signed_in(viewer)
    now = utcnow()
    ticket = await ticket_for_update(session, viewer, ticket_id)
    if not policy.can_rate(viewer, ticket):
        raise forbidden()
    await close_if_due(session, ticket, now)
    if ticket.status not in rules.FINISHED:
        raise conflict("ticket.not_resolved", ("ticket_id",))
    checks = Checks()
    checks.number(("rating",), rating, minimum=1, maximum=5)
    comment = checks.optional_text(("comment",), comment, max_length=COMMENT_MAX)
    checks.raise_if_any()
    ticket.rating, ticket.rating_comment, ticket.rated_at = rating, comment, now
    await session.flush()
    return ticket
