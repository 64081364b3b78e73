"""Everything the platform holds about one person, as one JSON document (GDPR Art. 15/20).

One statement per kind of data, however much of it there is. Secrets and their hashes
(tokens, sessions, provider ID tokens) are never part of it; internal notes only in the
staff export, when asked for, marked ``"internal": true``. Moments are ISO 8601 in Dutch
local time, like the API's ``DateTime``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.models import AccessToken, AuthSession, User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import DISPLAY_TIMEZONE, utcnow
from kennispunt.errors import not_found
from kennispunt.forum.models import Reaction, ReadMark, Reply, Report, Thread, ThreadFollow
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.mail.models import MailDelivery
from kennispunt.notifications.models import Notification
from kennispunt.parties.models import Member, Party
from kennispunt.privacy import policy
from kennispunt.trainings.models import Training, TrainingRegistration

FORMAT = "kennispunt.personal-data/1"

Json = dict[str, Any]


def moment(value: datetime | None) -> str | None:
    return value.astimezone(DISPLAY_TIMEZONE).isoformat() if value is not None else None


async def export_for(
    session: AsyncSession, viewer: Viewer, user_id: int, *, include_internal_notes: bool = False
) -> Json:
    """The export of ``user_id`` for ``viewer``: the person themselves, or an admin."""
    policy.require_may_export(viewer, user_id, include_internal_notes=include_internal_notes)
    user = await session.get(User, user_id)
    if user is None or user.erased_at is not None:
        raise not_found("user.not_found", ("user_id",))
    return await export_user(session, user, include_internal_notes=include_internal_notes)


async def export_user(session: AsyncSession, user: User, *, include_internal_notes: bool = False) -> Json:
    """The document itself; no permission check (the CLI is run by operators)."""
    tickets = list(
        await session.scalars(select(Ticket).where(Ticket.requester_id == user.id).order_by(Ticket.id))
    )
    return {
        "format": FORMAT,
        "exportedAt": moment(utcnow()),
        "includesInternalNotes": include_internal_notes,
        "profile": await _profile(session, user),
        "identities": _identities(user),
        "memberships": await _memberships(session, user.id),
        "forum": await _forum(session, user.id),
        "tickets": await _tickets(session, user.id, tickets, include_internal_notes),
        "trainingRegistrations": await _registrations(session, user.id),
        "notifications": await _notifications(session, user.id),
        "sessions": await _sessions(session, user.id),
        "accessTokens": await _tokens(session, user.id),
        "mailDeliveries": await _mail(session, user.email),
    }


async def _profile(session: AsyncSession, user: User) -> Json:
    roles = await session.scalars(select(UserRole).where(UserRole.user_id == user.id))
    return {
        "id": user.id,
        "email": user.email,
        "displayName": user.display_name,
        "createdAt": moment(user.created_at),
        "blockedAt": moment(user.blocked_at),
        "staffRoles": sorted(
            ({"role": role.role.name, "grantedAt": moment(role.granted_at)} for role in roles),
            key=lambda role: str(role["role"]),
        ),
    }


def _identities(user: User) -> list[Json]:
    if user.oidc_subject is None:
        return []
    return [{"issuer": user.oidc_issuer, "subject": user.oidc_subject}]


async def _memberships(session: AsyncSession, user_id: int) -> list[Json]:
    """Each claim with its course: requested (``createdAt``), decided (``decidedAt``), status now."""
    rows = await session.execute(
        select(Member, Party.slug, Party.name)
        .join(Party, Party.id == Member.party_id)
        .where(Member.user_id == user_id)
        .order_by(Member.id)
    )
    return [
        {
            "id": member.id,
            "party": {"id": member.party_id, "slug": slug, "name": name},
            "role": member.role.name,
            "status": member.status.name,
            "requestedAt": moment(member.created_at),
            "decidedAt": moment(member.decided_at),
        }
        for member, slug, name in rows.all()
    ]


async def _forum(session: AsyncSession, user_id: int) -> Json:
    threads = await session.scalars(select(Thread).where(Thread.author_id == user_id).order_by(Thread.id))
    replies = await session.execute(
        select(Reply, Thread.title)
        .join(Thread, Thread.id == Reply.thread_id)
        .where(Reply.author_id == user_id)
        .order_by(Reply.id)
    )
    reactions = await session.scalars(
        select(Reaction).where(Reaction.user_id == user_id).order_by(Reaction.reply_id, Reaction.kind)
    )
    follows = await session.scalars(
        select(ThreadFollow).where(ThreadFollow.user_id == user_id).order_by(ThreadFollow.thread_id)
    )
    marks = await session.scalars(
        select(ReadMark).where(ReadMark.user_id == user_id).order_by(ReadMark.thread_id)
    )
    reports = await session.scalars(select(Report).where(Report.reporter_id == user_id).order_by(Report.id))
    return {
        "threads": [
            {
                "id": thread.id,
                "categoryId": thread.category_id,
                "title": thread.title,
                "body": thread.body,
                "createdAt": moment(thread.created_at),
                "editedAt": moment(thread.edited_at),
                "isHidden": thread.is_hidden,
            }
            for thread in threads
        ],
        "replies": [
            {
                "id": reply.id,
                "threadId": reply.thread_id,
                "threadTitle": title,
                "body": reply.body,
                "createdAt": moment(reply.created_at),
                "editedAt": moment(reply.edited_at),
                "isHidden": reply.is_hidden,
                "acceptedAt": moment(reply.accepted_at),
            }
            for reply, title in replies.all()
        ],
        "reactions": [
            {
                "replyId": reaction.reply_id,
                "kind": reaction.kind.name,
                "createdAt": moment(reaction.created_at),
            }
            for reaction in reactions
        ],
        "follows": [
            {"threadId": follow.thread_id, "createdAt": moment(follow.created_at)} for follow in follows
        ],
        "readMarks": [
            {
                "threadId": mark.thread_id,
                "lastReadReplyId": mark.last_read_reply_id,
                "readAt": moment(mark.read_at),
            }
            for mark in marks
        ],
        "reports": [
            {
                "id": report.id,
                "threadId": report.thread_id,
                "replyId": report.reply_id,
                "reason": report.reason,
                "createdAt": moment(report.created_at),
                "resolvedAt": moment(report.resolved_at),
            }
            for report in reports
        ],
    }


async def _tickets(
    session: AsyncSession, user_id: int, tickets: Sequence[Ticket], include_internal_notes: bool
) -> list[Json]:
    """The person's own questions, with the messages they see (and, for staff, the notes)."""
    statement = select(TicketMessage).where(TicketMessage.ticket_id.in_([ticket.id for ticket in tickets]))
    if not include_internal_notes:
        statement = statement.where(TicketMessage.is_internal.is_(False))
    messages: dict[int, list[Json]] = {ticket.id: [] for ticket in tickets}
    rows = list(await session.scalars(statement.order_by(TicketMessage.id))) if tickets else []
    for message in rows:
        messages[message.ticket_id].append(
            {
                "id": message.id,
                "byRequester": message.author_id == user_id,
                "internal": message.is_internal,
                "channel": message.channel.name,
                "body": message.body,
                "createdAt": moment(message.created_at),
            }
        )
    return [
        {
            "id": ticket.id,
            "number": ticket.number,
            "subject": ticket.subject,
            "status": ticket.status.name,
            "channel": ticket.channel.name,
            "partyId": ticket.party_id,
            "createdAt": moment(ticket.created_at),
            "resolvedAt": moment(ticket.resolved_at),
            "closedAt": moment(ticket.closed_at),
            "rating": ticket.rating,
            "ratingComment": ticket.rating_comment,
            "anonymisedAt": moment(ticket.anonymised_at),
            "messages": messages[ticket.id],
        }
        for ticket in tickets
    ]


