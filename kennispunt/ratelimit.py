"""How often someone may do something, counted in a moving window (the `limits` library).

Counts live in this process's memory by default, or in Redis when the app counts with a
`Counter` of a Redis URL (`counting`), so that every replica counts the same hits. Each
app holds its own `Counter` (`kennispunt.app_limits`). A broken Redis neither
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
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar, cast

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from limits.util import SEPARATORS, SINGLE_EXPR

from kennispunt.metrics import RATE_LIMIT_REFUSALS, rate_limit_name

logger = logging.getLogger(__name__)

Rule = RateLimitItem
T = TypeVar("T")


@dataclass(frozen=True)
class RetryAfter:
    """A refused hit: the earliest moment, in whole seconds from now, to try again."""

    seconds: int


@lru_cache(maxsize=256)
def parse(spec: str) -> tuple[Rule, ...]:
    """Rules from a string like ``"5/30seconds;30/hour"``; raises ValueError when malformed."""
    return tuple(parse_many(spec)) if spec.strip() else ()


MAX_PERIOD_SECONDS = 366 * 24 * 3600
"""The longest window a setting may name: Redis refuses expiry times far beyond it."""
MAX_AMOUNT = 10**9


def parse_setting(spec: str) -> tuple[Rule, ...]:
    """Rules from a setting or an admin's input: `parse`, refusing (ValueError) what would not
    do what it says. `limits` reads a zero period (``5/0seconds``) as one (``5/second``);
    a window longer than a year or a count beyond a billion breaks counting in Redis."""
    rules = parse(spec)
    for part in SEPARATORS.split(spec):
        match = SINGLE_EXPR.fullmatch(part)
        if match is not None and match.group(3) is not None and int(match.group(3)) == 0:
            raise ValueError(f"rate limit {part.strip()!r} has a period of zero")
    for rule in rules:
        if rule.get_expiry() > MAX_PERIOD_SECONDS or rule.amount > MAX_AMOUNT:
            raise ValueError(f"rate limit {rule} is too large: at most {MAX_AMOUNT} in at most a year")
    return rules


FALLBACK_SECONDS = 30.0

_memories: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, MemoryStorage] = weakref.WeakKeyDictionary()


def _memory() -> MemoryStorage:
    """This event loop's counts, whichever app counts them (a failing Redis falls back to them).

    One per loop: limits' `MemoryStorage` keeps an `asyncio.Lock` per key and an expiry task,
    which belong to one loop. Shared by two loops in one process (a test and the server it
    runs in a thread), a lock released on one woke a waiter of the other from the wrong
    thread, and that loop slept on forever.
    """
    loop = asyncio.get_running_loop()
    storage = _memories.get(loop)
    if storage is None:
        storage = _memories[loop] = MemoryStorage()
    return storage


async def _forget_in_memory() -> None:
    """Every loop's counts gone, each cleared on its own loop."""
    running = asyncio.get_running_loop()
    for loop, storage in list(_memories.items()):
        if loop is running:
            await storage.reset()
        elif loop.is_running():
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(storage.reset(), loop))
        else:
            _memories.pop(loop, None)


_exempt: ContextVar[bool] = ContextVar("ratelimit_exempt", default=False)


class Counter:
    """Where hits are counted: this process's memory, or Redis (``redis://...``)."""

    def __init__(self, redis_url: str | None = None) -> None:
        self.redis_url = redis_url
        self._redis_down_until = 0.0
        self._redis_failing = False
        """Redis failed and has not answered since (the outage was logged)."""
        # redis.asyncio clients belong to the event loop that made them: one storage per loop.
        self._redis: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Storage] = (
            weakref.WeakKeyDictionary()
        )

    def storage(self) -> Storage:
        if self.redis_url is None:
            return _memory()
        if self._redis_down_until:
            if time.monotonic() < self._redis_down_until:
                return _memory()
            self._redis_down_until = 0.0
            logger.debug("rate limits: trying Redis again")
        loop = asyncio.get_running_loop()
        storage = self._redis.get(loop)
        if storage is None:
            storage = cast(
                Storage,
                storage_from_string(
                    f"async+{self.redis_url}",
                    implementation="redispy",
                    socket_connect_timeout=2,
                    socket_timeout=2,
                ),
            )
            self._redis[loop] = storage
        return storage

    async def counted(self, count: Callable[[Storage], Awaitable[T]]) -> T:
        """Count in Redis when configured; when it fails, in this process for a while."""
        storage = self.storage()
        try:
            counted = await count(storage)
        except Exception as error:
            if isinstance(storage, MemoryStorage):
                raise
            self._redis_down_until = time.monotonic() + FALLBACK_SECONDS
            if not self._redis_failing:
                self._redis_failing = True
                logger.warning(
                    "rate limits: Redis unavailable (%s); counting in this process, trying Redis every %.0f s",
                    error,
                    FALLBACK_SECONDS,
                )
            return await count(_memory())
        if self._redis_failing and not isinstance(storage, MemoryStorage):
            self._redis_failing = False
            logger.info("rate limits: Redis reachable again; counting there")
        return counted

    async def reset(self) -> None:
        """Forget every count (tests start from zero)."""
        await _forget_in_memory()
        try:
            await self.storage().reset()
        except Exception:
            logger.warning("rate limit storage unavailable; counts not reset", exc_info=True)


