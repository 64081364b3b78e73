"""What idle live widgets cost: many pages following the seats of the same trainings.

Usage: python bench/bench_embed_live.py [--pages 100] [--trainings 3] [--seconds 10]

Each "page" is one WebSocket with a partner key and one `trainingUpdated` subscription
per training, as `<kennispunt-trainings limit="3">` opens them. With nothing happening,
this counts the SQL statements the server sends per second, then registers one member
through the API and measures how long until every page has the new seat count. Uses
KENNISPUNT_DATABASE_URL / KENNISPUNT_REDIS_URL when set, otherwise SQLite and memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import migrated_database
from graph.ids import encode_id
from kennispunt.db import Database
from kennispunt.settings import Settings
from syndication.embed import EMBED_QUERIES
from tests.conftest import count_statements, run_server
from tests.factories import make_partner_key, make_token, make_training, make_verified_member

SEATS = EMBED_QUERIES["EmbedTrainingSeats"]
REGISTER = "mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { errors { message } } }"


async def open_page(url: str, key: str, training_ids: list[str]) -> websockets.ClientConnection:
    connection = await websockets.connect(url, subprotocols=["graphql-transport-ws"], max_queue=None)  # type: ignore[list-item]
    await connection.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
    assert json.loads(await connection.recv())["type"] == "connection_ack"
    for number, training_id in enumerate(training_ids):
        payload = {"query": SEATS, "variables": {"id": training_id}}
        await connection.send(json.dumps({"id": str(number), "type": "subscribe", "payload": payload}))
    for _ in training_ids:  # each subscription answers at once with the current seats
        assert json.loads(await connection.recv())["type"] == "next"
    return connection


async def run(url: str, settings: Settings, pages: int, trainings: int, seconds: float) -> None:
    db = Database(url)
    key = await make_partner_key(db, origins=[])
    made = [
        await make_training(db, f"Training {n}", capacity=50, slug=f"training-{n}") for n in range(trainings)
    ]
    ids = [encode_id("Training", training.id) for training in made]
    with run_server(settings) as server:
        ws_url = server.url.replace("http://", "ws://") + "/graphql"
        connections = [await open_page(ws_url, key, ids) for _ in range(pages)]
        await asyncio.sleep(1)
        with count_statements(server.db) as counter:
            await asyncio.sleep(seconds)
        idle = counter.count / seconds

        async def seat_change(connection: websockets.ClientConnection) -> float:
            message = json.loads(await asyncio.wait_for(connection.recv(), 60))
            assert message["payload"]["data"]["trainingUpdated"]["seatsLeft"] == 49, message
            return time.perf_counter()

        waiting = [asyncio.create_task(seat_change(connection)) for connection in connections]
        started = time.perf_counter()
        token = await make_token(db, await make_verified_member(db))
        async with httpx.AsyncClient(base_url=server.url) as http:  # through the API, as a member would
            response = await http.post(
                "/graphql",
                json={"query": REGISTER, "variables": {"id": ids[0]}},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert response.json()["data"]["registerForTraining"]["errors"] == [], response.text
        arrived = sorted(moment - started for moment in await asyncio.gather(*waiting))
        for connection in connections:
            await connection.close()
    await db.dispose()
    print(
        f"backend: {url.split(':')[0]}, broker: {settings.broker_url.split(':')[0]}, "
        f"{pages} pages x {trainings} trainings = {pages * trainings} subscriptions, poll {settings.live_poll_seconds} s"
    )
    print(f"idle: {idle:.1f} SQL statements per second")
    print(
        f"one registration -> all pages: p50 {statistics.median(arrived) * 1000:.0f} ms, max {arrived[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--trainings", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    url = migrated_database()
    settings = Settings(
        database_url=url, redis_url=os.environ.get("KENNISPUNT_REDIS_URL") or None, demo_mode=False
    )
    asyncio.run(run(url, settings, args.pages, args.trainings, args.seconds))


if __name__ == "__main__":
    main()
