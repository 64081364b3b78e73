from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kennispunt.db import Base, Timestamp, utcnow


class Municipality(Base):
    """A Dutch municipality (gemeente), keyed by its CBS code."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(40))


class Party(Base):
    """A local political party, active in one municipality."""

    __tablename__ = "parties"
    __table_args__ = (Index("ix_parties_municipality_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    seats: Mapped[int | None]
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    founded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)


class MemberRole(enum.Enum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    BOARD_MEMBER = "board_member"
    COUNCIL_MEMBER = "council_member"
    ALDERMAN = "alderman"
    CANDIDATE = "candidate"
    MEMBER = "member"


class MemberStatus(enum.Enum):
    PENDING = "pending"
    VERIFIED = "verified"
    REVOKED = "revoked"


class Member(Base):
    """A user's membership of a party, with the role they hold there."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("user_id", "party_id"),
        Index("ix_members_party_id_status", "party_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    role: Mapped[MemberRole] = mapped_column(Enum(MemberRole, native_enum=False, length=20))
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=20))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(Timestamp)
