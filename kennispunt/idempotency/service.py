"""Idempotency keys with Stripe's semantics.

The same key with the same input from the same caller within `KEY_LIFETIME` gets the
first response, and nothing is written again; the same key with other input is
refused; of two requests with one key at the same time, one runs and the other gets its
response. A request that failed unexpectedly before writing anything gives its key up,
so that a retry runs.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.db import Database, utcnow
from kennispunt.idempotency.models import IdempotencyKey

KEY_LIFETIME = timedelta(hours=24)
ABANDONED_AFTER = timedelta(minutes=2)
"""A claim this old that wrote nothing and got no response belongs to a request that died."""
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class IdempotentRequest:
    caller: str
    key: str
    request_hash: str


def valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


def request_hash(query: str | None, operation_name: str | None, variables: Mapping[str, Any] | None) -> str:
    canonical = json.dumps([query, operation_name, variables or {}], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class Outcome(enum.Enum):
    RUN = "run"
    """This request holds the key now: run it."""
    REPLAY = "replay"
    """An earlier request with this key answered: send its response."""
    MISMATCH = "mismatch"
    """The key was used for other input."""
    IN_PROGRESS = "in_progress"
    """An earlier request with this key is still running."""
    ANSWER_LOST = "answer_lost"
    """An earlier request with this key made its changes, but its response was not kept."""


@dataclass(frozen=True)
class Claim:
    outcome: Outcome
    status: int | None = None
    body: str | None = None


async def claim(db: Database, request: IdempotentRequest) -> Claim:
    """Take the key for this request, or say what became of the earlier one."""
    try:
        async with db.transaction() as session:
            existing = await _current(session, request)
            if existing is None:
                session.add(
                    IdempotencyKey(caller=request.caller, key=request.key, request_hash=request.request_hash)
                )
                await session.flush()
                return Claim(Outcome.RUN)
            return _outcome(existing, request)
    except IntegrityError:  # another request took the key just now
        async with db.session() as session:
            existing = await _current(session, request)
        return _outcome(existing, request) if existing is not None else Claim(Outcome.IN_PROGRESS)


async def settled(db: Database, request: IdempotentRequest, first: Claim, wait_seconds: float) -> Claim:
    """What an earlier request with the key came to, waiting up to ``wait_seconds`` while
    it still runs (only reading, so that waiting blocks no writer)."""
    outcome = first
    deadline = asyncio.get_running_loop().time() + wait_seconds
    delay = 0.02
    while outcome.outcome is Outcome.IN_PROGRESS and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.25)
        async with db.session() as session:
            row = await session.scalar(
                select(IdempotencyKey).where(
                    IdempotencyKey.caller == request.caller, IdempotencyKey.key == request.key
                )
            )
        if row is None:  # it failed and gave the key up: this request may run after all
            return await claim(db, request)
        outcome = _outcome(row, request)
    return outcome


async def _current(session: AsyncSession, request: IdempotentRequest) -> IdempotencyKey | None:
    """The live row for the key; an expired or abandoned one is removed first."""
    row = await session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.caller == request.caller, IdempotencyKey.key == request.key
        )
    )
    if row is None:
        return None
    now = utcnow()
    expired = now - row.claimed_at > KEY_LIFETIME
    abandoned = (
        row.response_body is None and row.applied_at is None and now - row.claimed_at > ABANDONED_AFTER
    )
    if expired or abandoned:
        await session.delete(row)
        await session.flush()
        return None
    return row


def _outcome(row: IdempotencyKey, request: IdempotentRequest) -> Claim:
    if row.request_hash != request.request_hash:
        return Claim(Outcome.MISMATCH)
    if row.response_body is not None:
        return Claim(Outcome.REPLAY, row.response_status, row.response_body)
    if row.applied_at is not None and utcnow() - row.claimed_at > ABANDONED_AFTER:
        return Claim(Outcome.ANSWER_LOST)  # its request died between its commit and its answer
    return Claim(Outcome.IN_PROGRESS)


async def mark_applied(session: AsyncSession, request: IdempotentRequest) -> None:
    """In the unit of work of a write the request makes: from its commit on, the request
    counts as carried out."""
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.caller == request.caller, IdempotencyKey.key == request.key)
        .values(applied_at=utcnow())
    )


async def complete(db: Database, request: IdempotentRequest, status: int, body: str) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.caller == request.caller, IdempotencyKey.key == request.key)
            .values(response_status=status, response_body=body)
        )


async def release(db: Database, request: IdempotentRequest) -> None:
    """Give the key up after an unexpected failure, unless the request wrote something."""
    async with db.transaction() as session:
        await session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.caller == request.caller,
                IdempotencyKey.key == request.key,
                IdempotencyKey.applied_at.is_(None),
            )
        )


async def remove_expired(session: AsyncSession) -> int:
    """Forget keys older than `KEY_LIFETIME` (and their responses); returns how many."""
    # a DELETE's result is a CursorResult (it has the row count); Session.execute says Result
    result = cast(
        CursorResult[Any],
        await session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.claimed_at < utcnow() - KEY_LIFETIME)
        ),
    )
    return int(result.rowcount or 0)
