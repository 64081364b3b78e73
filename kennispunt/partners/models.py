from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class PartnerKey(Base):
    """An API key of a partner site; only the SHA-256 hash of the secret is stored.

    After a rotation the previous secret keeps working until ``previous_key_expires_at``,
    so a partner can swap keys without an outage.
    """

    __tablename__ = "partner_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    previous_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    previous_key_expires_at: Mapped[datetime | None] = mapped_column(Timestamp)
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Origins (``https://www.utrecht.nl``) whose pages may call the API with this key."""
    rate: Mapped[str] = mapped_column(String(100))
    """Rate limit rules as the `limits` library reads them, e.g. ``1200/minute``."""
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    rotated_at: Mapped[datetime | None] = mapped_column(Timestamp)
    last_used_at: Mapped[datetime | None] = mapped_column(Timestamp)
    revoked_at: Mapped[datetime | None] = mapped_column(Timestamp)
