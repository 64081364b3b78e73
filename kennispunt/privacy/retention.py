"""How long personal data is kept, applied by ``kennispunt privacy retention`` (daily, from the
scheduler). Run again it changes nothing more: idempotent. A dry run only counts.

- closed tickets: anonymised `Periods.tickets` after closing (`kennispunt.privacy.tickets`);
- login attempts: removed once expired (a sign-in has ten minutes);
- sessions and access tokens: removed `CREDENTIAL_GRACE` after they expired or were revoked
  (until then the person still sees them in their list);
- finished mail deliveries and quarantined mail: removed after `Periods.mail`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.models import AccessToken, AuthSession, LoginAttempt
from kennispunt.db import utcnow
from kennispunt.helpdesk.models import Ticket, TicketStatus
from kennispunt.mail.models import DeliveryStatus, MailDelivery, QuarantinedMail
from kennispunt.privacy.tickets import anonymise_tickets
from kennispunt.settings import Settings

CREDENTIAL_GRACE = timedelta(days=30)
FINISHED = (DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED)
BATCH = 200


@dataclass(frozen=True)
class Periods:
    tickets: timedelta
    mail: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> Periods:
        return cls(
            tickets=timedelta(days=settings.ticket_retention_days),
            mail=timedelta(days=settings.mail_retention_days),
        )


@dataclass(frozen=True)
class Retained:
    """What was anonymised or removed (in a dry run: what would be)."""

    tickets_anonymised: int
    login_attempts_removed: int
    sessions_removed: int
    tokens_removed: int
    mail_deliveries_removed: int
    quarantined_mail_removed: int


async def apply_retention(
    session: AsyncSession, periods: Periods, *, dry_run: bool = False, now: datetime | None = None
) -> Retained:
    now = now or utcnow()
    credentials_before = now - CREDENTIAL_GRACE
    removals: list[tuple[Any, ColumnElement[bool]]] = [
        (LoginAttempt, LoginAttempt.expires_at < now),
        (
            AuthSession,
            or_(AuthSession.expires_at < credentials_before, AuthSession.revoked_at < credentials_before),
        ),
        (
            AccessToken,
            or_(AccessToken.expires_at < credentials_before, AccessToken.revoked_at < credentials_before),
        ),
        (MailDelivery, MailDelivery.status.in_(FINISHED) & (MailDelivery.updated_at < now - periods.mail)),
        (QuarantinedMail, QuarantinedMail.received_at < now - periods.mail),
    ]
    removed = [await _remove(session, model, condition, dry_run) for model, condition in removals]
    tickets = await _anonymise_closed_tickets(session, now - periods.tickets, dry_run)
    return Retained(tickets, *removed)


async def _remove(session: AsyncSession, model: Any, condition: ColumnElement[bool], dry_run: bool) -> int:
    count = await session.scalar(select(func.count()).select_from(model).where(condition)) or 0
    if count and not dry_run:
        await session.execute(delete(model).where(condition))
    return count


async def _anonymise_closed_tickets(session: AsyncSession, closed_before: datetime, dry_run: bool) -> int:
    due = select(Ticket.id).where(
        Ticket.status == TicketStatus.CLOSED, Ticket.closed_at < closed_before, Ticket.anonymised_at.is_(None)
    )
    if dry_run:
        return await session.scalar(select(func.count()).select_from(due.subquery())) or 0
    total = 0
    while batch := list(await session.scalars(due.order_by(Ticket.id).limit(BATCH))):
        total += await anonymise_tickets(session, batch)
    return total
