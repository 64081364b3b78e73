"""Partner API keys: issued, listed, changed, rotated and revoked by admins (or the CLI).

A key identifies a partner site. It grants nothing beyond public content; it carries
the origins whose pages may use it (CORS) and the partner's own rate limit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.access import AccessChange, record_access_change
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, forbidden, not_found, unauthenticated
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_page
from kennispunt.partners import policy
from kennispunt.partners.models import PartnerKey
from kennispunt.ratelimit import parse_setting as parse_rate
from kennispunt.urls import web_origin

KEY_PREFIX = "kpk_"
MAX_ORIGINS = 20
MAX_GRACE_HOURS = 24 * 14
LAST_USED_RESOLUTION = timedelta(minutes=10)


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Partner:
    """The partner behind a request, as the HTTP layer needs it."""

    id: int
    name: str
    allowed_origins: frozenset[str]
    rate: str
    needs_touch: bool = False
    """Whether ``last_used_at`` is old enough to be worth a write."""
    expires_at: datetime | None = None
    """When the presented secret stops working: the end of a rotation's grace period."""


@dataclass(frozen=True)
class IssuedPartnerKey:
    secret: str
    """The key itself; shown once and never stored."""
    record: PartnerKey


@dataclass(frozen=True)
class PartnerKeyDraft:
    """What an admin sets; None leaves a field as it is when changing a key."""

    name: str | None = None
    allowed_origins: Sequence[str] | None = None
    rate: str | None = None


def _new_secret() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_origins(checks: Checks, origins: Sequence[str]) -> list[str]:
    if len(origins) > MAX_ORIGINS:
        checks.add(("allowed_origins",), "partner.too_many_origins", max=MAX_ORIGINS)
        return []
    cleaned: list[str] = []
    for index, origin in enumerate(origins):
        candidate = web_origin(origin)
        if candidate is None:
            checks.add(("allowed_origins", index), "partner.origin_invalid", origin=origin.strip()[:100])
        elif candidate not in cleaned:
            cleaned.append(candidate)
    return cleaned


def _check_rate(checks: Checks, rate: str) -> str:
    cleaned = rate.strip()
    try:
        valid = bool(parse_rate(cleaned)) and len(cleaned) <= 100
    except ValueError:
        valid = False
    if not valid:
        checks.add(("rate",), "partner.rate_invalid")
    return cleaned


def _apply(checks: Checks, record: PartnerKey, draft: PartnerKeyDraft) -> None:
    if draft.name is not None:
        record.name = checks.title(("name",), draft.name, min_length=2, max_length=120)
    if draft.allowed_origins is not None:
        record.allowed_origins = _check_origins(checks, draft.allowed_origins)
    if draft.rate is not None:
        record.rate = _check_rate(checks, draft.rate)


async def issue_key(
    session: AsyncSession, draft: PartnerKeyDraft, default_rate: str, created_by_id: int | None = None
) -> IssuedPartnerKey:
    """A new key (the CLI calls this directly; the API through `create_partner_key`)."""
    checks = Checks()
    if draft.name is None:
        checks.add(("name",), "text.required")
    secret = _new_secret()
    record = PartnerKey(
        name="",
        key_hash=hash_key(secret),
        prefix=secret[:12],
        allowed_origins=[],
        rate=default_rate,
        created_by_id=created_by_id,
    )
    _apply(checks, record, draft)
    checks.raise_if_any()
    session.add(record)
    await session.flush()
    return IssuedPartnerKey(secret=secret, record=record)


async def get_key(session: AsyncSession, key_id: int) -> PartnerKey:
    record = await session.get(PartnerKey, key_id, with_for_update=True)
    if record is None:
        raise not_found("partner.not_found", ("id",))
    return record


async def change_key(session: AsyncSession, key_id: int, draft: PartnerKeyDraft) -> PartnerKey:
    record = await get_key(session, key_id)
    checks = Checks()
    _apply(checks, record, draft)
    checks.raise_if_any()
    await session.flush()
    await record_access_change(session, AccessChange.PARTNER_KEY_CHANGED, partner_key_id=record.id)
    return record


