"""The watchers behind every subscription: one per subject per process, shared."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

from graph.ids import encode_id
from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.events.service import record_event
from kennispunt.settings import Settings
from realtime import watchers
from realtime.broker import create_broadcast
from realtime.publisher import EventPublisher
from realtime.stream import subject_events
from realtime.watchers import SubjectWatchers
from tests.conftest import RunningServer, count_statements, run_server
from tests.factories import make_training
from tests.test_realtime import SEATS, graphql_ws, receive


@pytest.fixture
def quick_server(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings.model_copy(update={"live_poll_seconds": 0.2})) as running:
        yield running


async def test_many_subscribers_of_one_training_cost_one_watcher(
    db: Database, quick_server: RunningServer
) -> None:
    training = await make_training(db)
    subscribe = {"query": SEATS, "variables": {"id": encode_id("Training", training.id)}}
    async with graphql_ws(quick_server) as connection:
        assert await receive(connection) == {"type": "connection_ack"}
        for number in range(20):
            await connection.send(json.dumps({"id": str(number), "type": "subscribe", "payload": subscribe}))
        for _ in range(20):
            assert (await receive(connection))["type"] == "next"

        with count_statements(quick_server.db, include_background=True) as counter:
            await asyncio.sleep(1.0)

    # Two watchers poll every 0.2 s (a read and, on SQLite, its BEGIN): the training's and
    # the process's watcher of access changes, about 20 statements in a second. Twenty
    # subscribers polling on their own would send about 200.
    assert counter.count <= 30


@asynccontextmanager
async def in_process(db: Database) -> AsyncIterator[tuple[SubjectWatchers, EventPublisher]]:
    broadcast = create_broadcast("memory://")
    await broadcast.connect()
    subject_watchers = SubjectWatchers(db, broadcast, poll_interval=0.2)
    try:
        yield subject_watchers, EventPublisher(broadcast)
    finally:
        await subject_watchers.close()
        await broadcast.disconnect()


async def record(db: Database, publisher: EventPublisher, subject_id: int, count: int) -> list[int]:
    ids = []
    for number in range(count):
        async with db.transaction() as session:
            event = await record_event(session, "changed", "training", subject_id, {"n": number})
        await publisher.publish([event])
        ids.append(event.id)
    return ids


async def test_a_follower_that_falls_behind_catches_up_from_the_database(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watchers, "FOLLOWER_BACKLOG", 2)
    async with in_process(db) as (subject_watchers, publisher):
        stream = subject_events(db, subject_watchers, "training", 7)
        first = asyncio.ensure_future(anext(stream))
        await asyncio.sleep(0.3)  # following now
        recorded = await record(db, publisher, 7, 6)
        await asyncio.sleep(0.5)  # the watcher hands out 2, then drops the follower
        received: list[Event] = [await first]
        while len(received) < 6:
            received.append(await asyncio.wait_for(anext(stream), 5))
        await stream.aclose()

    assert [event.id for event in received] == recorded


async def test_a_subscriber_with_a_cursor_gets_what_it_missed_then_live_events(db: Database) -> None:
    async with in_process(db) as (subject_watchers, publisher):
        missed = await record(db, publisher, 8, 3)
        stream = subject_events(db, subject_watchers, "training", 8, after=missed[0])
        replayed = [await asyncio.wait_for(anext(stream), 5) for _ in range(2)]
        live_ids = await record(db, publisher, 8, 2)
        live = [await asyncio.wait_for(anext(stream), 5) for _ in range(2)]
        await stream.aclose()

    assert [event.id for event in replayed + live] == missed[1:] + live_ids


async def test_a_watcher_has_stopped_when_its_last_follower_has_left(db: Database) -> None:
    """Left to finish on its own, a cancelled watcher may still be closing the connection
    its cancellation broke off when the loop ends; the loop's final cancellation then
    interrupts that close (SQLAlchemy force-stops the aiosqlite worker) and aiosqlite
    waits for ever for it: the test run once sat idle in teardown that way."""
    async with in_process(db) as (subject_watchers, _publisher):
        async with subject_watchers.follow("training", 9):
            watcher = subject_watchers._watchers[("training", 9)]
        assert watcher.task.done()

        async with subject_watchers.follow("training", 10):
            others = [subject_watchers._watchers[("training", 10)]]
            await subject_watchers.close()
        assert [other.task.done() for other in others] == [True]
