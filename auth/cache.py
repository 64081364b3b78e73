"""Who is behind a credential, remembered for a few seconds in each process.

Without it every signed-in request reads its token (or session, or partner key) and the
viewer's roles and memberships from the database. An entry lives `CredentialCache.seconds`
at most, never past the credential's own expiry, and goes at once when access changes
(`kennispunt.accounts.access`): a user changed or blocked drops all of that user's
entries, a revoked token, an ended session, a revoked or changed partner key their own.
The changes arrive two ways: from this process's own commits (`after_commit`, before the
response of the request that made them), and from every other process through the access
stream (`forget`, an `realtime.access.AccessWatch` listener), which the broker delivers
within milliseconds and the watcher's poll of the database within its interval.

Only credentials found valid are remembered; a refused one is looked up every time.
Keys are digests of the secrets, never the secrets themselves.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Literal, TypeVar

from cachetools import TLRUCache

from kennispunt.accounts.access import ACCESS_SUBJECT, AccessChange
from kennispunt.events.models import Event

CredentialKind = Literal["token", "session", "provider", "partner"]
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Remembered(Generic[V]):
    value: V
    user_id: int | None
    """The user behind it (None for a partner key)."""
    credential: tuple[CredentialKind, int] | None
    """The token, session or partner key behind it (None for a provider's JWT)."""
    expires_at: datetime | None


def cache_key(kind: CredentialKind, secret: str) -> str:
    return f"{kind}:{hashlib.sha256(secret.encode()).hexdigest()}"


_BY_CREDENTIAL: dict[str, tuple[CredentialKind, str]] = {
    AccessChange.TOKEN_REVOKED: ("token", "token_id"),
    AccessChange.SESSION_ENDED: ("session", "session_id"),
    AccessChange.PARTNER_KEY_REVOKED: ("partner", "partner_key_id"),
    AccessChange.PARTNER_KEY_CHANGED: ("partner", "partner_key_id"),
}
_BY_USER = frozenset({AccessChange.USER_CHANGED, AccessChange.USER_BLOCKED})


class CredentialCache:
    def __init__(self, seconds: float, maxsize: int = 10_000) -> None:
        self.seconds = seconds
        self._entries: TLRUCache[str, Remembered[object]] = TLRUCache(
            maxsize, ttu=self._until, timer=time.time
        )
        self.generation = 0
        """Counts the access changes applied; what was read before one is not remembered after it."""

    def _until(self, _key: str, entry: Remembered[object], now: float) -> float:
        expires = entry.expires_at.timestamp() if entry.expires_at is not None else math.inf
        return min(now + self.seconds, expires)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Remembered[object] | None:
        return self._entries.get(key) if self.seconds > 0 else None

    def value(self, key: str, of: type[V]) -> V | None:
        """What is remembered for ``key``, as the ``of`` its kind of key holds (a token's
        an `Authentication`, a partner key's a `Partner`)."""
        remembered = self.get(key)
        return remembered.value if remembered is not None and isinstance(remembered.value, of) else None

    def put(self, key: str, entry: Remembered[object], generation: int) -> None:
        """Remember ``entry``, read from the database when the cache was at ``generation``,
        unless access changed since: then the read may already be out of date."""
        if self.seconds > 0 and generation == self.generation:
            self._entries[key] = entry

    def apply(self, event: Event) -> None:
        """Drop what an access change concerns; an unknown kind of change drops everything."""
        if event.subject_type != ACCESS_SUBJECT:
            return
        self.generation += 1
        payload = event.payload
        if event.kind in _BY_USER:
            user_id = payload.get("user_id")
            stale = [key for key, entry in self._entries.items() if entry.user_id == user_id]
        elif event.kind in _BY_CREDENTIAL:
            kind, field = _BY_CREDENTIAL[event.kind]
            credential = (kind, payload.get(field))
            stale = [key for key, entry in self._entries.items() if entry.credential == credential]
        else:
            self._entries.clear()
            return
        for key in stale:
            self._entries.pop(key, None)

    async def forget(self, event: Event) -> None:
        """An `realtime.access.AccessWatch` listener: a change made anywhere."""
        self.apply(event)

    async def after_commit(self, events: list[Event]) -> None:
        """A `kennispunt.db.Database` after-commit hook: a change made in this process."""
        for event in events:
            self.apply(event)
