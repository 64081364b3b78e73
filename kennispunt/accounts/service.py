"""Rules for users, staff roles and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, cast, null, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts import policy
from kennispunt.accounts.access import AccessChange, record_access_change
from kennispunt.accounts.models import AccessToken, AuthSession, LoginAttempt, StaffRole, User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import (
    EMAIL_PATTERN,
    Checks,
    DomainError,
    ErrorCode,
    conflict,
    forbidden,
    not_found,
    unauthenticated,
)
from kennispunt.lookups import rows_by_ids
from kennispunt.parties.models import Member, MemberRole, MemberStatus
from kennispunt.parties.policy import DECIDING_ROLES
from kennispunt.text import clean_title, visible

TOKEN_PREFIX = "kp_"
LAST_USED_RESOLUTION = timedelta(minutes=10)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalize_email(email)))


async def require_user_by_email(session: AsyncSession, email: str) -> User:
    user = await get_user_by_email(session, email)
    if user is None:
        raise not_found("user.not_found", ("email",))
    return user


async def create_user(session: AsyncSession, email: str, display_name: str) -> User:
    checks = Checks()
    email = normalize_email(email)
    if not EMAIL_PATTERN.fullmatch(email) or len(email) > 254:
        checks.add(("email",), "email.invalid")
    display_name = checks.title(("display_name",), display_name, min_length=2, max_length=120)
    if not checks.problems and await get_user_by_email(session, email) is not None:
        checks.add(("email",), "email.taken", ErrorCode.CONFLICT)
    checks.raise_if_any()
    user = User(email=email, display_name=display_name)
    session.add(user)
    await session.flush()
    return user


async def users_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    return await rows_by_ids(session, User, ids)


async def visible_users_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, User]:
    """Users by ID as far as the viewer may look them up (`policy.can_see_user`)."""
    visible = [user_id for user_id in ids if policy.can_see_user(viewer, user_id)]
    return await users_by_ids(session, visible) if visible else {}


async def grant_role(session: AsyncSession, user: User, role: StaffRole) -> bool:
    """Give a staff role; returns False when the user already had it."""
    if await session.get(UserRole, (user.id, role)) is not None:
        return False
    session.add(UserRole(user_id=user.id, role=role))
    await session.flush()
    await record_access_change(session, AccessChange.USER_CHANGED, user_id=user.id)
    return True


async def revoke_role(session: AsyncSession, user: User, role: StaffRole) -> bool:
    """Take a staff role away; returns False when the user did not have it.

    The last ADMIN keeps the role (CONFLICT): someone must be left to manage roles.
    """
    if role is StaffRole.ADMIN:
        # Lock every admin row, so two admins demoting each other cannot both succeed.
        admins = set(
            await session.scalars(
                select(UserRole.user_id).where(UserRole.role == StaffRole.ADMIN).with_for_update()
            )
        )
        if admins == {user.id}:
            raise conflict("role.last_admin", ("role",))
    existing = await session.get(UserRole, (user.id, role))
    if existing is None:
        return False
    await session.delete(existing)
    await session.flush()
    await record_access_change(session, AccessChange.USER_CHANGED, user_id=user.id)
    return True


async def roles_by_user_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[StaffRole]]:
    rows = await session.execute(select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids)))
    grouped: dict[int, list[StaffRole]] = {user_id: [] for user_id in ids}
    for user_id, role in rows.all():
        grouped[user_id].append(role)
    return {user_id: sorted(roles, key=lambda role: role.name) for user_id, roles in grouped.items()}


async def visible_roles_by_user_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, list[StaffRole]]:
    """Staff roles by user as far as the viewer may see them (empty for others)."""
    visible = [user_id for user_id in ids if policy.can_see_roles_of(viewer, user_id)]
    return await roles_by_user_ids(session, visible) if visible else {}


async def _managed_user(session: AsyncSession, viewer: Viewer, user_id: int) -> User:
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_manage_roles(viewer):
        raise forbidden()
    user = await session.get(User, user_id)
    if user is None:
        raise not_found("user.not_found", ("user_id",))
    return user


async def grant_staff_role(session: AsyncSession, viewer: Viewer, user_id: int, role: StaffRole) -> User:
    """Admins give a user a staff role; granting one the user has changes nothing."""
    user = await _managed_user(session, viewer, user_id)
    await grant_role(session, user, role)
    return user


async def revoke_staff_role(session: AsyncSession, viewer: Viewer, user_id: int, role: StaffRole) -> User:
    """Admins take a staff role away; it takes effect with the user's next request."""
    user = await _managed_user(session, viewer, user_id)
    await revoke_role(session, user, role)
    return user