async def _registrations(session: AsyncSession, user_id: int) -> list[Json]:
    rows = await session.execute(
        select(TrainingRegistration, Training.slug, Training.title)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(TrainingRegistration.user_id == user_id)
        .order_by(TrainingRegistration.id)
    )
    return [
        {
            "id": registration.id,
            "training": {"id": registration.training_id, "slug": slug, "title": title},
            "status": registration.status.name,
            "createdAt": moment(registration.created_at),
            "updatedAt": moment(registration.updated_at),
        }
        for registration, slug, title in rows.all()
    ]


async def _notifications(session: AsyncSession, user_id: int) -> list[Json]:
    rows = await session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
    )
    return [
        {
            "id": notification.id,
            "kind": notification.kind.name,
            "payload": notification.payload,
            "createdAt": moment(notification.created_at),
            "readAt": moment(notification.read_at),
        }
        for notification in rows
    ]


async def _sessions(session: AsyncSession, user_id: int) -> list[Json]:
    rows = await session.scalars(
        select(AuthSession).where(AuthSession.user_id == user_id).order_by(AuthSession.id)
    )
    return [
        {
            "id": record.id,
            "createdAt": moment(record.created_at),
            "expiresAt": moment(record.expires_at),
            "revokedAt": moment(record.revoked_at),
        }
        for record in rows
    ]


async def _tokens(session: AsyncSession, user_id: int) -> list[Json]:
    rows = await session.scalars(
        select(AccessToken).where(AccessToken.user_id == user_id).order_by(AccessToken.id)
    )
    return [
        {
            "id": record.id,
            "name": record.name,
            "prefix": record.prefix,
            "createdAt": moment(record.created_at),
            "expiresAt": moment(record.expires_at),
            "lastUsedAt": moment(record.last_used_at),
            "revokedAt": moment(record.revoked_at),
        }
        for record in rows
    ]


async def _mail(session: AsyncSession, email: str) -> list[Json]:
    rows = await session.scalars(
        select(MailDelivery).where(MailDelivery.recipient == email).order_by(MailDelivery.id)
    )
    return [
        {
            "id": delivery.id,
            "subject": delivery.subject,
            "status": delivery.status.name,
            "createdAt": moment(delivery.created_at),
            "sentAt": moment(delivery.sent_at),
        }
        for delivery in rows
    ]
