from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Integer, and_, cast, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.db import utcnow
from kennispunt.events.models import Event, EventHorizon

ORDERED_AS_A_WHOLE = frozenset({"ticket", "access"})


async def record_event(
    session: AsyncSession,
    kind: str,
    subject_type: str,
    subject_id: int,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Add an event to the current unit of work; it is published after the commit.

    Events of one subject must commit in the order of their ids, or a subscriber reading
    "everything after my cursor" could step over one that commits late. SQLite runs one
    writer at a time; on PostgreSQL a transaction-scoped advisory lock per subject makes
    writers of the same subject wait for each other until commit. Subject types in
    `ORDERED_AS_A_WHOLE` take one lock for the whole type, so a stream over all their
    subjects (the helpdesk queue) is exact too.
    """
    [event] = await record_events(session, kind, subject_type, [(subject_id, payload or {})])
    return event


async def record_events(
    session: AsyncSession, kind: str, subject_type: str, subjects: Sequence[tuple[int, dict[str, Any]]]
) -> list[Event]:
    """`record_event` for many subjects of one type at once (a reply notifying a thread's
    thousand followers): one statement for the locks and one for the rows, not one each.
    ``subjects`` is ``(subject_id, payload)``; give them sorted by subject, so that every
    writer takes the locks in the same order."""
    if not subjects:
        return []
    if session.get_bind().dialect.name == "postgresql":
        lock_ids = (
            [0] if subject_type in ORDERED_AS_A_WHOLE else sorted({subject_id for subject_id, _ in subjects})
        )
        lock = func.unnest(cast(lock_ids, ARRAY(Integer))).table_valued("lock_id").render_derived()
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(subject_type), lock.c.lock_id)))
    events = [
        Event(kind=kind, subject_type=subject_type, subject_id=subject_id, payload=payload)
        for subject_id, payload in subjects
    ]
    session.add_all(events)
    await session.flush()
    session.info.setdefault("events", []).extend(events)
    return events


async def events_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[Event]:
    rows = await session.scalars(select(Event).where(Event.id.in_(ids)).order_by(Event.id))
    return list(rows)


async def events_after(
    session: AsyncSession, subject_type: str, subject_id: int | None, after_id: int, limit: int = 500
) -> list[Event]:
    """Events of one subject (or, with ``subject_id`` None, of every subject of a type in
    `ORDERED_AS_A_WHOLE`) after a cursor, oldest first: what a reconnecting subscriber missed."""
    statement = select(Event).where(Event.subject_type == subject_type, Event.id > after_id)
    if subject_id is not None:
        statement = statement.where(Event.subject_id == subject_id)
    else:
        assert subject_type in ORDERED_AS_A_WHOLE, "only types ordered as a whole can be read as one stream"
    rows = await session.scalars(statement.order_by(Event.id).limit(limit))
    return list(rows)


async def newest_event_id(session: AsyncSession) -> int:
    """The id of the newest event, 0 when there is none: a cursor meaning "from now on"."""
    return await session.scalar(select(func.coalesce(func.max(Event.id), 0))) or 0


async def count_events_after(session: AsyncSession, positions: Mapping[tuple[str, int | None], int]) -> int:
    """How many events of the given subjects (``(type, None)``: every subject of a type in
    `ORDERED_AS_A_WHOLE`) come after each subject's position: what watchers have yet to hand out."""
    conditions = [
        and_(Event.subject_type == subject_type, Event.id > position)
        if subject_id is None
        else and_(Event.subject_type == subject_type, Event.subject_id == subject_id, Event.id > position)
        for (subject_type, subject_id), position in positions.items()
    ]
    total = 0
    for start in range(0, len(conditions), 200):  # a few hundred terms per statement
        total += (
            await session.scalar(
                select(func.count()).select_from(Event).where(or_(*conditions[start : start + 200]))
            )
            or 0
        )
    return total


@dataclass(frozen=True)
class Pruned:
    events: int
    """Events removed (or, in a dry run, that would be)."""
    through: int
    """The horizon after pruning: replay reaches back to the event after this one."""


async def pruned_through(session: AsyncSession) -> int:
    """The newest event id that may have been pruned; 0 while nothing was."""
    return await session.scalar(select(EventHorizon.pruned_through).where(EventHorizon.id == 1)) or 0


async def prune_events(session: AsyncSession, older_than: datetime, *, dry_run: bool = False) -> Pruned:
    """Remove events that occurred before ``older_than``, and move the horizon past them.

    Run again, it removes nothing more: idempotent. The horizon is the highest id removed,
    so a cursor at or after it still replays without a gap."""
    horizon = await session.scalar(select(EventHorizon).where(EventHorizon.id == 1).with_for_update())
    through = horizon.pruned_through if horizon is not None else 0
    doomed = select(func.count(), func.max(Event.id)).where(Event.occurred_at < older_than)
    count, newest = (await session.execute(doomed)).one()
    if dry_run or not count:
        return Pruned(int(count or 0), through)
    await session.execute(delete(Event).where(Event.id <= newest, Event.occurred_at < older_than))
    through = max(through, int(newest))
    if horizon is None:
        session.add(EventHorizon(id=1, pruned_through=through, pruned_at=utcnow()))
    else:
        horizon.pruned_through, horizon.pruned_at = through, utcnow()
    await session.flush()
    return Pruned(int(count), through)
