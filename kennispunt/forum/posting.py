"""Posting in the forum: threads and replies, edits, reactions, follows, read marks and
accepted answers.

Posting is rate limited per user (`PostingRules`, applied by the app:
`kennispunt.app_limits`). It locks the thread row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the unit of work holds the write lock) before it checks the lock
state and bumps the counters. Every change is written with its outbox
event in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown, ratelimit, search
from kennispunt.accounts.models import User
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, DomainError, ErrorCode, conflict, forbidden
from kennispunt.forum import policy
from kennispunt.forum.checks import reply_for_update, require_can_post, thread_for_update
from kennispunt.forum.events import (
    CategoryEventKind,
    ThreadEventKind,
    record_action,
    record_in_category,
    record_in_thread,
)
from kennispunt.forum.models import (
    ForumCategory,
    ModerationActionKind,
    Reaction,
    ReactionKind,
    ReadMark,
    Reply,
    Thread,
    ThreadFollow,
)
from kennispunt.forum.reading import REPLY_SEARCH_KIND, THREAD_SEARCH_KIND
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import NotificationKind
from kennispunt.settings import Settings

TITLE_MAX, BODY_MAX = 200, 20_000
DEFAULT_POST_RATE = "5/30seconds;30/hour"


@dataclass(frozen=True)
class PostingRules:
    """How often one user may post (threads and replies together)."""

    post_rate: tuple[ratelimit.Rule, ...] = ratelimit.parse(DEFAULT_POST_RATE)

    @classmethod
    def from_settings(cls, settings: Settings) -> PostingRules:
        return cls(ratelimit.parse(settings.forum_post_rate))


_rules: ContextVar[PostingRules | None] = ContextVar("forum_posting_rules", default=None)


@contextmanager
def using(rules: PostingRules) -> Iterator[None]:
    """Apply ``rules`` in this context (an app's requests: `kennispunt.app_limits`)."""
    token = _rules.set(rules)
    try:
        yield
    finally:
        _rules.reset(token)


async def _check_rate(viewer: Viewer) -> None:
    rules = _rules.get() or PostingRules()
    retry = await ratelimit.hit(f"forum.post:{viewer.user_id}", *rules.post_rate)
    if retry is not None:
        raise DomainError.of(ErrorCode.RATE_LIMITED, "forum.rate_limited", seconds=retry.seconds)


async def _follow(session: AsyncSession, user_id: int, thread_id: int) -> None:
    if await session.get(ThreadFollow, (thread_id, user_id)) is None:
        session.add(ThreadFollow(thread_id=thread_id, user_id=user_id, created_at=utcnow()))
        await session.flush()


async def _mark_read(session: AsyncSession, user_id: int, thread_id: int) -> None:
    last = await session.scalar(select(func.max(Reply.id)).where(Reply.thread_id == thread_id)) or 0
    mark = await session.get(ReadMark, (thread_id, user_id))
    if mark is None:
        session.add(ReadMark(thread_id=thread_id, user_id=user_id, last_read_reply_id=last, read_at=utcnow()))
    else:
        mark.last_read_reply_id, mark.read_at = last, utcnow()
    await session.flush()


async def _index_thread(session: AsyncSession, thread: Thread) -> None:
    await search.index_document(
        session, search.Document(THREAD_SEARCH_KIND, thread.id, thread.title, "", thread.body)
    )


async def _index_reply(session: AsyncSession, reply: Reply) -> None:
    await search.index_document(session, search.Document(REPLY_SEARCH_KIND, reply.id, "", "", reply.body))


async def start_thread(
    session: AsyncSession, viewer: Viewer, category_id: int, title: str, body: str
) -> Thread:
    """A new thread in a category; its author follows it."""
    require_can_post(viewer)
    assert viewer.user_id is not None
    checks = Checks()
    title = checks.title(("title",), title, max_length=TITLE_MAX)
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    if await session.get(ForumCategory, category_id) is None:
        checks.add(("category_id",), "category.not_found", ErrorCode.NOT_FOUND)
    checks.raise_if_any()
    await _check_rate(viewer)
    now = utcnow()
    thread = Thread(
        category_id=category_id,
        author_id=viewer.user_id,
        title=title,
        body=body,
        body_html=markdown.render(body),
        created_at=now,
        last_activity_at=now,
        reply_count=0,
        is_locked=False,
        is_pinned=False,
        is_hidden=False,
    )
    session.add(thread)
    await session.flush()
    await _index_thread(session, thread)
    await _follow(session, viewer.user_id, thread.id)
    await record_in_category(session, CategoryEventKind.THREAD_STARTED, category_id, thread)
    return thread


async def post_reply(
    session: AsyncSession, viewer: Viewer, thread_id: int, body: str, quoted_reply_id: int | None = None
) -> Reply:
    """A reply, optionally quoting an earlier reply of the same thread.

    The author follows the thread from now on and has read it up to here; every other
    follower who may still read the thread is notified.
    """
    require_can_post(viewer)
    assert viewer.user_id is not None
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    if not policy.can_post_in(viewer, thread):
        raise conflict("thread.locked", ("thread_id",))
    checks = Checks()
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    if quoted_reply_id is not None:
        quoted = await session.get(Reply, quoted_reply_id)
        if quoted is None or quoted.thread_id != thread.id:
            checks.add(("quoted_reply_id",), "reply.not_found", ErrorCode.NOT_FOUND)
    checks.raise_if_any()
    await _check_rate(viewer)
    now = utcnow()
    reply = Reply(
        thread_id=thread.id,
        author_id=viewer.user_id,
        body=body,
        body_html=markdown.render(body),
        quoted_reply_id=quoted_reply_id,
        created_at=now,
        is_hidden=False,
    )
    session.add(reply)
    thread.reply_count += 1
    thread.last_activity_at = now
    await session.flush()
    await _index_reply(session, reply)
    await _follow(session, viewer.user_id, thread.id)
    await _mark_read(session, viewer.user_id, thread.id)
    await _notify_followers(session, thread, reply)
    await record_in_thread(session, ThreadEventKind.REPLY_ADDED, thread, reply)
    return reply


async def _notify_followers(session: AsyncSession, thread: Thread, reply: Reply) -> None:
    author = await session.get(User, reply.author_id)
    assert author is not None
    recipients = await session.scalars(
        select(ThreadFollow.user_id)
        .where(
            ThreadFollow.thread_id == thread.id,
            ThreadFollow.user_id != reply.author_id,
            policy.readers_of(thread, ThreadFollow.user_id),
        )
        .order_by(ThreadFollow.user_id)
    )
    payload = {
        "thread_id": thread.id,
        "reply_id": reply.id,
        "thread_title": thread.title,
        "author_name": author.display_name,
    }
    await notifications.notify(session, list(recipients), NotificationKind.FORUM_REPLY, payload)


async def edit_thread(
    session: AsyncSession,
    viewer: Viewer,
    thread_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
) -> Thread:
    """The author changes the title or opening post while the thread is open; moderators always."""
    require_can_post(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    if not policy.can_edit(viewer, thread):
        raise forbidden()
    if not policy.can_post_in(viewer, thread):
        raise conflict("thread.locked", ("thread_id",))
    if title is None and body is None:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "forum.nothing_to_change")
    checks = Checks()
    new_title = checks.title(("title",), title, max_length=TITLE_MAX) if title is not None else thread.title
    new_body = (
        markdown.check(checks, ("body",), body, max_length=BODY_MAX) if body is not None else thread.body
    )
    checks.raise_if_any()
    thread.title, thread.body, thread.body_html = new_title, new_body, markdown.render(new_body)
    thread.edited_at = utcnow()
    await session.flush()
    await _index_thread(session, thread)
    if thread.author_id != viewer.user_id:
        await record_action(session, viewer, ModerationActionKind.EDIT_THREAD, thread)
    return thread


async def edit_reply(session: AsyncSession, viewer: Viewer, reply_id: int, body: str) -> Reply:
    """The author changes their reply while it is visible and the thread open; moderators always."""
    require_can_post(viewer)
    reply, thread = await reply_for_update(session, viewer, reply_id, ("reply_id",))
    if not policy.can_edit(viewer, reply):
        raise forbidden()
    if not policy.can_post_in(viewer, thread):
        raise conflict("thread.locked", ("reply_id",))
    if not policy.shows_content(viewer, reply):
        raise conflict("post.hidden", ("reply_id",))
    checks = Checks()
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    checks.raise_if_any()
    reply.body, reply.body_html, reply.edited_at = body, markdown.render(body), utcnow()
    await session.flush()
    await _index_reply(session, reply)
    if reply.author_id != viewer.user_id:
        await record_action(session, viewer, ModerationActionKind.EDIT_REPLY, thread, reply)
    await record_in_thread(session, ThreadEventKind.REPLY_EDITED, thread, reply)
    return reply


# --- reactions, follows, read marks ------------------------------------------------


async def react_to_reply(session: AsyncSession, viewer: Viewer, reply_id: int, kind: ReactionKind) -> Reply:
    """Give a reaction, or take it back when the viewer already gave that one."""
    require_can_post(viewer)
    reply, _thread_ = await reply_for_update(session, viewer, reply_id, ("reply_id",))
    if not policy.shows_content(viewer, reply):
        raise conflict("post.hidden", ("reply_id",))
    existing = await session.get(Reaction, (reply.id, viewer.user_id, kind))
    if existing is not None:
        await session.delete(existing)
    else:
        session.add(Reaction(reply_id=reply.id, user_id=viewer.user_id, kind=kind, created_at=utcnow()))
    await session.flush()
    return reply


async def follow_thread(session: AsyncSession, viewer: Viewer, thread_id: int) -> Thread:
    """Be notified of new replies; following twice changes nothing."""
    require_can_post(viewer)
    assert viewer.user_id is not None
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    await _follow(session, viewer.user_id, thread.id)
    return thread


async def unfollow_thread(session: AsyncSession, viewer: Viewer, thread_id: int) -> Thread:
    require_can_post(viewer)
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    existing = await session.get(ThreadFollow, (thread.id, viewer.user_id))
    if existing is not None:
        await session.delete(existing)
        await session.flush()
    return thread


async def mark_thread_read(session: AsyncSession, viewer: Viewer, thread_id: int) -> Thread:
    """Everything in the thread so far counts as read by the viewer."""
    require_can_post(viewer)
    assert viewer.user_id is not None
    thread = await thread_for_update(session, viewer, thread_id, ("thread_id",))
    await _mark_read(session, viewer.user_id, thread.id)
    return thread


async def accept_answer(session: AsyncSession, viewer: Viewer, reply_id: int) -> Reply:
    """The thread's author (or a moderator) marks the reply that answered the question;
    it replaces any answer accepted before. The reply's author is notified."""
    require_can_post(viewer)
    reply, thread = await reply_for_update(session, viewer, reply_id, ("reply_id",))
    if not policy.can_accept_answer(viewer, thread):
        raise forbidden()
    if reply.is_hidden:
        raise conflict("post.hidden", ("reply_id",))
    if reply.accepted_at is not None:
        raise conflict("reply.already_accepted", ("reply_id",))
    await session.execute(
        update(Reply)
        .where(Reply.thread_id == thread.id, Reply.accepted_at.is_not(None))
        .values(accepted_at=None)
        .execution_options(synchronize_session="fetch")
    )
    reply.accepted_at = utcnow()
    await session.flush()
    if thread.author_id != viewer.user_id:
        await record_action(session, viewer, ModerationActionKind.ACCEPT_ANSWER, thread, reply)
    if reply.author_id != viewer.user_id:
        payload = {"thread_id": thread.id, "reply_id": reply.id, "thread_title": thread.title}
        await notifications.notify(session, [reply.author_id], NotificationKind.ANSWER_ACCEPTED, payload)
    return reply
