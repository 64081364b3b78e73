"""Checks that every part of the helpdesk makes before it changes a ticket."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.models import UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.errors import FieldPath, conflict, not_found, refused, unauthenticated
from kennispunt.helpdesk import policy
from kennispunt.helpdesk.models import Ticket, TicketStatus


def require_signed_in(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise unauthenticated()


def require_staff(viewer: Viewer) -> None:
    if not policy.can_handle_tickets(viewer):
        raise refused(viewer)


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
