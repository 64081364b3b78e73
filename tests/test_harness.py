"""The test harness itself: a test server stops cleanly, leaving nothing behind that
another thread would have to clean up (and could hang on)."""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import ExitStack

import pytest

from graph.ids import encode_id
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import run_server
from tests.factories import make_training
from tests.test_realtime import SEATS, graphql_ws, receive


def aiosqlite_workers() -> set[threading.Thread]:
    """aiosqlite's worker threads: one per open connection."""
    return {thread for thread in threading.enumerate() if thread.name.endswith("(_connection_worker_thread)")}


async def test_a_stopped_server_leaves_no_connection_open(db: Database, settings: Settings) -> None:
    """Stopped while a subscription is open and its watcher polls every 10 ms, the server
    has closed every database connection of its own by the time `run_server` returns."""
    if not settings.is_sqlite:
        pytest.skip("aiosqlite runs a thread per connection; asyncpg has none to look at")
    training = await make_training(db)
    before = aiosqlite_workers()
    servers = ExitStack()
    server = servers.enter_context(run_server(settings.model_copy(update={"live_poll_seconds": 0.01})))
    async with graphql_ws(server) as connection:
        assert await receive(connection) == {"type": "connection_ack"}
        subscribe = {"query": SEATS, "variables": {"id": encode_id("Training", training.id)}}
        await connection.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        assert (await receive(connection))["type"] == "next"
        during = aiosqlite_workers() - before
        await asyncio.to_thread(servers.close)  # the server stops with the socket still open
    left = {thread for thread in aiosqlite_workers() - before if thread.is_alive()}

    assert during  # the server did hold connections of its own
    assert left == set()
