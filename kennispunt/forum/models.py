"""The forum: categories, threads (with their opening post), replies, reactions,
follows, read marks, reports and the moderators' audit trail."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class ForumCategory(Base):
    """A part of the forum, managed by admins."""

    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Thread(Base):
    """A conversation: a title and an opening post, followed by replies.

    ``reply_count`` and ``last_activity_at`` are kept by the service with every reply,
    so a category's list of threads needs no counting.
    """

    __tablename__ = "forum_threads"
    __table_args__ = (
        Index("ix_forum_threads_listing", "category_id", "is_pinned", "last_activity_at"),
        Index("ix_forum_threads_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_categories.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(Timestamp)
    last_activity_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    is_locked: Mapped[bool] = mapped_column(default=False)
    is_pinned: Mapped[bool] = mapped_column(default=False)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(500))


class Reply(Base):
    """A post in a thread. A hidden reply keeps its place (and its body, for moderators).

    At most one reply per thread is accepted (``accepted_at`` set): the answer that
    solved the asker's question.
    """

    __tablename__ = "forum_replies"
    __table_args__ = (
        Index("ix_forum_replies_thread_id_id", "thread_id", "id"),
        Index("ix_forum_replies_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    quoted_reply_id: Mapped[int | None] = mapped_column(ForeignKey("forum_replies.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(Timestamp)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    accepted_at: Mapped[datetime | None] = mapped_column(Timestamp)


class ReactionKind(enum.Enum):
    THANKS = "thanks"
    HELPFUL = "helpful"
    AGREE = "agree"


class Reaction(Base):
    """One user's reaction of one kind to a reply; reacting again takes it back."""

    __tablename__ = "forum_reactions"

    reply_id: Mapped[int] = mapped_column(
        ForeignKey("forum_replies.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[ReactionKind] = mapped_column(
        Enum(ReactionKind, native_enum=False, length=20), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ThreadFollow(Base):
    """A user who is notified of new replies in a thread."""

    __tablename__ = "forum_follows"
    __table_args__ = (Index("ix_forum_follows_user_id", "user_id"),)

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ReadMark(Base):
    """How far a user has read a thread: replies after ``last_read_reply_id`` are unread."""

    __tablename__ = "forum_read_marks"
    __table_args__ = (Index("ix_forum_read_marks_user_id", "user_id"),)

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_read_reply_id: Mapped[int] = mapped_column(Integer, default=0)
    read_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class Report(Base):
    """A member's report of a post (a thread's opening post, or a reply) to the moderators."""

    __tablename__ = "forum_reports"
    __table_args__ = (Index("ix_forum_reports_resolved_at_id", "resolved_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("forum_replies.id", ondelete="CASCADE"))
    """None when the report is about the thread's opening post."""
    reason: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(Timestamp)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ModerationActionKind(enum.Enum):
    HIDE_THREAD = "hide_thread"
    UNHIDE_THREAD = "unhide_thread"
    HIDE_REPLY = "hide_reply"
    UNHIDE_REPLY = "unhide_reply"
    LOCK_THREAD = "lock_thread"
    UNLOCK_THREAD = "unlock_thread"
    PIN_THREAD = "pin_thread"
    UNPIN_THREAD = "unpin_thread"
    MOVE_THREAD = "move_thread"
    EDIT_THREAD = "edit_thread"
    EDIT_REPLY = "edit_reply"
    ACCEPT_ANSWER = "accept_answer"
    RESOLVE_REPORT = "resolve_report"


class ModerationAction(Base):
    """The audit trail: one row for every moderator action, never changed afterwards."""

    __tablename__ = "forum_moderation_actions"
    __table_args__ = (Index("ix_forum_moderation_actions_thread_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ModerationActionKind] = mapped_column(
        Enum(ModerationActionKind, native_enum=False, length=20)
    )
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_threads.id", ondelete="CASCADE"))
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("forum_replies.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(String(500))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """What else the action needs to be understood, e.g. ``{"from_category_id": 1, "to_category_id": 2}``."""
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
