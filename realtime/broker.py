"""The broadcaster for this process, chosen by URL: in-memory, or Redis for many replicas."""

from __future__ import annotations

from broadcaster import Broadcast

from realtime.redis_backend import ResilientRedisBackend


def create_broadcast(url: str) -> Broadcast:
    if url.startswith(("redis://", "rediss://")):
        return Broadcast(backend=ResilientRedisBackend(url))
    return Broadcast(url)
