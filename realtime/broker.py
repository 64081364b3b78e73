"""The broadcaster for this process, chosen by URL: in-memory, or Redis for many replicas."""

from __future__ import annotations

from broadcaster import Broadcast

from realtime.redis_backend import ResilientRedisBackend


def create_broadcast(url: str) -> Broadcast:
    if url.startswith(("redis://", "rediss://")):
        return Broadcast(backend=ResilientRedisBackend(url))
    return Broadcast(url)


async def is_connected(broadcast: Broadcast) -> bool:
    """Whether live events go out through the broker now: always for the in-memory one; for
    Redis while it answers (else watchers poll the database)."""
    backend = getattr(broadcast, "_backend", None)
    return not isinstance(backend, ResilientRedisBackend) or await backend.ping()
