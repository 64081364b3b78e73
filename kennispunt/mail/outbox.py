"""Mail for public staff replies, delivered durably.

A committed ``message_added`` event on a ticket, by staff and not internal, gets one
`MailDelivery` row (unique per event) and is sent in the background right after the
commit (`MailDispatcher`, an after-commit hook). What did not go out, because the SMTP
server was unreachable or the process stopped, is sent by `send_pending`
(``kennispunt mail send-pending``, run from cron), which also picks up recent events
that never got a row.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.service import users_by_ids
from kennispunt.db import Database, utcnow
from kennispunt.events.models import Event
from kennispunt.events.service import events_by_ids
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.mail.compose import TicketReply, mail_subject, ticket_reply_mail
from kennispunt.mail.models import DeliveryStatus, MailDelivery
from kennispunt.mail.smtp import SmtpConfig, send

logger = logging.getLogger(__name__)

EVENT_SUBJECT = "ticket"
EVENT_KIND = "message_added"
FOLLOW_UP_KIND = "ticket_opened"
MAX_ATTEMPTS = 5
CLAIM_TIMEOUT = timedelta(minutes=10)
"""A delivery claimed longer ago than this is taken to be abandoned by a stopped sender."""
CATCH_UP = timedelta(hours=24)


def wants_mail(event: Event) -> bool:
    """A public reply by staff, as the event says; the message itself is checked again later.

    A staff reply to a closed ticket opens a follow-up ticket (``ticket_opened`` with
    ``follow_up_of_id``): that reply is mailed too. Other new tickets start with the
    requester's own question (also when staff log a call for them), never mailed.
    """
    payload = event.payload or {}
    if event.subject_type != EVENT_SUBJECT:
        return False
    if event.kind == EVENT_KIND:
        return payload.get("by_staff") is True and payload.get("internal") is False
    return event.kind == FOLLOW_UP_KIND and payload.get("follow_up_of_id") is not None


async def _reply_for(session: AsyncSession, event: Event) -> TicketReply | None:
    """The reply to mail for an event, or None when its message may not be mailed.

    The message itself decides: an internal note is never mailed, whatever the event says.
    """
    message_id = (event.payload or {}).get("message_id")
    message = await session.get(TicketMessage, message_id) if isinstance(message_id, int) else None
    if message is None or message.is_internal:
        return None
    ticket = await session.get(Ticket, message.ticket_id)
    if ticket is None or message.author_id == ticket.requester_id:
        return None
    users = await users_by_ids(session, [ticket.requester_id, message.author_id])
    requester, author = users.get(ticket.requester_id), users.get(message.author_id)
    if requester is None:
        return None
    return TicketReply(
        ticket_id=ticket.id,
        ticket_number=ticket.number,
        ticket_subject=ticket.subject,
        message_id=message.id,
        body=message.body,
        author_name=author.display_name if author else "Kennispunt",
        requester_name=requester.display_name,
        recipient=requester.email,
    )


async def enqueue(session: AsyncSession, events: Iterable[Event]) -> list[int]:
    """A pending delivery for every event that calls for a mail and has none yet; their ids."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    created: list[int] = []
    now = utcnow()
    for event in events:
        if not wants_mail(event):
            continue
        reply = await _reply_for(session, event)
        if reply is None:  # an internal note after all, or the requester's own message
            logger.debug("no mail for event %d: its message is not a public staff reply", event.id)
            continue
        statement = (
            insert(MailDelivery)
            .values(
                event_id=event.id,
                recipient=reply.recipient,
                subject=mail_subject(reply.ticket_number, reply.ticket_subject)[:500],
                status=DeliveryStatus.PENDING,
                attempts=0,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(MailDelivery.id)
        )
        delivery_id = await session.scalar(statement)
        if delivery_id is not None:
            created.append(delivery_id)
    return created


def _claimable(delivery: MailDelivery, now: datetime, max_attempts: int) -> bool:
    if delivery.status is DeliveryStatus.PENDING:
        return True
    if delivery.status is DeliveryStatus.FAILED:
        return delivery.attempts < max_attempts
    if delivery.status is DeliveryStatus.SENDING:
        return delivery.updated_at < now - CLAIM_TIMEOUT and delivery.attempts < max_attempts
    return False


async def _finish(db: Database, delivery_id: int, status: DeliveryStatus, error: str | None = None) -> None:
    async with db.transaction() as session:
        delivery = await session.get(MailDelivery, delivery_id)
        assert delivery is not None
        now = utcnow()
        delivery.status, delivery.updated_at, delivery.last_error = status, now, error
        if status is DeliveryStatus.SENT:
            delivery.sent_at = now


async def deliver(
    db: Database, config: SmtpConfig, delivery_id: int, *, max_attempts: int = MAX_ATTEMPTS
) -> DeliveryStatus | None:
    """Send one delivery unless it is sent, skipped, or being sent by someone else.

    Returns the new status, or None when the delivery was not ours to send.
    """
    async with db.transaction() as session:
        delivery = await session.get(MailDelivery, delivery_id, with_for_update=True)
        now = utcnow()
        if delivery is None or not _claimable(delivery, now, max_attempts):
            return None
        event = await session.get(Event, delivery.event_id)
        reply = await _reply_for(session, event) if event is not None else None
        if reply is None:
            delivery.status, delivery.updated_at = DeliveryStatus.SKIPPED, now
            delivery.last_error = "the message may not be mailed (internal, or removed)"
            logger.warning("mail delivery %d not sent: the message may not be mailed", delivery.id)
            return DeliveryStatus.SKIPPED
        if not config.configured:
            delivery.status, delivery.updated_at, delivery.last_error = (
                DeliveryStatus.SKIPPED,
                now,
                "SMTP not configured",
            )
            logger.warning("SMTP not configured; mail delivery %d not sent", delivery.id)
            return DeliveryStatus.SKIPPED
        delivery.status, delivery.updated_at = DeliveryStatus.SENDING, now
        delivery.attempts += 1
        recipient, attempt = delivery.recipient, delivery.attempts
    mail = ticket_reply_mail(replace(reply, recipient=recipient), config.sender)
    try:
        await send(config, mail)
    except Exception as error:  # noqa: BLE001 -- any failure leaves the delivery for the next attempt
        reason = f"{type(error).__name__}: {error}"[:1000]
        logger.warning(
            "mail delivery %d failed, attempt %d: %s",
            delivery_id,
            attempt,
            reason.replace(recipient, "<recipient>"),
        )
        await _finish(db, delivery_id, DeliveryStatus.FAILED, reason)
        return DeliveryStatus.FAILED
    await _finish(db, delivery_id, DeliveryStatus.SENT)
    logger.info("mail delivery %d sent", delivery_id)
    return DeliveryStatus.SENT


async def _events_without_delivery(session: AsyncSession, since: datetime) -> list[Event]:
    rows = await session.scalars(
        select(Event)
        .where(
            Event.subject_type == EVENT_SUBJECT,
            Event.kind.in_([EVENT_KIND, FOLLOW_UP_KIND]),
            Event.occurred_at >= since,
            ~exists().where(MailDelivery.event_id == Event.id),
        )
        .order_by(Event.id)
    )
    return [event for event in rows if wants_mail(event)]


async def send_pending(
    db: Database, config: SmtpConfig, *, max_attempts: int = MAX_ATTEMPTS, catch_up: timedelta = CATCH_UP
) -> Counter[DeliveryStatus]:
    """Retry what is pending or failed (up to ``max_attempts``), after adding the deliveries
    missing for events of the last ``catch_up`` (the process stopped before it wrote them)."""
    async with db.transaction() as session:
        await enqueue(session, await _events_without_delivery(session, utcnow() - catch_up))
    async with db.session() as session:
        ids = list(
            await session.scalars(
                select(MailDelivery.id)
                .where(
                    MailDelivery.status.in_(
                        [DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.SENDING]
                    ),
                    MailDelivery.attempts < max_attempts,
                )
                .order_by(MailDelivery.id)
            )
        )
    outcome: Counter[DeliveryStatus] = Counter()
    for delivery_id in ids:
        status = await deliver(db, config, delivery_id, max_attempts=max_attempts)
        if status is not None:
            outcome[status] += 1
    return outcome


class MailDispatcher:
    """The after-commit hook: mail for new public staff replies goes out in the background,
    so the request that committed them does not wait for the SMTP server."""

    def __init__(self, db: Database, config: SmtpConfig) -> None:
        self.db = db
        self.config = config
        self._tasks: set[asyncio.Task[None]] = set()

    async def after_commit(self, events: list[Event]) -> None:
        event_ids = [event.id for event in events if wants_mail(event)]
        if event_ids:
            task = asyncio.create_task(self.dispatch(event_ids))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def dispatch(self, event_ids: Sequence[int]) -> None:
        try:
            async with self.db.transaction() as session:
                delivery_ids = await enqueue(session, await events_by_ids(session, event_ids))
            for delivery_id in delivery_ids:
                await deliver(self.db, self.config, delivery_id)
        except Exception:  # the rows stay pending or failed; send-pending retries them
            logger.exception(
                "mail for events %s not delivered now; 'kennispunt mail send-pending' retries", event_ids
            )

    async def drain(self, timeout: float = 15.0) -> None:
        """Wait (a while) for mail being sent, before the process stops."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)


UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED)


async def unfinished_deliveries(session: AsyncSession) -> dict[DeliveryStatus, int]:
    """How many deliveries wait to be sent, are being sent, or failed last time (each status, 0 included)."""
    rows = await session.execute(
        select(MailDelivery.status, func.count())
        .where(MailDelivery.status.in_(UNFINISHED))
        .group_by(MailDelivery.status)
    )
    counts = dict.fromkeys(UNFINISHED, 0)
    counts.update({status: count for status, count in rows})
    return counts
