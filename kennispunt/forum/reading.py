"""Reading the forum: categories, threads and replies with what a viewer sees of them
(reactions, follows, unread counts), the same for many users at once (live events to a
thread's followers), and search."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import search
from kennispunt.accounts.viewer import Viewer
from kennispunt.forum import policy
from kennispunt.forum.models import (
    ForumCategory,
    Reaction,
    ReactionKind,
    ReadMark,
    Reply,
    Thread,
    ThreadFollow,
)
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page

THREAD_SEARCH_KIND, REPLY_SEARCH_KIND = "thread", "reply"
REPLY_MATCH_WEIGHT = 0.5
"""A match in a reply counts for half of one in the thread's own title or opening post."""


async def list_categories(session: AsyncSession, viewer: Viewer) -> list[ForumCategory]:
    rows = await session.scalars(
        select(ForumCategory)
        .where(policy.visible_categories(viewer))
        .order_by(ForumCategory.position, ForumCategory.name, ForumCategory.id)
    )
    return list(rows)


async def category_by_slug(session: AsyncSession, viewer: Viewer, slug: str) -> ForumCategory | None:
    return await session.scalar(
        select(ForumCategory).where(ForumCategory.slug == slug, policy.visible_categories(viewer))
    )


async def categories_by_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, ForumCategory]:
    return await rows_by_ids(session, ForumCategory, ids, policy.visible_categories(viewer))


async def threads_of_categories(
    session: AsyncSession, viewer: Viewer, category_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[Thread]]:
    """Each category's threads: pinned ones first, then by last activity."""
    return await fetch_child_pages(
        session,
        Thread,
        select(Thread).where(policy.visible_threads(viewer)),
        Thread.category_id,
        category_ids,
        (Thread.is_pinned.desc(), Thread.last_activity_at.desc(), Thread.id.desc()),
        request,
    )


async def threads_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Thread]:
    return await rows_by_ids(session, Thread, ids, policy.visible_threads(viewer))


def _replies(viewer: Viewer) -> Any:
    """Replies in threads the viewer may read (hidden ones included: they keep their place)."""
    return select(Reply).join(Thread, Thread.id == Reply.thread_id).where(policy.visible_threads(viewer))


async def replies_of_threads(
    session: AsyncSession, viewer: Viewer, thread_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[Reply]]:
    """Each thread's replies, oldest first."""
    return await fetch_child_pages(
        session, Reply, _replies(viewer), Reply.thread_id, thread_ids, (Reply.created_at, Reply.id), request
    )


async def replies_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Reply]:
    rows = await session.scalars(_replies(viewer).where(Reply.id.in_(ids)))
    return {row.id: row for row in rows}


async def accepted_replies(session: AsyncSession, thread_ids: Sequence[int]) -> dict[int, Reply]:
    rows = await session.scalars(
        select(Reply).where(Reply.thread_id.in_(thread_ids), Reply.accepted_at.is_not(None))
    )
    return {row.thread_id: row for row in rows}


@dataclass(frozen=True)
class ReactionCount:
    reply_id: int
    kind: ReactionKind
    count: int
    viewer_reacted: bool


async def reactions_of_replies(
    session: AsyncSession, user_id: int | None, reply_ids: Sequence[int]
) -> dict[int, list[ReactionCount]]:
    """Per reply, every kind of reaction (in a fixed order) with its count and whether the viewer gave it."""
    own = func.sum(case((Reaction.user_id == user_id, 1), else_=0)) if user_id is not None else literal(0)
    rows = await session.execute(
        select(Reaction.reply_id, Reaction.kind, func.count(), own)
        .where(Reaction.reply_id.in_(reply_ids))
        .group_by(Reaction.reply_id, Reaction.kind)
    )
    found = {(reply_id, kind): (count, bool(mine)) for reply_id, kind, count, mine in rows.all()}
    return {
        reply_id: [
            ReactionCount(reply_id, kind, *found.get((reply_id, kind), (0, False))) for kind in ReactionKind
        ]
        for reply_id in reply_ids
    }


async def followed(session: AsyncSession, user_id: int, thread_ids: Sequence[int]) -> dict[int, bool]:
    rows = await session.scalars(
        select(ThreadFollow.thread_id).where(
            ThreadFollow.user_id == user_id, ThreadFollow.thread_id.in_(thread_ids)
        )
    )
    following = set(rows)
    return {thread_id: thread_id in following for thread_id in thread_ids}


async def unread_counts(session: AsyncSession, user_id: int, thread_ids: Sequence[int]) -> dict[int, int]:
    """Replies by others after the user's read mark (all of them in a thread never read)."""
    rows = await session.execute(
        select(Reply.thread_id, func.count())
        .select_from(Reply)
        .outerjoin(ReadMark, and_(ReadMark.thread_id == Reply.thread_id, ReadMark.user_id == user_id))
        .where(
            Reply.thread_id.in_(thread_ids),
            Reply.author_id != user_id,
            Reply.id > func.coalesce(ReadMark.last_read_reply_id, 0),
        )
        .group_by(Reply.thread_id)
    )
    counts: dict[int, int] = {key: value for key, value in rows.all()}
    return {thread_id: counts.get(thread_id, 0) for thread_id in thread_ids}


