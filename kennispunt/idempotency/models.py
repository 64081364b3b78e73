from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class IdempotencyKey(Base):
    """A caller's key for one request, and the response it got, kept for a day.

    The row is claimed before the request runs, marked applied in the very transaction
    that writes what the request changes, and completed with the response afterwards.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("caller", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(40))
    """Whose key: ``user:<id>`` or ``partner:<id>``."""
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the operation, its name and its variables: "the same input"."""
    claimed_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(Timestamp)
    """Set in the transaction of a write the request made: its rows are in."""
    response_status: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
