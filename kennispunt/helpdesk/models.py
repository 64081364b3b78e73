"""The helpdesk: tickets, their messages (public replies and internal notes), the
published articles attached to an answer, and the per-year number counters."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class TicketStatus(enum.Enum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    """Waiting for the requester."""
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketPriority(enum.Enum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketChannel(enum.Enum):
    WEB = "web"
    EMAIL = "email"
    PHONE = "phone"


class TicketCounter(Base):
    """The last ticket number handed out in a year; locked while a ticket is opened, so
    numbers are unique and without gaps (a rolled-back ticket gives its number back)."""

    __tablename__ = "ticket_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    """A question to the helpdesk, by its requester and optionally on behalf of their party.

    ``first_response_due_at`` is set from the priority's first-response target when the
    ticket is opened (and again when the priority changes).
    """

    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_created_at", "status", "created_at"),
        Index("ix_tickets_requester_id", "requester_id"),
        Index("ix_tickets_party_id", "party_id"),
        Index("ix_tickets_assignee_id", "assignee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[TicketStatus] = mapped_column(Enum(TicketStatus, native_enum=False, length=20))
    priority: Mapped[TicketPriority] = mapped_column(Enum(TicketPriority, native_enum=False, length=20))
    channel: Mapped[TicketChannel] = mapped_column(Enum(TicketChannel, native_enum=False, length=20))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    """The closed ticket this one continues."""
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    first_response_due_at: Mapped[datetime] = mapped_column(Timestamp)
    first_responded_at: Mapped[datetime | None] = mapped_column(Timestamp)
    resolved_at: Mapped[datetime | None] = mapped_column(Timestamp)
    closed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    rating: Mapped[int | None] = mapped_column(Integer)
    """The requester's satisfaction, 1 to 5, once resolved."""
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(Timestamp)
    anonymised_at: Mapped[datetime | None] = mapped_column(Timestamp)
    """When its subject and messages were replaced (`kennispunt.privacy.tickets`)."""


class TicketMessage(Base):
    """A message on a ticket: a public one, or an internal note for staff only.

    ``logged_by_id`` is the staff member who wrote down a phone call on behalf of the
    author (the requester).
    """

    __tablename__ = "ticket_messages"
    __table_args__ = (
        Index("ix_ticket_messages_ticket_id_id", "ticket_id", "id"),
        Index("ix_ticket_messages_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    is_internal: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[TicketChannel] = mapped_column(Enum(TicketChannel, native_enum=False, length=20))
    email_message_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    """The Message-ID of the e-mail this message came in as: a mail delivered twice is stored once."""
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class TicketMessageArticle(Base):
    """A published article attached to a staff answer, in the order given."""

    __tablename__ = "ticket_message_articles"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_messages.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
