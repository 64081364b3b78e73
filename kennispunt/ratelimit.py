"""How often someone may do something, counted in a moving window (the `limits` library).

Counts live in this process's memory by default, or in Redis when the app configures
a URL (`configure`), so that every replica counts the same hits. A broken Redis neither
blocks nor slows anyone: after a failure this process counts in its own memory for
`FALLBACK_SECONDS` (each request would otherwise wait for Redis's timeout), then tries
Redis again. An outage is logged once when it begins and once when it ends.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

logger = logging.getLogger(__name__)

Rule = RateLimitItem


@dataclass(frozen=True)
class RetryAfter:
    """A refused hit: the earliest moment, in whole seconds from now, to try again."""

    seconds: int


@lru_cache(maxsize=256)
def parse(spec: str) -> tuple[Rule, ...]:
    """Rules from a string like ``"5/30seconds;30/hour"``; raises ValueError when malformed."""
    return tuple(parse_many(spec)) if spec.strip() else ()


FALLBACK_SECONDS = 30.0

_memory = MemoryStorage()
_redis_url: str | None = None
_redis_down_until = 0.0
_redis_failing = False
"""Redis failed and has not answered since (the outage was logged)."""
# redis.asyncio clients belong to the event loop that made them: one storage per loop.
_redis: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Storage] = weakref.WeakKeyDictionary()
_exempt: ContextVar[bool] = ContextVar("ratelimit_exempt", default=False)


def configure(redis_url: str | None) -> None:
    """Count in Redis (``redis://...``), or with None in this process's memory."""
    global _redis_url, _redis_down_until, _redis_failing
    _redis_url = redis_url
    _redis_down_until = 0.0
    _redis_failing = False
    _redis.clear()


def _storage() -> Storage:
    global _redis_down_until
    if _redis_url is None:
        return _memory
    if _redis_down_until:
        if time.monotonic() < _redis_down_until:
            return _memory
        _redis_down_until = 0.0
        logger.debug("rate limits: trying Redis again")
    loop = asyncio.get_running_loop()
    storage = _redis.get(loop)
    if storage is None:
        storage = cast(
            Storage,
            storage_from_string(
                f"async+{_redis_url}", implementation="redispy", socket_connect_timeout=2, socket_timeout=2
            ),
        )
        _redis[loop] = storage
    return storage


@contextmanager
def exempt() -> Iterator[None]:
    """Trusted bulk work in this context (demo data, test set-up) is not counted."""
    token = _exempt.set(True)
    try:
        yield
    finally:
        _exempt.reset(token)


async def hit(key: str, *rules: Rule) -> RetryAfter | None:
    """Count one hit of ``key`` against every rule; None when allowed.

    A refused hit is not counted, so waiting the given time is always enough.
    """
    global _redis_down_until, _redis_failing
    if _exempt.get() or not rules:
        return None
    storage = _storage()
    try:
        refused = await _count(MovingWindowRateLimiter(storage), key, rules)
    except Exception as error:
        if storage is _memory:
            raise
        _redis_down_until = time.monotonic() + FALLBACK_SECONDS
        if not _redis_failing:
            _redis_failing = True
            logger.warning(
                "rate limits: Redis unavailable (%s); counting in this process, trying Redis every %.0f s",
                error,
                FALLBACK_SECONDS,
            )
        return await _count(MovingWindowRateLimiter(_memory), key, rules)
    if _redis_failing and storage is not _memory:
        _redis_failing = False
        logger.info("rate limits: Redis reachable again; counting there")
    return refused


async def _count(limiter: MovingWindowRateLimiter, key: str, rules: tuple[Rule, ...]) -> RetryAfter | None:
    for rule in rules:
        if not await limiter.test(rule, key):
            return await _retry_after(limiter, rule, key)
    for rule in rules:
        if not await limiter.hit(rule, key):  # someone else's hit came in between
            return await _retry_after(limiter, rule, key)
    return None


async def _retry_after(limiter: MovingWindowRateLimiter, rule: Rule, key: str) -> RetryAfter:
    stats = await limiter.get_window_stats(rule, key)
    return RetryAfter(max(1, math.ceil(stats.reset_time - time.time())))


async def reset() -> None:
    """Forget every count (tests start from zero)."""
    await _memory.reset()
    try:
        await _storage().reset()
    except Exception:
        logger.warning("rate limit storage unavailable; counts not reset", exc_info=True)
