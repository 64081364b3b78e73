from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class NotificationKind(enum.Enum):
    MEMBERSHIP_REQUESTED = "membership_requested"
    MEMBERSHIP_APPROVED = "membership_approved"
    MEMBERSHIP_REJECTED = "membership_rejected"
    MEMBERSHIP_REVOKED = "membership_revoked"
    FORUM_REPLY = "forum_reply"
    ANSWER_ACCEPTED = "answer_accepted"
    TICKET_ANSWERED = "ticket_answered"
    TICKET_ASSIGNED = "ticket_assigned"


class Notification(Base):
    """Something one user is told about. ``payload`` keeps what the message needs
    (names as they were then) and the ids of the objects it is about."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(Enum(NotificationKind, native_enum=False, length=40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(Timestamp)
