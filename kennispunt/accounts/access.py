"""Changes to who may do what, recorded as events, so that what stays open follows them.

Every request checks its credentials afresh. What outlives a request (an open WebSocket, a
cached viewer) hears of a change through these events instead: they are written in the
transaction that makes the change, published after its commit, and read as one stream
(subject type ``access``) by each process; while the broker is down each process still
reads them within its poll interval.
"""

from __future__ import annotations

import enum

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.events.service import record_event

ACCESS_SUBJECT = "access"


class AccessChange(enum.StrEnum):
    TOKEN_REVOKED = "access.token_revoked"
    """A personal access token was revoked: what it opened closes."""
    SESSION_ENDED = "access.session_ended"
    """A browser session was signed out."""
    PARTNER_KEY_REVOKED = "access.partner_key_revoked"
    """A partner key was revoked, or its secret rotated without a grace period."""
    PARTNER_KEY_CHANGED = "access.partner_key_changed"
    """A partner key's origins, rate or name changed, or its secret rotated with a grace period."""
    USER_BLOCKED = "access.user_blocked"
    """Everything the user has open closes."""
    USER_CHANGED = "access.user_changed"
    """Roles or memberships changed: what the user may see is decided afresh."""


async def record_access_change(
    session: AsyncSession,
    change: AccessChange,
    *,
    user_id: int | None = None,
    token_id: int | None = None,
    session_id: int | None = None,
    partner_key_id: int | None = None,
) -> None:
    payload = {
        name: value
        for name, value in (
            ("user_id", user_id),
            ("token_id", token_id),
            ("session_id", session_id),
            ("partner_key_id", partner_key_id),
        )
        if value is not None
    }
    await record_event(session, change.value, ACCESS_SUBJECT, user_id or partner_key_id or 0, payload)