async def rotate_key(session: AsyncSession, key_id: int, grace_hours: int = 0) -> IssuedPartnerKey:
    """A new secret for the same partner; the old one keeps working for ``grace_hours``."""
    checks = Checks()
    checks.number(("grace_hours",), grace_hours, minimum=0, maximum=MAX_GRACE_HOURS)
    checks.raise_if_any()
    record = await get_key(session, key_id)
    if record.revoked_at is not None:
        raise not_found("partner.not_found", ("id",))
    now = utcnow()
    secret = _new_secret()
    if grace_hours:
        record.previous_key_hash = record.key_hash
        record.previous_key_expires_at = now + timedelta(hours=grace_hours)
    else:
        record.previous_key_hash = None
        record.previous_key_expires_at = None
    record.key_hash = hash_key(secret)
    record.prefix = secret[:12]
    record.rotated_at = now
    await session.flush()
    if not grace_hours:  # the old secret stops at once, and so does what it opened
        await record_access_change(session, AccessChange.PARTNER_KEY_REVOKED, partner_key_id=record.id)
    else:  # the old secret now ends with the grace period
        await record_access_change(session, AccessChange.PARTNER_KEY_CHANGED, partner_key_id=record.id)
    return IssuedPartnerKey(secret=secret, record=record)


async def revoke_key(session: AsyncSession, key_id: int) -> PartnerKey:
    """From now on requests with this key (or its previous secret) are refused."""
    record = await get_key(session, key_id)
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        record.previous_key_hash = None
        record.previous_key_expires_at = None
        await session.flush()
        await record_access_change(session, AccessChange.PARTNER_KEY_REVOKED, partner_key_id=record.id)
    return record


async def keys_page(
    session: AsyncSession, request: PageRequest, include_revoked: bool = False
) -> Page[PartnerKey]:
    statement = select(PartnerKey).order_by(PartnerKey.name, PartnerKey.id)
    if not include_revoked:
        statement = statement.where(PartnerKey.revoked_at.is_(None))
    return await fetch_page(session, statement, request)


async def keys_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, PartnerKey]:
    if not policy.can_manage_partner_keys(viewer):
        return {}
    return await rows_by_ids(session, PartnerKey, ids)


# --- the same, for a viewer through the API ------------------------------------------------


def _require_manager(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_manage_partner_keys(viewer):
        raise forbidden()


async def create_partner_key(
    session: AsyncSession, viewer: Viewer, draft: PartnerKeyDraft, default_rate: str
) -> IssuedPartnerKey:
    _require_manager(viewer)
    return await issue_key(session, draft, default_rate, created_by_id=viewer.user_id)


async def update_partner_key(
    session: AsyncSession, viewer: Viewer, key_id: int, draft: PartnerKeyDraft
) -> PartnerKey:
    _require_manager(viewer)
    return await change_key(session, key_id, draft)


async def rotate_partner_key(
    session: AsyncSession, viewer: Viewer, key_id: int, grace_hours: int
) -> IssuedPartnerKey:
    _require_manager(viewer)
    return await rotate_key(session, key_id, grace_hours)


async def revoke_partner_key(session: AsyncSession, viewer: Viewer, key_id: int) -> PartnerKey:
    _require_manager(viewer)
    return await revoke_key(session, key_id)


async def partner_keys_page(
    session: AsyncSession, viewer: Viewer, request: PageRequest, include_revoked: bool
) -> Page[PartnerKey]:
    """Admins: the keys by name; empty for everyone else."""
    if not policy.can_manage_partner_keys(viewer):
        return Page.empty(request)
    return await keys_page(session, request, include_revoked)


# --- recognising a key on a request -------------------------------------------------------


async def find_partner(session: AsyncSession, secret: str) -> Partner | None:
    """The partner a presented key belongs to, unless unknown, revoked or rotated away."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 100:
        return None
    digest = hash_key(secret)
    record = await session.scalar(
        select(PartnerKey).where(
            PartnerKey.revoked_at.is_(None),
            or_(
                PartnerKey.key_hash == digest,
                (PartnerKey.previous_key_hash == digest) & (PartnerKey.previous_key_expires_at > utcnow()),
            ),
        )
    )
    if record is None:
        return None
    return Partner(
        id=record.id,
        name=record.name,
        allowed_origins=frozenset(record.allowed_origins),
        rate=record.rate,
        needs_touch=record.last_used_at is None or utcnow() - record.last_used_at > LAST_USED_RESOLUTION,
        expires_at=record.previous_key_expires_at if record.key_hash != digest else None,
    )


async def touch_key(session: AsyncSession, key_id: int) -> None:
    """Note that the key was used (at most every few minutes, see `Partner.needs_touch`)."""
    await session.execute(update(PartnerKey).where(PartnerKey.id == key_id).values(last_used_at=utcnow()))


async def partner_origins(session: AsyncSession) -> frozenset[str]:
    """Every origin any active key allows: who may send a CORS preflight at all."""
    rows = await session.scalars(select(PartnerKey.allowed_origins).where(PartnerKey.revoked_at.is_(None)))
    return frozenset(origin for origins in rows for origin in origins)
