"""Opening tickets: gap-free numbers, the ticket with its first message, the per-person
rate of opening.

Locks are taken in one order by every writer, so PostgreSQL never deadlocks: the ticket
row, then the year's number counter, then (through `record_event`) the lock of the
helpdesk's event stream, then notifications. Hence no event is recorded before a number
is drawn.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown, ratelimit, search
from kennispunt.accounts.models import User
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import DISPLAY_TIMEZONE, utcnow
from kennispunt.errors import Checks, DomainError, ErrorCode, forbidden, unauthenticated
from kennispunt.helpdesk import policy, rules
from kennispunt.helpdesk.events import TicketEventKind, record
from kennispunt.helpdesk.models import (
    Ticket,
    TicketChannel,
    TicketCounter,
    TicketMessage,
    TicketPriority,
    TicketStatus,
)
from kennispunt.parties.models import Member, MemberStatus, Party

SUBJECT_MAX, BODY_MAX = 200, 20_000
NUMBER_PREFIX = "KP"
NUMBER_PATTERN = re.compile(r"\bKP-(\d{4})-(\d{5,})\b", re.IGNORECASE)
"""A ticket number in free text, e.g. an e-mail subject ``Re: [KP-2027-00042] ...``."""


def format_number(year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{sequence:05d}"


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
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
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
    await record(session, TicketEventKind.TICKET_OPENED, ticket, message_id=message.id)
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
