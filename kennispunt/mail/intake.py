"""The mail intake: an SMTP (or LMTP) server that turns each incoming message into a
ticket for its sender, or into a reply on the sender's ticket named in the subject.

Each message is one unit of work: it is stored whole or not at all. The SMTP reply tells
the sending server what happened: 250 stored, 550 refused (unknown sender, or unreadable
and kept in `QuarantinedMail`), 552 too big, 451 try again later (the database failed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from kennispunt.accounts.service import get_user_by_email, load_viewer
from kennispunt.db import Database
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketChannel
from kennispunt.helpdesk.opening import SUBJECT_MAX
from kennispunt.i18n import translate
from kennispunt.mail.models import QuarantinedMail
from kennispunt.mail.reading import IncomingMail, UnreadableMail, new_ticket_subject, read_body, read_headers
from kennispunt.text import clean_title, has_visible_text

logger = logging.getLogger(__name__)

NO_SUBJECT = "(geen onderwerp)"


@dataclass(frozen=True)
class Outcome:
    reply: str
    """The SMTP status line for the sending server."""


class UnknownSender(Exception):
    pass


class IntakeHandler:
    """The aiosmtpd handler: one message in, one ticket or reply (or a refusal) out."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        outcome = await self.receive(raw, envelope.mail_from, list(envelope.rcpt_tos))
        if isinstance(server, LMTP):  # LMTP answers DATA once per recipient
            return "\r\n".join([outcome.reply] * max(1, len(envelope.rcpt_tos)))
        return outcome.reply

    async def handle_exception(self, error: Exception) -> str:
        logger.exception("mail intake: session failed")
        return "451 Temporary failure, try again later"

    async def receive(self, raw: bytes, envelope_from: str | None, envelope_to: list[str]) -> Outcome:
        try:
            mail = read_headers(raw, envelope_from)
        except UnreadableMail as error:
            return await self._quarantine(raw, envelope_from, envelope_to, error.reason)
        if mail.automatic:
            logger.info("mail intake: automatic message ignored")
            return Outcome("250 Automatic message accepted and ignored")
        try:
            return await self._store(mail)
        except UnknownSender:
            logger.warning("mail intake: refused mail from an unknown sender: no user has this address")
            return Outcome("550 Sender unknown: write from the e-mail address of your Kennispunt account")
        except UnreadableMail as error:
            return await self._quarantine(raw, envelope_from, envelope_to, error.reason, sender=mail.sender)
        except DomainError as error:
            if error.problems[0].code is ErrorCode.RATE_LIMITED:  # a flood from one sender: later, not never
                logger.warning("mail intake: a sender opens tickets too quickly; asked to retry later")
                return Outcome("451 Too many questions at once from this sender, try again later")
            reason = "; ".join(
                translate(problem.message_key, "en", **problem.params) for problem in error.problems
            )
            return await self._quarantine(
                raw, envelope_from, envelope_to, f"refused by the helpdesk: {reason}", sender=mail.sender
            )
        except Exception:
            logger.exception("mail intake: mail not stored; the sender is asked to retry")
            return Outcome("451 Temporary failure, try again later")

    async def _store(self, mail: IncomingMail) -> Outcome:
        """One transaction: a new ticket or a reply, acting as the sender."""
        async with self.db.transaction() as session:
            user = await get_user_by_email(session, mail.sender)
            if user is None:
                raise UnknownSender
            known = await helpdesk.message_from_email(session, mail.message_id) if mail.message_id else None
            if known is not None and known.author_id == user.id:  # delivered again (our 250 got lost)
                earlier = await session.get(Ticket, known.ticket_id)
                done = f"already received as ticket {earlier.number if earlier else '?'}"
                logger.info("mail intake: mail from user %d: %s", user.id, done)
                return Outcome(f"250 OK: {done}")
            body = read_body(mail.message)
            viewer = await load_viewer(session, user.id)
            ticket = (
                await helpdesk.ticket_by_number(session, mail.ticket_number) if mail.ticket_number else None
            )
            if ticket is not None and ticket.requester_id == user.id:
                message = await helpdesk.reply_to_ticket(
                    session, viewer, ticket.id, body, channel=TicketChannel.EMAIL
                )
                number = ticket.number
                landed_on = message.ticket_id
                if message.ticket_id != ticket.id:  # the ticket was closed: a follow-up took the reply
                    follow_up = await session.get(Ticket, message.ticket_id)
                    number = follow_up.number if follow_up else number
                done = f"added to ticket {number}"
            else:
                subject = clean_title(clean_title(new_ticket_subject(mail.subject))[:SUBJECT_MAX])
                if not has_visible_text(subject):
                    subject = NO_SUBJECT
                ticket = await helpdesk.open_ticket(
                    session, viewer, subject=subject, body=body, channel=TicketChannel.EMAIL
                )
                landed_on = ticket.id
                done = f"ticket {ticket.number} opened"
            if mail.message_id and known is None:  # (someone else's mail with this id: not noted)
                await helpdesk.note_email_source(session, landed_on, mail.message_id)
        logger.info("mail intake: mail from user %d: %s", user.id, done)
        return Outcome(f"250 OK: {done}")

    async def _quarantine(
        self,
        raw: bytes,
        envelope_from: str | None,
        envelope_to: list[str],
        reason: str,
        *,
        sender: str | None = None,
    ) -> Outcome:
        async with self.db.transaction() as session:
            item = QuarantinedMail(
                envelope_from=(envelope_from or "")[:254],
                envelope_to=", ".join(envelope_to),
                reason=reason[:500],
                raw=raw,
            )
            session.add(item)
            await session.flush()
            quarantine_id = item.id
        logger.warning(
            "mail intake: quarantined mail %d (%s sender): %s",
            quarantine_id,
            "known" if sender else "unknown",
            reason,
        )
        return Outcome(f"550 Message not accepted ({reason}); kept for review as {quarantine_id}")