async def block(session: AsyncSession, user: User) -> None:
    """The user can no longer sign in, and what they have open closes within seconds.
    Their tokens and sessions stay, so unblocking restores them."""
    if user.blocked_at is None:
        user.blocked_at = utcnow()
        await session.flush()
        await record_access_change(session, AccessChange.USER_BLOCKED, user_id=user.id)


async def unblock(session: AsyncSession, user: User) -> None:
    user.blocked_at = None
    await session.flush()


async def block_user(session: AsyncSession, viewer: Viewer, user_id: int) -> User:
    """Admins block a user (`block`); not themselves."""
    user = await _managed_user(session, viewer, user_id)
    if user.id == viewer.user_id:
        raise conflict("user.block_self", ("user_id",))
    await block(session, user)
    return user


async def unblock_user(session: AsyncSession, viewer: Viewer, user_id: int) -> User:
    user = await _managed_user(session, viewer, user_id)
    await unblock(session, user)
    return user


async def load_viewer(session: AsyncSession, user_id: int) -> Viewer:
    """The viewer as of now: roles and verified memberships, read in one statement."""
    rows = await session.execute(
        union_all(
            select(UserRole.role, cast(null(), Member.__table__.c.role.type), cast(null(), Integer)).where(
                UserRole.user_id == user_id
            ),
            select(cast(null(), UserRole.__table__.c.role.type), Member.role, Member.party_id).where(
                Member.user_id == user_id, Member.status == MemberStatus.VERIFIED
            ),
        )
    )
    roles: set[StaffRole] = set()
    memberships: list[tuple[int, MemberRole]] = []
    for staff_role, member_role, party_id in rows.all():
        if staff_role is not None:
            roles.add(staff_role)
        else:
            memberships.append((party_id, member_role))
    return Viewer(
        user_id=user_id,
        roles=frozenset(roles),
        verified_party_ids=frozenset(party_id for party_id, _ in memberships),
        deciding_party_ids=frozenset(party_id for party_id, role in memberships if role in DECIDING_ROLES),
    )


@dataclass(frozen=True)
class IssuedToken:
    token: str
    """The secret itself; shown once and never stored."""
    record: AccessToken


async def create_token(
    session: AsyncSession, user: User, name: str, expires_at: datetime | None = None
) -> IssuedToken:
    checks = Checks()
    name = checks.title(("name",), name, max_length=100)
    checks.raise_if_any()
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = AccessToken(
        user_id=user.id, name=name, token_hash=hash_token(token), prefix=token[:10], expires_at=expires_at
    )
    session.add(record)
    await session.flush()
    return IssuedToken(token=token, record=record)


async def list_tokens(session: AsyncSession, user: User) -> list[AccessToken]:
    rows = await session.scalars(
        select(AccessToken).where(AccessToken.user_id == user.id).order_by(AccessToken.id)
    )
    return list(rows)


async def revoke_token(session: AsyncSession, token_id: int) -> AccessToken:
    record = await session.get(AccessToken, token_id)
    if record is None:
        raise not_found("token.not_found", ("id",))
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        await session.flush()
        await record_access_change(
            session, AccessChange.TOKEN_REVOKED, user_id=record.user_id, token_id=record.id
        )
    return record


