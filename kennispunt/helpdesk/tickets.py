"""What staff do with tickets: assign them, change status and priority; the requester's
rating; the status workflow and the automatic closing.

Every change is written with its outbox events (`kennispunt.helpdesk.events`) in the same
unit of work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.models import User
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, DomainError, ErrorCode, conflict, forbidden, not_found
from kennispunt.helpdesk import policy, rules
from kennispunt.helpdesk.checks import (
    is_helpdesk_user,
    require_not_closed,
    require_signed_in,
    require_staff,
    ticket_for_update,
)
from kennispunt.helpdesk.events import TicketEventKind, record
from kennispunt.helpdesk.models import Ticket, TicketPriority, TicketStatus
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import NotificationKind

COMMENT_MAX = 2_000


# --- status ------------------------------------------------------------------------


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
    await record(
        session, TicketEventKind.STATUS_CHANGED, ticket, **{"from": previous.name, "to": status.name}
    )


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
    await record(session, TicketEventKind.ASSIGNED, ticket, assignee_id=assignee_id)
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
