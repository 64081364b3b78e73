from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow
from kennispunt.publishing import PublicationStatus


class TrainingFormat(enum.Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    E_LEARNING = "e_learning"


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"


SEAT_TAKING = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


class Training(Base):
    """A single event or a course of several sessions.

    ``starts_at``/``ends_at`` span all sessions; the service keeps them in step.
    """

    __tablename__ = "trainings"
    __table_args__ = (Index("ix_trainings_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    format: Mapped[TrainingFormat] = mapped_column(Enum(TrainingFormat, native_enum=False, length=20))
    location: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int]
    registration_deadline: Mapped[datetime] = mapped_column(Timestamp)
    starts_at: Mapped[datetime] = mapped_column(Timestamp)
    ends_at: Mapped[datetime] = mapped_column(Timestamp)
    status: Mapped[PublicationStatus] = mapped_column(Enum(PublicationStatus, native_enum=False, length=20))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class TrainingSession(Base):
    """One meeting of a training; a single event has exactly one."""

    __tablename__ = "training_sessions"
    __table_args__ = (Index("ix_training_sessions_training_id", "training_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(Timestamp)
    ends_at: Mapped[datetime] = mapped_column(Timestamp)


class TrainingRegistration(Base):
    """A user's place on a training, or in its waitlist (ordered by ``queued_at``)."""

    __tablename__ = "training_registrations"
    __table_args__ = (
        UniqueConstraint("training_id", "user_id"),
        Index("ix_training_registrations_training_status", "training_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(Enum(RegistrationStatus, native_enum=False, length=20))
    queued_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
