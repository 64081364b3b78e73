"""The forum: categories, threads, replies, reactions, follows, read marks, reports and
the moderators' audit trail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _enum(*names: str, name: str) -> sa.Enum:
    """A non-native enum: stored as VARCHAR(20), without a CHECK constraint."""
    return sa.Enum(*names, name=name, native_enum=False, length=20)


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


MODERATION_ACTIONS = (
    "HIDE_THREAD",
    "UNHIDE_THREAD",
    "HIDE_REPLY",
    "UNHIDE_REPLY",
    "LOCK_THREAD",
    "UNLOCK_THREAD",
    "PIN_THREAD",
    "UNPIN_THREAD",
    "MOVE_THREAD",
    "EDIT_THREAD",
    "EDIT_REPLY",
    "ACCEPT_ANSWER",
    "RESOLVE_REPORT",
)


def upgrade() -> None:
    op.create_table(
        "forum_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_categories")),
        sa.UniqueConstraint("slug", name=op.f("uq_forum_categories_slug")),
    )
    op.create_table(
        "forum_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("edited_at", _timestamp(), nullable=True),
        sa.Column("last_activity_at", _timestamp(), nullable=False),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("is_locked", sa.Boolean(), nullable=False),
        sa.Column("is_pinned", sa.Boolean(), nullable=False),
        sa.Column("is_hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        _fk("forum_threads", "author_id", "users.id"),
        _fk("forum_threads", "category_id", "forum_categories.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_threads")),
    )
    op.create_index("ix_forum_threads_author_id", "forum_threads", ["author_id"])
    op.create_index(
        "ix_forum_threads_listing", "forum_threads", ["category_id", "is_pinned", "last_activity_at"]
    )
    op.create_table(
        "forum_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("quoted_reply_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("edited_at", _timestamp(), nullable=True),
        sa.Column("is_hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(length=500), nullable=True),
        sa.Column("accepted_at", _timestamp(), nullable=True),
        _fk("forum_replies", "author_id", "users.id"),
        _fk("forum_replies", "quoted_reply_id", "forum_replies.id", "SET NULL"),
        _fk("forum_replies", "thread_id", "forum_threads.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_replies")),
    )
    op.create_index("ix_forum_replies_author_id", "forum_replies", ["author_id"])
    op.create_index("ix_forum_replies_thread_id_id", "forum_replies", ["thread_id", "id"])
    op.create_table(
        "forum_reactions",
        sa.Column("reply_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("THANKS", "HELPFUL", "AGREE", name="reactionkind"), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        _fk("forum_reactions", "reply_id", "forum_replies.id", "CASCADE"),
        _fk("forum_reactions", "user_id", "users.id", "CASCADE"),
        sa.PrimaryKeyConstraint("reply_id", "user_id", "kind", name=op.f("pk_forum_reactions")),
    )
    op.create_table(
        "forum_follows",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        _fk("forum_follows", "thread_id", "forum_threads.id", "CASCADE"),
        _fk("forum_follows", "user_id", "users.id", "CASCADE"),
        sa.PrimaryKeyConstraint("thread_id", "user_id", name=op.f("pk_forum_follows")),
    )
    op.create_index("ix_forum_follows_user_id", "forum_follows", ["user_id"])
    op.create_table(
        "forum_read_marks",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_read_reply_id", sa.Integer(), nullable=False),
        sa.Column("read_at", _timestamp(), nullable=False),
        _fk("forum_read_marks", "thread_id", "forum_threads.id", "CASCADE"),
        _fk("forum_read_marks", "user_id", "users.id", "CASCADE"),
        sa.PrimaryKeyConstraint("thread_id", "user_id", name=op.f("pk_forum_read_marks")),
    )
    op.create_index("ix_forum_read_marks_user_id", "forum_read_marks", ["user_id"])
    op.create_table(
        "forum_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("resolved_at", _timestamp(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        _fk("forum_reports", "reply_id", "forum_replies.id", "CASCADE"),
        _fk("forum_reports", "reporter_id", "users.id", "CASCADE"),
        _fk("forum_reports", "resolved_by_id", "users.id", "SET NULL"),
        _fk("forum_reports", "thread_id", "forum_threads.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_reports")),
    )
    op.create_index("ix_forum_reports_resolved_at_id", "forum_reports", ["resolved_at", "id"])
    op.create_table(
        "forum_moderation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("action", _enum(*MODERATION_ACTIONS, name="moderationactionkind"), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        _fk("forum_moderation_actions", "moderator_id", "users.id", "SET NULL"),
        _fk("forum_moderation_actions", "reply_id", "forum_replies.id", "SET NULL"),
        _fk("forum_moderation_actions", "thread_id", "forum_threads.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_moderation_actions")),
    )
    op.create_index("ix_forum_moderation_actions_thread_id", "forum_moderation_actions", ["thread_id"])


def downgrade() -> None:
    op.execute("DELETE FROM search_documents WHERE kind IN ('thread', 'reply')")
    for table in (
        "forum_moderation_actions",
        "forum_reports",
        "forum_read_marks",
        "forum_follows",
        "forum_reactions",
        "forum_replies",
        "forum_threads",
        "forum_categories",
    ):
        op.drop_table(table)  # its indexes go with it
