"""Who may read, write and moderate the forum.

The forum is for verified members of any party and for staff; to everyone else it is
empty: no categories, no threads, no replies. Moderators (MODERATOR or ADMIN) see
everything, hidden posts included. A hidden thread does not exist for anyone else. A
hidden reply keeps its place in the thread for everyone, so counts and paging agree,
but only moderators see what it said: others get an empty body. Queries, mutations,
`node` and subscriptions all decide through the functions here.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import ColumnElement, exists, false, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from kennispunt.accounts.models import StaffRole, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.forum.models import Reply, Thread
from kennispunt.parties.models import Member, MemberStatus

MODERATING_ROLES = (StaffRole.MODERATOR, StaffRole.ADMIN)


class Post(Protocol):
    """A thread's opening post or a reply: what hiding and editing apply to."""

    author_id: int
    body: str
    body_html: str
    is_hidden: bool
    hidden_reason: str | None


def can_read_forum(viewer: Viewer) -> bool:
    return viewer.is_staff or viewer.is_verified_member


def can_post(viewer: Viewer) -> bool:
    """Start threads, reply, react, follow and report: the same people who read."""
    return can_read_forum(viewer)


def is_moderator(viewer: Viewer) -> bool:
    return viewer.has_role(*MODERATING_ROLES)


def can_manage_categories(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.ADMIN)


def visible_categories(viewer: Viewer) -> ColumnElement[bool]:
    return true() if can_read_forum(viewer) else false()


def visible_threads(viewer: Viewer) -> ColumnElement[bool]:
    if not can_read_forum(viewer):
        return false()
    if is_moderator(viewer):
        return true()
    return Thread.is_hidden.is_(False)


def can_read_thread(viewer: Viewer, thread: Thread) -> bool:
    """The same rule as `visible_threads`, for a thread already loaded."""
    return can_read_forum(viewer) and (not thread.is_hidden or is_moderator(viewer))


def readers_of(
    thread: Thread, user_id: ColumnElement[int] | InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """`can_read_thread` in SQL, for users named by ``user_id``: who is told about new replies."""
    moderator = exists().where(UserRole.user_id == user_id, UserRole.role.in_(MODERATING_ROLES))
    if thread.is_hidden:
        return moderator
    staff = exists().where(UserRole.user_id == user_id)
    member = exists().where(Member.user_id == user_id, Member.status == MemberStatus.VERIFIED)
    return or_(staff, member)


def searchable_replies(viewer: Viewer) -> ColumnElement[bool]:
    """Replies whose words a search may match: hidden ones only for moderators.

    (Every reply of a visible thread is *listed*; see `visible_body`.)
    """
    if not can_read_forum(viewer):
        return false()
    if is_moderator(viewer):
        return true()
    return Reply.is_hidden.is_(False)


def shows_content(viewer: Viewer, post: Post) -> bool:
    return not post.is_hidden or is_moderator(viewer)


def visible_body(viewer: Viewer, post: Post) -> str:
    """The Markdown a viewer sees: "" for a hidden post unless they moderate."""
    return post.body if shows_content(viewer, post) else ""


def visible_body_html(viewer: Viewer, post: Post) -> str:
    return post.body_html if shows_content(viewer, post) else ""


def visible_hidden_reason(viewer: Viewer, post: Post) -> str | None:
    return post.hidden_reason if is_moderator(viewer) else None


def can_post_in(viewer: Viewer, thread: Thread) -> bool:
    """A locked thread takes no more replies, except from moderators."""
    return not thread.is_locked or is_moderator(viewer)


def can_edit(viewer: Viewer, post: Post) -> bool:
    """Authors edit their own posts (while visible, in an open thread); moderators any post."""
    return post.author_id == viewer.user_id or is_moderator(viewer)


def can_accept_answer(viewer: Viewer, thread: Thread) -> bool:
    return thread.author_id == viewer.user_id or is_moderator(viewer)


def can_moderate(viewer: Viewer) -> bool:
    """Hide, lock, move and pin; read reports and the moderation log."""
    return is_moderator(viewer)
