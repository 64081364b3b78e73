"""Rules for notifications: created by other services in their unit of work, read and
marked read by their recipient.

Every notification also records an outbox event on the recipient (subject ``user``),
so a live subscription can deliver it after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, DomainError, ErrorCode, unauthenticated
from kennispunt.events.service import record_events
from kennispunt.i18n import Language, translate
from kennispunt.lookups import rows_by_ids
from kennispunt.notifications import policy
from kennispunt.notifications.models import Notification, NotificationKind
from kennispunt.paging import Page, PageRequest, fetch_page

EVENT_SUBJECT = "user"
EVENT_KIND = "notification.created"
MARK_MAX = 100


async def notify(
    session: AsyncSession, recipients: Iterable[int], kind: NotificationKind, payload: Mapping[str, Any]
) -> list[Notification]:
    """One notification per recipient (each once), with its outbox event."""
    now = utcnow()
    notifications = [
        Notification(user_id=user_id, kind=kind, payload=dict(payload), created_at=now)
        for user_id in sorted(set(recipients))  # one lock order for every writer (record_event)
    ]
    if not notifications:
        return []
    session.add_all(notifications)
    await session.flush()
    subjects = [
        (notification.user_id, {"notification_id": notification.id}) for notification in notifications
    ]
    await record_events(session, EVENT_KIND, EVENT_SUBJECT, subjects)
    return notifications


def message(notification: Notification, language: Language) -> str:
    """The notification as a sentence in the reader's language, from its kind and payload."""
    payload = notification.payload or {}
    role = payload.get("role")
    return translate(
        f"notification.{notification.kind.value}",
        language,
        party=payload.get("party_name", ""),
        requester=payload.get("requester_name", ""),
        role=translate(f"member.role.{role.lower()}", language) if role else "",
        author=payload.get("author_name", ""),
        thread=payload.get("thread_title", ""),
        ticket=payload.get("ticket_number", ""),
        subject=payload.get("ticket_subject", ""),
    )


# --- reading -----------------------------------------------------------------------


async def notifications_page(
    session: AsyncSession, viewer: Viewer, request: PageRequest, *, unread_only: bool = False
) -> Page[Notification]:
    """The viewer's notifications, newest first."""
    statement = select(Notification).where(policy.visible_notifications(viewer))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return await fetch_page(session, statement.order_by(Notification.id.desc()), request)


async def unread_count(session: AsyncSession, viewer: Viewer) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(policy.visible_notifications(viewer), Notification.read_at.is_(None))
    )
    return total or 0


async def notifications_by_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, Notification]:
    return await rows_by_ids(session, Notification, ids, policy.visible_notifications(viewer))


# --- marking read ------------------------------------------------------------------


async def mark_read(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int] | None = None, *, everything: bool = False
) -> int:
    """Mark the given notifications (or all of them) read; returns how many stay unread.

    Marking one that is already read changes nothing; an ID that is not one of the
    viewer's notifications is NOT_FOUND, and then nothing is marked.
    """
    if not viewer.is_authenticated:
        raise unauthenticated()
    visible = policy.visible_notifications(viewer)
    statement = update(Notification).where(visible, Notification.read_at.is_(None)).values(read_at=utcnow())
    if not everything:
        if ids is None:
            raise DomainError.of(ErrorCode.BAD_USER_INPUT, "notifications.nothing_to_mark", ("ids",))
        if len(ids) > MARK_MAX:
            raise DomainError.of(ErrorCode.BAD_USER_INPUT, "ids.too_many", ("ids",), max=MARK_MAX)
        found = set(await session.scalars(select(Notification.id).where(Notification.id.in_(ids), visible)))
        checks = Checks()
        for index, notification_id in enumerate(ids):
            if notification_id not in found:
                checks.add(("ids", index), "notification.not_found", ErrorCode.NOT_FOUND)
        checks.raise_if_any()
        statement = statement.where(Notification.id.in_(ids))
    await session.execute(statement.execution_options(synchronize_session=False))
    return await unread_count(session, viewer)
