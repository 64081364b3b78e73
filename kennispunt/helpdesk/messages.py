"""Messages on tickets: replies (with the workflow they drive), internal notes, phone
calls logged by staff, and published articles attached to answers.

The workflow of a public message:
- the first staff answer is the first response; a NEW ticket becomes OPEN, and the
  requester is notified (TICKET_ANSWERED);
- the requester's reply reopens a PENDING or RESOLVED ticket (OPEN);
- a reply to a CLOSED ticket opens a follow-up ticket linked to it, and lands there.
Internal notes change nothing a requester could notice: not the status, not
``updated_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown
from kennispunt.accounts.models import User
from kennispunt.accounts.viewer import Viewer
from kennispunt.content.models import Article
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, forbidden
from kennispunt.helpdesk import policy, rules
from kennispunt.helpdesk.checks import require_signed_in, require_staff, ticket_for_update
from kennispunt.helpdesk.events import TicketEventKind, record
from kennispunt.helpdesk.models import (
    Ticket,
    TicketChannel,
    TicketMessage,
    TicketMessageArticle,
    TicketPriority,
    TicketStatus,
)
from kennispunt.helpdesk.opening import (
    BODY_MAX,
    index_ticket,
    new_ticket,
    next_number,
    open_with_message,
    write_message,
)
from kennispunt.helpdesk.tickets import change_status, close_if_due
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import NotificationKind
from kennispunt.publishing import PublicationStatus

ARTICLES_MAX = 10


async def _check_articles(session: AsyncSession, checks: Checks, article_ids: Sequence[int]) -> None:
    """Only published articles can be attached, each once, at most `ARTICLES_MAX`."""
    if len(article_ids) > ARTICLES_MAX:
        checks.add(("article_ids",), "ticket.too_many_articles", max=ARTICLES_MAX)
        return
    found = dict(
        (await session.execute(select(Article.id, Article.status).where(Article.id.in_(article_ids)))).all()
    )
    seen: set[int] = set()
    for index, article_id in enumerate(article_ids):
        if article_id not in found:
            checks.add(("article_ids", index), "article.not_found", ErrorCode.NOT_FOUND)
        elif found[article_id] is not PublicationStatus.PUBLISHED:
            checks.add(("article_ids", index), "ticket.article_not_published")
        elif article_id in seen:
            checks.add(("article_ids", index), "ticket.article_twice")
        seen.add(article_id)


def _attach(session: AsyncSession, message: TicketMessage, article_ids: Sequence[int]) -> None:
    for position, article_id in enumerate(article_ids):
        session.add(TicketMessageArticle(message_id=message.id, article_id=article_id, position=position))


async def _answered(session: AsyncSession, ticket: Ticket, message: TicketMessage, now: datetime) -> None:
    """A staff member answered in public: the first response, OPEN, and the requester is told."""
    if ticket.first_responded_at is None:
        ticket.first_responded_at = now
    if ticket.status is TicketStatus.NEW:
        await change_status(session, ticket, TicketStatus.OPEN, now)
    author = await session.get(User, message.author_id)
    payload = {
        "ticket_id": ticket.id,
        "ticket_number": ticket.number,
        "ticket_subject": ticket.subject,
        "message_id": message.id,
        "author_name": author.display_name if author else "",
    }
    await notifications.notify(session, [ticket.requester_id], NotificationKind.TICKET_ANSWERED, payload)


async def post_public_message(
    session: AsyncSession,
    ticket: Ticket,
    *,
    author_id: int,
    by_staff: bool,
    body: str,
    channel: TicketChannel,
    article_ids: Sequence[int] = (),
    logged_by_id: int | None = None,
) -> TicketMessage:
    """A checked public message on a locked ticket, with the workflow it drives."""
    now = utcnow()
    if ticket.status is TicketStatus.CLOSED or rules.is_due_for_closing(ticket, now):
        return await _follow_up(
            session,
            ticket,
            author_id=author_id,
            by_staff=by_staff,
            body=body,
            channel=channel,
            article_ids=article_ids,
            logged_by_id=logged_by_id,
            now=now,
        )
    message = await write_message(
        session, ticket, author_id=author_id, body=body, channel=channel, now=now, logged_by_id=logged_by_id
    )
    _attach(session, message, article_ids)
    ticket.updated_at = now
    await session.flush()
    await record(
        session,
        TicketEventKind.MESSAGE_ADDED,
        ticket,
        message_id=message.id,
        internal=False,
        by_staff=by_staff,
    )
    if by_staff:
        await _answered(session, ticket, message, now)
    elif ticket.status in (TicketStatus.PENDING, TicketStatus.RESOLVED):
        await change_status(session, ticket, TicketStatus.OPEN, now)
    return message


async def _follow_up(
    session: AsyncSession,
    closed: Ticket,
    *,
    author_id: int,
    by_staff: bool,
    body: str,
    channel: TicketChannel,
    article_ids: Sequence[int],
    logged_by_id: int | None,
    now: datetime,
) -> TicketMessage:
    """A new ticket continuing a closed one (same requester, party, subject, priority)."""
    number = await next_number(session, now)  # before any event: the lock order of `tickets`
    await close_if_due(session, closed, now)
    ticket = new_ticket(
        session,
        number=number,
        requester_id=closed.requester_id,
        subject=closed.subject,
        priority=closed.priority,
        channel=channel,
        party_id=closed.party_id,
        now=now,
        follow_up_of_id=closed.id,
    )
    await session.flush()
    await index_ticket(session, ticket)
    message = await write_message(
        session, ticket, author_id=author_id, body=body, channel=channel, now=now, logged_by_id=logged_by_id
    )
    _attach(session, message, article_ids)
    await session.flush()
    await record(
        session, TicketEventKind.TICKET_OPENED, ticket, message_id=message.id, follow_up_of_id=closed.id
    )
    if by_staff:
        await _answered(session, ticket, message, now)
    return message


async def reply_to_ticket(
    session: AsyncSession,
    viewer: Viewer,
    ticket_id: int,
    body: str,
    *,
    channel: TicketChannel = TicketChannel.WEB,
    article_ids: Sequence[int] = (),
) -> TicketMessage:
    """A public reply by the requester or helpdesk staff; staff may attach published articles.

    A reply to a CLOSED ticket opens a follow-up ticket and lands there: the message's
    ``ticket_id`` says which ticket it is on.
    """
    require_signed_in(viewer)
    assert viewer.user_id is not None
    ticket = await ticket_for_update(session, viewer, ticket_id)
    if not policy.can_reply(viewer, ticket):
        raise forbidden()
    staff = policy.is_helpdesk_staff(viewer)
    if (channel is TicketChannel.PHONE or article_ids) and not staff:
        raise forbidden()
    checks = Checks()
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    if article_ids:
        await _check_articles(session, checks, article_ids)
    checks.raise_if_any()
    return await post_public_message(
        session,
        ticket,
        author_id=viewer.user_id,
        by_staff=staff and ticket.requester_id != viewer.user_id,
        body=body,
        channel=channel,
        article_ids=article_ids,
    )


async def add_internal_note(
    session: AsyncSession, viewer: Viewer, ticket_id: int, body: str
) -> TicketMessage:
    """Staff: a note on the ticket that only helpdesk staff ever see (also on a closed ticket)."""
    require_staff(viewer)
    assert viewer.user_id is not None
    now = utcnow()
    ticket = await ticket_for_update(session, viewer, ticket_id)
    checks = Checks()
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    checks.raise_if_any()
    await close_if_due(session, ticket, now)
    message = await write_message(
        session,
        ticket,
        author_id=viewer.user_id,
        body=body,
        channel=TicketChannel.WEB,
        now=now,
        internal=True,
    )
    await record(
        session, TicketEventKind.MESSAGE_ADDED, ticket, message_id=message.id, internal=True, by_staff=True
    )
    return message


async def log_phone_call(
    session: AsyncSession,
    viewer: Viewer,
    *,
    requester_id: int,
    body: str,
    subject: str | None = None,
    ticket_id: int | None = None,
    party_id: int | None = None,
    priority: TicketPriority | None = None,
) -> TicketMessage:
    """Staff write down a call on behalf of a representative: a new PHONE ticket (with
    ``subject``, and optionally ``party_id`` and ``priority``), or a PHONE message of the
    requester on their ticket ``ticket_id``."""
    require_staff(viewer)
    if ticket_id is None:
        _ticket, message = await open_with_message(
            session,
            viewer,
            subject=subject if subject is not None else "",
            body=body,
            party_id=party_id,
            priority=priority,
            channel=TicketChannel.PHONE,
            requester_id=requester_id,
        )
        return message
    ticket = await ticket_for_update(session, viewer, ticket_id)
    checks = Checks()
    if ticket.requester_id != requester_id:
        checks.add(("requester_id",), "ticket.other_requester")
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    checks.raise_if_any()
    return await post_public_message(
        session,
        ticket,
        author_id=requester_id,
        by_staff=False,
        body=body,
        channel=TicketChannel.PHONE,
        logged_by_id=viewer.user_id,
    )


# --- e-mail ---------------------------------------------------------------------------


async def message_from_email(session: AsyncSession, email_message_id: str) -> TicketMessage | None:
    """The message an e-mail with this Message-ID already became, if any."""
    return await session.scalar(
        select(TicketMessage).where(TicketMessage.email_message_id == email_message_id)
    )


async def note_email_source(session: AsyncSession, ticket_id: int, email_message_id: str) -> None:
    """Remember which e-mail the newest message of a ticket came in as."""
    message = await session.scalar(
        select(TicketMessage)
        .where(TicketMessage.ticket_id == ticket_id)
        .order_by(TicketMessage.id.desc())
        .limit(1)
    )
    if message is not None:
        message.email_message_id = email_message_id
        await session.flush()
