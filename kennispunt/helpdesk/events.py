"""The helpdesk's outbox events (subject ``ticket``), recorded in the same unit of work as
the change they tell of: ``ticket_opened`` ``{"message_id"}`` (a follow-up adds
``"follow_up_of_id"``), ``message_added`` ``{"message_id", "internal", "by_staff"}``,
``status_changed`` ``{"from", "to"}`` and ``assigned`` ``{"assignee_id"}``. Internal notes
are events too: subscribers filter them per viewer through the policy.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.events.service import record_event
from kennispunt.helpdesk.models import Ticket

SUBJECT = "ticket"


class TicketEventKind(StrEnum):
    """What happened to a ticket; the API's ``TicketEventKind`` is this enum."""

    TICKET_OPENED = "ticket_opened"
    MESSAGE_ADDED = "message_added"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"


async def record(session: AsyncSession, kind: TicketEventKind, ticket: Ticket, **payload: object) -> None:
    await record_event(session, kind.value, SUBJECT, ticket.id, dict(payload))