_in_memory = Counter()
"""Outside an app's `counting` (a command, a test's set-up): this process's memory."""
_counter: ContextVar[Counter | None] = ContextVar("ratelimit_counter", default=None)


def _current() -> Counter:
    return _counter.get() or _in_memory


@contextmanager
def counting(counter: Counter) -> Iterator[None]:
    """Count with ``counter`` in this context (an app's requests, a command's work)."""
    token = _counter.set(counter)
    try:
        yield
    finally:
        _counter.reset(token)


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

    A refused hit is not counted, so waiting the given time is always enough. Refusals
    are counted in the metrics by the key's name without its last part (``api:partner``).
    """
    if _exempt.get() or not rules:
        return None
    refused = await _current().counted(lambda storage: _count(MovingWindowRateLimiter(storage), key, rules))
    if refused is not None:
        RATE_LIMIT_REFUSALS.labels(rate_limit_name(key)).inc()
    return refused


async def _count(limiter: MovingWindowRateLimiter, key: str, rules: tuple[Rule, ...]) -> RetryAfter | None:
    if len(rules) > 1:  # a hit refused by one rule must not count against the others
        for rule in rules:
            if not await limiter.test(rule, key):
                return await _retry_after(limiter, rule, key)
    for rule in rules:  # a refused hit counts nothing; with one rule that is the only test needed
        if not await limiter.hit(rule, key):
            return await _retry_after(limiter, rule, key)
    return None


async def _retry_after(limiter: MovingWindowRateLimiter, rule: Rule, key: str) -> RetryAfter:
    stats = await limiter.get_window_stats(rule, key)
    return RetryAfter(max(1, math.ceil(stats.reset_time - time.time())))


@dataclass(frozen=True)
class Budget:
    """Where a caller stands in a points budget (a fixed window, e.g. an hour)."""

    limit: int
    used: int
    reset_at: float
    """When the window ends and the budget is full again (seconds since the epoch)."""

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


async def spend(key: str, points: int, rule: Rule) -> tuple[bool, Budget]:
    """Take ``points`` from the budget ``rule`` (e.g. ``5000/hour``) of ``key``.

    Refused (False) when fewer than ``points`` remain; a refused spend takes nothing.
    Exempt contexts spend nothing and see a full budget.
    """
    if _exempt.get():
        return True, Budget(rule.amount, 0, time.time() + rule.get_expiry())
    return await _current().counted(lambda storage: _spend(storage, key, points, rule))


async def _spend(storage: Storage, key: str, points: int, rule: Rule) -> tuple[bool, Budget]:
    """A fixed window (as `limits`' `FixedWindowRateLimiter` counts it) in two steps instead
    of four: add the points, and look up when the window ends; a spend beyond the budget
    takes its points back."""
    counter = rule.key_for(key)
    used = await storage.incr(counter, rule.get_expiry(), amount=points)
    allowed = used <= rule.amount
    if not allowed:
        used = await storage.incr(counter, rule.get_expiry(), amount=-points)
        if used < 0:  # the window ended in between: the next one starts from nothing, not less
            used = await storage.incr(counter, rule.get_expiry(), amount=-used)
    return allowed, Budget(rule.amount, min(used, rule.amount), await storage.get_expiry(counter))


async def reset() -> None:
    """Forget every count of this context's `Counter` (tests start from zero)."""
    await _current().reset()
