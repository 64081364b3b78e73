"""Checks that posting and moderation make before they change the forum."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.errors import (
    DomainError,
    ErrorCode,
    FieldPath,
    not_found,
    refused,
    unauthenticated,
)
from kennispunt.forum import policy
from kennispunt.forum.models import Reply, Thread


def require_can_post(viewer: Viewer) -> None:
    """Signed in and allowed to post (start threads, reply, react, follow, report), or
    UNAUTHENTICATED / FORBIDDEN."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_post(viewer):
        raise DomainError.of(ErrorCode.FORBIDDEN, "forum.members_only")


def require_forum_reader(viewer: Viewer) -> None:
    """Signed in and allowed into the forum (to read it, and follow it live), or
    UNAUTHENTICATED / FORBIDDEN with the same message as posting's refusal."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_read_forum(viewer):
        raise DomainError.of(ErrorCode.FORBIDDEN, "forum.members_only")


def require_moderator(viewer: Viewer) -> None:
    if not policy.can_moderate(viewer):
        raise refused(viewer)


async def thread_for_update(
    session: AsyncSession, viewer: Viewer, thread_id: int, field: FieldPath
) -> Thread:
    """The thread, locked for this unit of work, if the viewer may read it."""
    thread = await session.get(Thread, thread_id, with_for_update=True)
    if thread is None or not policy.can_read_thread(viewer, thread):
        raise not_found("thread.not_found", field)
    return thread


async def reply_for_update(
    session: AsyncSession, viewer: Viewer, reply_id: int, field: FieldPath
) -> tuple[Reply, Thread]:
    """The reply and its thread (locked), if the viewer may read the thread."""
    reply = await session.get(Reply, reply_id)
    if reply is None:
        raise not_found("reply.not_found", field)
    thread = await session.get(Thread, reply.thread_id, with_for_update=True)
    if thread is None or not policy.can_read_thread(viewer, thread):
        raise not_found("reply.not_found", field)
    return reply, thread
