"""What the mail parts keep: one delivery per outgoing mail, and incoming mail that
could not be read."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class DeliveryStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"
    """Claimed by one sender; a claim older than a few minutes is taken over (the sender died)."""
    SENT = "sent"
    FAILED = "failed"
    """The last attempt failed; ``kennispunt mail send-pending`` tries again."""
    SKIPPED = "skipped"
    """Never sent, on purpose: SMTP is not configured, or the message may not be mailed."""


class MailDelivery(Base):
    """One e-mail to send for one outbox event (a public staff reply on a ticket)."""

    __tablename__ = "mail_deliveries"
    __table_args__ = (Index("ix_mail_deliveries_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=20), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)


class QuarantinedMail(Base):
    """An incoming message the intake could not turn into a ticket, kept as received."""

    __tablename__ = "mail_quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    envelope_from: Mapped[str] = mapped_column(String(254))
    envelope_to: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(500))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