class _LogsOversized(SMTP):
    """Logs the refusals aiosmtpd makes itself for messages over the size limit (552):
    declared too big in ``MAIL FROM:<…> SIZE=…``, or found too big while reading DATA.
    Put before `SMTP` or `LMTP` in the bases: its methods call theirs."""

    async def push(self, status: Any) -> None:
        line = status.decode("utf-8", "replace") if isinstance(status, bytes) else str(status)
        if line.startswith("552"):
            logger.warning("mail intake: refused a message larger than %s bytes", self.data_size_limit)
        await super().push(status)


class IntakeSMTP(_LogsOversized, SMTP):
    pass


class IntakeLMTP(_LogsOversized, LMTP):
    pass


async def serve(
    db: Database,
    *,
    host: str = "127.0.0.1",
    port: int = 8025,
    lmtp: bool = False,
    max_bytes: int = 1_048_576,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[int], None] | None = None,
) -> None:
    """Receive mail until ``stop`` is set (or forever); ``on_ready`` gets the bound port."""
    loop = asyncio.get_running_loop()
    handler = IntakeHandler(db)
    protocol = IntakeLMTP if lmtp else IntakeSMTP

    def factory() -> SMTP:
        return protocol(
            handler,
            data_size_limit=max_bytes,
            enable_SMTPUTF8=True,
            ident="Kennispunt mail intake",
            loop=loop,
        )

    server = await loop.create_server(factory, host=host, port=port)
    bound = server.sockets[0].getsockname()[1]
    logger.info(
        "mail intake: %s on %s:%d, messages up to %d bytes",
        "LMTP" if lmtp else "SMTP",
        host,
        bound,
        max_bytes,
    )
    if on_ready is not None:
        on_ready(bound)
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        server.close()
        await server.wait_closed()
        logger.info("mail intake: stopped")