# --- the same, for many users at once (live events to a thread's followers) -------------

USER_CHUNK = 1000
"""Users per ``IN (...)`` list: well under every database's limit on bound parameters."""
MANY_USERS = 200
"""From this many users on, read a thread's rows for everyone and pick: fewer round trips
than lists of ids, and the rows of one thread are few beside its readers."""


def _chunks(user_ids: Sequence[int]) -> list[Sequence[int]]:
    return [user_ids[start : start + USER_CHUNK] for start in range(0, len(user_ids), USER_CHUNK)]


async def _rows_of_users(
    session: AsyncSession,
    statement: Select[*tuple[Any, ...]],
    user_column: Any,
    user_ids: Sequence[int],
) -> list[Any]:
    """``statement``'s rows for these users: all rows (filtered here) for many users, else
    ``IN`` lists of them."""
    if len(user_ids) >= MANY_USERS:
        wanted = set(user_ids)
        return [
            row for row in (await session.execute(statement)).all() if row._mapping[user_column.key] in wanted
        ]
    rows: list[Any] = []
    for chunk in _chunks(user_ids):
        rows.extend((await session.execute(statement.where(user_column.in_(chunk)))).all())
    return rows


async def followers_among(
    session: AsyncSession, thread_ids: Sequence[int], user_ids: Sequence[int]
) -> set[tuple[int, int]]:
    """``(thread_id, user_id)`` for each of the users who follows each of the threads."""
    statement = select(ThreadFollow.thread_id, ThreadFollow.user_id).where(
        ThreadFollow.thread_id.in_(thread_ids)
    )
    rows = await _rows_of_users(session, statement, ThreadFollow.user_id, user_ids)
    return {(thread_id, user_id) for thread_id, user_id in rows}


async def unread_counts_of_users(
    session: AsyncSession, thread_ids: Sequence[int], user_ids: Sequence[int]
) -> dict[tuple[int, int], int]:
    """`unread_counts` for many users: two queries per thread, whatever the number of users."""
    counts: dict[tuple[int, int], int] = {}
    for thread_id in thread_ids:
        replies = (
            await session.execute(
                select(Reply.id, Reply.author_id).where(Reply.thread_id == thread_id).order_by(Reply.id)
            )
        ).all()
        reply_ids = [reply_id for reply_id, _ in replies]
        own: dict[int, list[int]] = {}
        for reply_id, author_id in replies:
            own.setdefault(author_id, []).append(reply_id)
        statement = select(ReadMark.user_id, ReadMark.last_read_reply_id).where(
            ReadMark.thread_id == thread_id
        )
        marks = {
            user_id: last or 0
            for user_id, last in await _rows_of_users(session, statement, ReadMark.user_id, user_ids)
        }
        total = len(reply_ids)
        for user_id in user_ids:
            mark = marks.get(user_id, 0)
            mine = own.get(user_id)
            later = total - bisect_right(reply_ids, mark) if mark else total
            counts[(thread_id, user_id)] = later - (len(mine) - bisect_right(mine, mark) if mine else 0)
    return counts


async def reactions_given(
    session: AsyncSession, reply_ids: Sequence[int], user_ids: Sequence[int]
) -> set[tuple[int, ReactionKind, int]]:
    """``(reply_id, kind, user_id)`` for each reaction the users gave to the replies."""
    statement = select(Reaction.reply_id, Reaction.kind, Reaction.user_id).where(
        Reaction.reply_id.in_(reply_ids)
    )
    rows = await _rows_of_users(session, statement, Reaction.user_id, user_ids)
    return {(reply_id, kind, user_id) for reply_id, kind, user_id in rows}


async def search_threads(
    session: AsyncSession, viewer: Viewer, request: PageRequest, query: str
) -> Page[Thread]:
    """Threads whose title or opening post, or any of whose replies, match; best match first.

    Dutch-aware like article search. Hidden posts are found by moderators only.
    """
    query = search.checked_query(query, ("query",))
    if not query or not policy.can_read_forum(viewer):
        return Page.empty(request)
    in_threads = search.matches(session, THREAD_SEARCH_KIND, query)
    in_replies = search.matches(session, REPLY_SEARCH_KIND, query)
    hits = union_all(
        select(in_threads.c.object_id.label("thread_id"), in_threads.c.rank.label("rank")),
        select(Reply.thread_id.label("thread_id"), (in_replies.c.rank * REPLY_MATCH_WEIGHT).label("rank"))
        .join(in_replies, in_replies.c.object_id == Reply.id)
        .where(policy.searchable_replies(viewer)),
    ).subquery("forum_hits")
    best = (
        select(hits.c.thread_id, func.max(hits.c.rank).label("rank"))
        .group_by(hits.c.thread_id)
        .subquery("forum_best")
    )
    statement = (
        select(Thread)
        .join(best, best.c.thread_id == Thread.id)
        .where(policy.visible_threads(viewer))
        .order_by(best.c.rank.desc(), Thread.last_activity_at.desc(), Thread.id.desc())
    )
    return await fetch_page(session, statement, request)
