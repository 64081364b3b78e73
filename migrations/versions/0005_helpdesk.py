"""The helpdesk: per-year ticket number counters, tickets, their messages and the
articles attached to answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
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


CHANNELS = ("WEB", "EMAIL", "PHONE")


def upgrade() -> None:
    op.create_table(
        "ticket_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_ticket_counters")),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            _enum("NEW", "OPEN", "PENDING", "RESOLVED", "CLOSED", name="ticketstatus"),
            nullable=False,
        ),
        sa.Column(
            "priority", _enum("LOW", "NORMAL", "HIGH", "URGENT", name="ticketpriority"), nullable=False
        ),
        sa.Column("channel", _enum(*CHANNELS, name="ticketchannel"), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.Column("first_response_due_at", _timestamp(), nullable=False),
        sa.Column("first_responded_at", _timestamp(), nullable=True),
        sa.Column("resolved_at", _timestamp(), nullable=True),
        sa.Column("closed_at", _timestamp(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=True),
        sa.Column("rated_at", _timestamp(), nullable=True),
        _fk("tickets", "assignee_id", "users.id", "SET NULL"),
        _fk("tickets", "follow_up_of_id", "tickets.id", "SET NULL"),
        _fk("tickets", "party_id", "parties.id", "SET NULL"),
        _fk("tickets", "requester_id", "users.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("number", name=op.f("uq_tickets_number")),
    )
    op.create_index("ix_tickets_status_created_at", "tickets", ["status", "created_at"])
    op.create_index("ix_tickets_requester_id", "tickets", ["requester_id"])
    op.create_index("ix_tickets_party_id", "tickets", ["party_id"])
    op.create_index("ix_tickets_assignee_id", "tickets", ["assignee_id"])
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("is_internal", sa.Boolean(), nullable=False),
        sa.Column("channel", _enum(*CHANNELS, name="ticketchannel"), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        _fk("ticket_messages", "author_id", "users.id", "CASCADE"),
        _fk("ticket_messages", "logged_by_id", "users.id", "SET NULL"),
        _fk("ticket_messages", "ticket_id", "tickets.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    op.create_index("ix_ticket_messages_ticket_id_id", "ticket_messages", ["ticket_id", "id"])
    op.create_index("ix_ticket_messages_author_id", "ticket_messages", ["author_id"])
    op.create_table(
        "ticket_message_articles",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _fk("ticket_message_articles", "article_id", "articles.id", "CASCADE"),
        _fk("ticket_message_articles", "message_id", "ticket_messages.id", "CASCADE"),
        sa.PrimaryKeyConstraint("message_id", "article_id", name=op.f("pk_ticket_message_articles")),
    )


def downgrade() -> None:
    op.execute("DELETE FROM search_documents WHERE kind IN ('ticket', 'ticket_message', 'ticket_note')")
    op.execute("DELETE FROM events WHERE subject_type = 'ticket'")
    op.execute("DELETE FROM notifications WHERE kind IN ('TICKET_ANSWERED', 'TICKET_ASSIGNED')")
    for table in ("ticket_message_articles", "ticket_messages", "tickets", "ticket_counters"):
        op.drop_table(table)  # its indexes go with it
