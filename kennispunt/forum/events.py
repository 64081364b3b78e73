"""What the forum writes down besides its rows: outbox events, recorded in the same unit
of work as the change they tell of (so live subscribers can replay them), and the
moderators' audit trail.

Subject ``thread``: `ThreadEventKind` (payload ``{"reply_id"}`` but for ``thread_locked``);
subject ``category``: `CategoryEventKind` (``{"thread_id"}``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.events.service import record_event
from kennispunt.forum.models import ModerationAction, ModerationActionKind, Reply, Thread

THREAD_SUBJECT, CATEGORY_SUBJECT = "thread", "category"


class ThreadEventKind(StrEnum):
    """What happened in a thread; the API's ``ThreadEventKind`` is this enum."""

    REPLY_ADDED = "reply_added"
    REPLY_EDITED = "reply_edited"
    REPLY_HIDDEN = "reply_hidden"
    THREAD_LOCKED = "thread_locked"


class CategoryEventKind(StrEnum):
    """What happened in a category; the API's ``CategoryEventKind`` is this enum."""

    THREAD_STARTED = "thread_started"


async def record_in_thread(
    session: AsyncSession, kind: ThreadEventKind, thread: Thread, reply: Reply | None = None
) -> None:
    payload = {"reply_id": reply.id} if reply is not None else None
    await record_event(session, kind.value, THREAD_SUBJECT, thread.id, payload)


async def record_in_category(
    session: AsyncSession, kind: CategoryEventKind, category_id: int, thread: Thread
) -> None:
    await record_event(session, kind.value, CATEGORY_SUBJECT, category_id, {"thread_id": thread.id})


async def record_action(
    session: AsyncSession,
    viewer: Viewer,
    action: ModerationActionKind,
    thread: Thread,
    reply: Reply | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Add a row to the moderators' audit trail."""
    session.add(
        ModerationAction(
            moderator_id=viewer.user_id,
            action=action,
            thread_id=thread.id,
            reply_id=reply.id if reply is not None else None,
            reason=reason,
            details=details or {},
            created_at=utcnow(),
        )
    )
    await session.flush()
