"""Moderation: reports of posts, hiding, locking, pinning and moving threads, and the
audit trail of every moderator action (`moderation_log_page`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, conflict, not_found
from kennispunt.forum import policy
from kennispunt.forum.checks import reply_for_update, require_can_post, require_moderator, thread_for_update
from kennispunt.forum.events import ThreadEventKind, record_action, record_in_thread
from kennispunt.forum.models import (
    ForumCategory,
    ModerationAction,
    ModerationActionKind,
    Reply,
    Report,
    Thread,
)
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_page

REASON_MAX, REPORT_REASON_MAX = 500, 1_000


# --- reading -----------------------------------------------------------------------


async def open_reports_page(session: AsyncSession, viewer: Viewer, request: PageRequest) -> Page[Report]:
    """Reports no moderator has dealt with yet, oldest first; empty for anyone else."""
    if not policy.can_moderate(viewer):
        return Page.empty(request)
    statement = select(Report).where(Report.resolved_at.is_(None)).order_by(Report.created_at, Report.id)
    return await fetch_page(session, statement, request)


async def reports_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Report]:
    if not policy.can_moderate(viewer):
        return {}
    return {row.id: row for row in await session.scalars(select(Report).where(Report.id.in_(ids)))}


async def moderation_log_page(
    session: AsyncSession, viewer: Viewer, request: PageRequest
) -> Page[ModerationAction]:
    """Every moderator action, newest first; empty for anyone but moderators."""
    if not policy.can_moderate(viewer):
        return Page.empty(request)
    statement = select(ModerationAction).order_by(
        ModerationAction.created_at.desc(), ModerationAction.id.desc()
    )
    return await fetch_page(session, statement, request)


async def moderation_actions_by_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, ModerationAction]:
    if not policy.can_moderate(viewer):
        return {}
    return await rows_by_ids(session, ModerationAction, ids)


# --- reports -----------------------------------------------------------------------


async def report_post(
    session: AsyncSession,
    viewer: Viewer,
    *,
    reason: str,
    thread_id: int | None = None,
    reply_id: int | None = None,
) -> Report:
    """Bring a post (a thread's opening post, or a reply) to the moderators' attention."""
    require_can_post(viewer)
    assert viewer.user_id is not None
    reply: Reply | None = None
    if reply_id is not None:
        reply, thread = await reply_for_update(session, viewer, reply_id, ("post_id",))
        if not policy.shows_content(viewer, reply):
            raise conflict("post.hidden", ("post_id",))
    else:
        assert thread_id is not None
        thread = await thread_for_update(session, viewer, thread_id, ("post_id",))
    checks = Checks()
    reason = checks.text(("reason",), reason, max_length=REPORT_REASON_MAX)
    checks.raise_if_any()
    target = Report.reply_id == reply.id if reply is not None else Report.reply_id.is_(None)
    already = await session.scalar(
        select(Report.id).where(
            Report.reporter_id == viewer.user_id,
            Report.thread_id == thread.id,
            target,
            Report.resolved_at.is_(None),
        )
    )
    if already is not None:
        raise conflict("report.already_open", ("post_id",))
    report = Report(
        reporter_id=viewer.user_id,
        thread_id=thread.id,
        reply_id=reply.id if reply is not None else None,
        reason=reason,
        created_at=utcnow(),
    )
    session.add(report)
    await session.flush()
    return report


async def resolve_report(session: AsyncSession, viewer: Viewer, report_id: int) -> Report:
    """A moderator dealt with a report (or found nothing wrong): it leaves the open list."""
    require_moderator(viewer)
    report = await session.get(Report, report_id, with_for_update=True)
    if report is None:
        raise not_found("report.not_found", ("report_id",))
    if report.resolved_at is not None:
        raise conflict("report.already_resolved", ("report_id",))
    report.resolved_at, report.resolved_by_id = utcnow(), viewer.user_id
    thread = await session.get(Thread, report.thread_id)
    reply = await session.get(Reply, report.reply_id) if report.reply_id is not None else None
    assert thread is not None
    await record_action(
        session, viewer, ModerationActionKind.RESOLVE_REPORT, thread, reply, details={"report_id": report.id}
    )
    return report


async def _resolve_reports_on(
    session: AsyncSession, viewer: Viewer, thread: Thread, reply: Reply | None
) -> None:
    """Hiding a post deals with the open reports about it."""
    target = Report.reply_id == reply.id if reply is not None else Report.reply_id.is_(None)
    await session.execute(
        update(Report)
        .where(Report.thread_id == thread.id, target, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=viewer.user_id)
        .execution_options(synchronize_session=False)
    )


# --- moderation --------------------------------------------------------------------


def _reason(reason: str | None, *, required: bool) -> str | None:
    checks = Checks()
    cleaned = (
        checks.text(("reason",), reason or "", max_length=REASON_MAX)
        if required
        else checks.optional_text(("reason",), reason, max_length=REASON_MAX)
    )
    checks.raise_if_any()
    return cleaned


async def hide_reply(session: AsyncSession, viewer: Viewer, reply_id: int, reason: str) -> Reply:
    """The reply stays in its place, but only moderators see what it said."""
    require_moderator(viewer)
    reply, thread = await reply_for_update(session, viewer, reply_id, ("reply_id",))
    cleaned = _reason(reason, required=True)
    if reply.is_hidden:
        raise conflict("reply.already_hidden", ("reply_id",))
    reply.is_hidden, reply.hidden_reason = True, cleaned
    await session.flush()
    await record_action(session, viewer, ModerationActionKind.HIDE_REPLY, thread, reply, cleaned)
    await _resolve_reports_on(session, viewer, thread, reply)
    await record_in_thread(session, ThreadEventKind.REPLY_HIDDEN, thread, reply)
    return reply


async def unhide_reply(
    session: AsyncSession, viewer: Viewer, reply_id: int, reason: str | None = None
) -> Reply:
    """Show a hidden reply again (recorded as ``reply_edited``: its content changed for readers)."""
    require_moderator(viewer)
    reply, thread = await reply_for_update(session, viewer, reply_id, ("reply_id",))
    cleaned = _reason(reason, required=False)
    if not reply.is_hidden:
        raise conflict("reply.not_hidden", ("reply_id",))
    reply.is_hidden, reply.hidden_reason = False, None
    await session.flush()
    await record_action(session, viewer, ModerationActionKind.UNHIDE_REPLY, thread, reply, cleaned)
    await record_in_thread(session, ThreadEventKind.REPLY_EDITED, thread, reply)
    return reply


async def hide_thread(session: AsyncSession, viewer: Viewer, thread_id: int, reason: str) -> Thread:
    """The whole thread disappears for everyone but moderators."""
    require_moderator(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    cleaned = _reason(reason, required=True)
    if thread.is_hidden:
        raise conflict("thread.already_hidden", ("thread_id",))
    thread.is_hidden, thread.hidden_reason = True, cleaned
    await session.flush()
    await record_action(session, viewer, ModerationActionKind.HIDE_THREAD, thread, reason=cleaned)
    await _resolve_reports_on(session, viewer, thread, None)
    return thread


async def unhide_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, reason: str | None = None
) -> Thread:
    require_moderator(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    cleaned = _reason(reason, required=False)
    if not thread.is_hidden:
        raise conflict("thread.not_hidden", ("thread_id",))
    thread.is_hidden, thread.hidden_reason = False, None
    await session.flush()
    await record_action(session, viewer, ModerationActionKind.UNHIDE_THREAD, thread, reason=cleaned)
    return thread


async def _set_flag(
    session: AsyncSession,
    viewer: Viewer,
    thread_id: int,
    reason: str | None,
    flag: str,
    value: bool,
    action: ModerationActionKind,
    unchanged_key: str,
) -> Thread:
    """Lock, unlock, pin or unpin: set one flag, or CONFLICT when it is already so."""
    require_moderator(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    cleaned = _reason(reason, required=False)
    if getattr(thread, flag) is value:
        raise conflict(unchanged_key, ("thread_id",))
    setattr(thread, flag, value)
    await session.flush()
    await record_action(session, viewer, action, thread, reason=cleaned)
    return thread


async def lock_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, reason: str | None = None
) -> Thread:
    """No more replies, except from moderators."""
    thread = await _set_flag(
        session,
        viewer,
        thread_id,
        reason,
        "is_locked",
        True,
        ModerationActionKind.LOCK_THREAD,
        "thread.already_locked",
    )
    await record_in_thread(session, ThreadEventKind.THREAD_LOCKED, thread)
    return thread


async def unlock_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, reason: str | None = None
) -> Thread:
    return await _set_flag(
        session,
        viewer,
        thread_id,
        reason,
        "is_locked",
        False,
        ModerationActionKind.UNLOCK_THREAD,
        "thread.not_locked",
    )


async def pin_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, reason: str | None = None
) -> Thread:
    """Keep the thread at the top of its category."""
    return await _set_flag(
        session,
        viewer,
        thread_id,
        reason,
        "is_pinned",
        True,
        ModerationActionKind.PIN_THREAD,
        "thread.already_pinned",
    )


async def unpin_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, reason: str | None = None
) -> Thread:
    return await _set_flag(
        session,
        viewer,
        thread_id,
        reason,
        "is_pinned",
        False,
        ModerationActionKind.UNPIN_THREAD,
        "thread.not_pinned",
    )


async def move_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, category_id: int, reason: str | None = None
) -> Thread:
    """Put the thread in another category."""
    require_moderator(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    cleaned = _reason(reason, required=False)
    if await session.get(ForumCategory, category_id) is None:
        raise not_found("category.not_found", ("category_id",))
    if thread.category_id == category_id:
        raise conflict("thread.same_category", ("category_id",))
    details = {"from_category_id": thread.category_id, "to_category_id": category_id}
    thread.category_id = category_id
    await session.flush()
    await record_action(
        session, viewer, ModerationActionKind.MOVE_THREAD, thread, reason=cleaned, details=details
    )
    return thread
