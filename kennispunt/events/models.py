from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class Event(Base):
    """One thing that happened. Its id orders events and serves as the replay cursor."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject", "subject_type", "subject_id", "id"),
        # Ids are cursors: never hand one out twice, even after every row is deleted.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class EventHorizon(Base):
    """How far back the outbox reaches: events up to ``pruned_through`` have been removed
    (one row). A subscriber resuming after an older cursor would miss some: it must reload."""

    __tablename__ = "event_horizon"

    id: Mapped[int] = mapped_column(primary_key=True)
    pruned_through: Mapped[int] = mapped_column(default=0)
    pruned_at: Mapped[datetime | None] = mapped_column(Timestamp)
