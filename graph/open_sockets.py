"""The sockets this process holds open, and what each depends on.

When a token, session or partner key is revoked or expires, or its user is blocked, a
socket that depends on it closes with 4403; when a user's roles or memberships change, the
socket follows the new viewer, so its subscriptions decide afresh whether they may go on;
when a partner key's origins, rate or secret change, its sockets present the key again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from graph.context import Context
from graph.socket_messages import CLOSE_FORBIDDEN
from kennispunt.accounts import service as accounts
from kennispunt.accounts.access import AccessChange
from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.partners import service as partners

if TYPE_CHECKING:
    from graph.websocket import GuardedTransportWSHandler, SocketLimits


class OpenSockets:
    """This process's open, acknowledged sockets, and the sockets being opened per address."""

    def __init__(self, db: Database, limits: SocketLimits) -> None:
        self.db = db
        self.limits = limits
        self._sockets: set[GuardedTransportWSHandler] = set()
        self._per_address: Counter[str] = Counter()
        self._expiries: dict[GuardedTransportWSHandler, asyncio.TimerHandle] = {}

    def __len__(self) -> int:
        return len(self._sockets)

    @property
    def open_count(self) -> int:
        """Sockets open now, acknowledged or still in their handshake."""
        return sum(self._per_address.values())

    def admit(self, address: str) -> bool:
        """Count a new socket from ``address``; False (and not counted) beyond the limit."""
        if self._per_address[address] >= self.limits.max_sockets_per_address:
            return False
        self._per_address[address] += 1
        return True

    def release(self, address: str) -> None:
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]

    def add(self, socket: GuardedTransportWSHandler) -> None:
        self._sockets.add(socket)
        expires_at = socket.context.credential_expires_at
        if expires_at is not None:
            delay = max(0.0, (expires_at - datetime.now(UTC)).total_seconds())
            self._expiries[socket] = asyncio.get_running_loop().call_later(
                delay, lambda: asyncio.ensure_future(socket.close(CLOSE_FORBIDDEN, "Credentials expired"))
            )

    def discard(self, socket: GuardedTransportWSHandler) -> None:
        self._sockets.discard(socket)
        timer = self._expiries.pop(socket, None)
        if timer is not None:
            timer.cancel()

    async def apply(self, event: Event) -> None:
        """An access change (`kennispunt.accounts.access`): close or update what depends on it."""
        payload = event.payload
        user_id = payload.get("user_id")
        if event.kind == AccessChange.USER_CHANGED:
            affected = [socket for socket in self._sockets if socket.context.viewer.user_id == user_id]
            if affected and user_id is not None:
                async with self.db.session() as session:
                    viewer = await accounts.load_viewer(session, user_id)
                for socket in affected:
                    socket.follow_viewer(viewer)
            return
        if event.kind == AccessChange.PARTNER_KEY_CHANGED:
            await self._recheck_partner_sockets(payload.get("partner_key_id"))
            return
        for socket in [
            socket for socket in self._sockets if _depends_on(socket.context, event.kind, payload)
        ]:
            await socket.close(CLOSE_FORBIDDEN, "Access revoked")

    async def _recheck_partner_sockets(self, key_id: object) -> None:
        """A key's origins, rate or secret changed: each of its sockets presents its key again
        (from the database, not the credential cache) and goes on with what it now grants:
        closed when the secret it opened with no longer works or its page's origin is no longer
        listed, else with the new rate, and closing when a rotation's grace period ends."""
        affected = [
            socket
            for socket in self._sockets
            if socket.context.partner is not None and socket.context.partner.id == key_id
        ]
        if not affected:
            return
        presented = {socket: _presented_key(socket) for socket in affected}
        granted: dict[str, partners.Partner | None] = {}
        async with self.db.session() as session:  # a key has a secret or two, however many sockets
            for secret in set(presented.values()) - {""}:
                granted[secret] = await partners.find_partner(session, secret)
        for socket in affected:
            partner = granted.get(presented[socket])
            origin = socket.context.partner_origin
            if (
                partner is None
                or partner.id != key_id
                or (origin is not None and origin not in partner.allowed_origins)
            ):
                await socket.close(CLOSE_FORBIDDEN, "Access revoked")
                continue
            socket.context.partner = partner
            self.discard(socket)
            self.add(socket)


def _presented_key(socket: GuardedTransportWSHandler) -> str:
    """The partner key a socket was opened with, as `auth.authenticate` reads it."""
    key = (socket.context.connection_params or {}).get("apiKey")
    return key.strip() if isinstance(key, str) else ""


def _depends_on(context: Context, kind: str, payload: Mapping[str, Any]) -> bool:
    credential = context.credential
    if kind == AccessChange.TOKEN_REVOKED:
        return (
            credential is not None and credential.kind == "token" and credential.id == payload.get("token_id")
        )
    if kind == AccessChange.SESSION_ENDED:
        return (
            credential is not None
            and credential.kind == "session"
            and credential.id == payload.get("session_id")
        )
    if kind == AccessChange.PARTNER_KEY_REVOKED:
        return context.partner is not None and context.partner.id == payload.get("partner_key_id")
    if kind == AccessChange.USER_BLOCKED:
        return context.viewer.user_id is not None and context.viewer.user_id == payload.get("user_id")
    return False