async def find_active_token(session: AsyncSession, token: str) -> AccessToken | None:
    """The stored token for a presented secret, unless unknown, revoked or expired."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = await session.scalar(
        select(AccessToken)
        .join(User, User.id == AccessToken.user_id)
        .where(AccessToken.token_hash == hash_token(token), User.blocked_at.is_(None))
    )
    if record is None or record.revoked_at is not None:
        return None
    if record.expires_at is not None and record.expires_at <= utcnow():
        return None
    return record


def needs_last_used_update(record: AccessToken) -> bool:
    return record.last_used_at is None or utcnow() - record.last_used_at > LAST_USED_RESOLUTION


async def touch_token(session: AsyncSession, token_id: int) -> None:
    await session.execute(update(AccessToken).where(AccessToken.id == token_id).values(last_used_at=utcnow()))


# --- sign-in ---------------------------------------------------------------------------

LOGIN_ATTEMPT_TTL = timedelta(minutes=10)


async def upsert_identity_user(
    session: AsyncSession, issuer: str, subject: str, email: str | None, name: str | None
) -> User:
    """The user behind a provider identity: found by (issuer, subject), else linked by
    e-mail to an account without an identity yet, else created. Name and e-mail follow
    the provider on every sign-in."""
    name = _readable_name(name)
    user = await session.scalar(select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject))
    if user is None and email:
        candidate = await get_user_by_email(session, email)
        if candidate is not None and candidate.oidc_subject is None:
            user = candidate
    if user is None:
        if not email:
            raise DomainError.of(ErrorCode.BAD_USER_INPUT, "auth.identity_without_email")
        user = await create_user(session, email, name or email.split("@")[0])
    elif email and normalize_email(email) != user.email and await get_user_by_email(session, email) is None:
        user.email = normalize_email(email)
    user.oidc_issuer, user.oidc_subject = issuer, subject
    if name:
        user.display_name = name
    await session.flush()
    return user


def _readable_name(name: str | None) -> str | None:
    """A provider's name claim as a display name (`Checks.title`'s cleaning, at most 120
    characters); None when fewer than two of its characters are visible."""
    cleaned = clean_title(clean_title(name or "")[:120])
    return cleaned if len(visible(cleaned)) >= 2 else None


async def create_login_attempt(
    session: AsyncSession, state: str, nonce: str, code_verifier: str, next_url: str | None
) -> LoginAttempt:
    now = utcnow()
    attempt = LoginAttempt(
        state_hash=hash_token(state),
        nonce=nonce,
        code_verifier=code_verifier,
        next_url=next_url,
        created_at=now,
        expires_at=now + LOGIN_ATTEMPT_TTL,
    )
    session.add(attempt)
    await session.flush()
    return attempt


async def consume_login_attempt(session: AsyncSession, state: str) -> LoginAttempt | None:
    """The login attempt a callback belongs to, used up by this call; None when the state
    is unknown, expired or was used before (a replay)."""
    attempt = await session.scalar(
        select(LoginAttempt).where(LoginAttempt.state_hash == hash_token(state)).with_for_update()
    )
    if attempt is None or attempt.used_at is not None or attempt.expires_at <= utcnow():
        return None
    attempt.used_at = utcnow()
    await session.flush()
    return attempt


async def start_session(session: AsyncSession, user: User, days: int, id_token: str | None = None) -> str:
    """A new browser session; returns the cookie value (only its hash is stored).
    A blocked user gets none."""
    if user.blocked_at is not None:
        raise DomainError.of(ErrorCode.FORBIDDEN, "user.blocked")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AuthSession(
            user_id=user.id,
            token_hash=hash_token(token),
            id_token=id_token,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    await session.flush()
    return token


async def find_active_session(session: AsyncSession, token: str) -> AuthSession | None:
    record = await session.scalar(
        select(AuthSession)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == hash_token(token), User.blocked_at.is_(None))
    )
    if record is None or record.revoked_at is not None or record.expires_at <= utcnow():
        return None
    return record


async def end_session(session: AsyncSession, token: str) -> AuthSession | None:
    record = await find_active_session(session, token)
    if record is not None:
        record.revoked_at = utcnow()
        await session.flush()
        await record_access_change(
            session, AccessChange.SESSION_ENDED, user_id=record.user_id, session_id=record.id
        )
    return record
