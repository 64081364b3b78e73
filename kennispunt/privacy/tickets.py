"""Anonymising tickets: their subject and every message are replaced by a fixed text.

What stays is what the helpdesk's figures need: number, status, channel, party, priority and
the moments. The search index forgets them, and notifications that quoted the subject
quote the fixed text instead. Used by retention (closed tickets past their period) and
by erasure (every ticket of the person).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import search
from kennispunt.db import utcnow
from kennispunt.helpdesk import policy as helpdesk_policy
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.markdown import render
from kennispunt.privacy.notifications import replace_quoted_text

ANONYMISED_TEXT = "[geanonimiseerd]"
"""Stored instead of a subject or a message (data, not a message to translate)."""


async def anonymise_tickets(session: AsyncSession, ticket_ids: Sequence[int]) -> int:
    """Anonymise the given tickets that are not anonymised yet; returns how many were."""
    ids = list(
        await session.scalars(
            select(Ticket.id)
            .where(Ticket.id.in_(ticket_ids), Ticket.anonymised_at.is_(None))
            .with_for_update()
        )
    )
    if not ids:
        return 0
    now = utcnow()
    await session.execute(
        update(Ticket)
        .where(Ticket.id.in_(ids))
        .values(subject=ANONYMISED_TEXT, rating_comment=None, anonymised_at=now)
        .execution_options(synchronize_session=False)
    )
    message_ids = list(
        await session.scalars(select(TicketMessage.id).where(TicketMessage.ticket_id.in_(ids)))
    )
    await session.execute(
        update(TicketMessage)
        .where(TicketMessage.ticket_id.in_(ids))
        .values(body=ANONYMISED_TEXT, body_html=render(ANONYMISED_TEXT), email_message_id=None)
        .execution_options(synchronize_session=False)
    )
    await search.remove_documents(session, helpdesk_policy.TICKET_SEARCH_KIND, ids)
    for kind in (helpdesk_policy.MESSAGE_SEARCH_KIND, helpdesk_policy.NOTE_SEARCH_KIND):
        await search.remove_documents(session, kind, message_ids)
    await replace_quoted_text(session, "ticket_id", ids, "ticket_subject", ANONYMISED_TEXT)
    return len(ids)
