"""How fast a forum reply reaches subscribers: post over HTTP, receive over WebSockets.

Usage: python bench/bench_live.py [--replies 100] [--subscribers 20]
Uses KENNISPUNT_DATABASE_URL / KENNISPUNT_REDIS_URL when set, otherwise a fresh SQLite
file and the in-memory broker. The server runs in this process (uvicorn in a thread).
Prints the latency from sending the mutation to each subscriber receiving the event
(p50, p95, max) and how many events arrived (must be replies x subscribers).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import migrated_database
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import run_server
from tests.live import subscribe
from tests.test_forum_live import ACTIVITY, Forum, forum_with_thread


async def run(url: str, settings: Settings, replies: int, subscribers: int) -> None:
    db = Database(url)
    forum: Forum = await forum_with_thread(db)
    readers = [(await forum.member(f"Lezer {n}"))[1] for n in range(subscribers)]
    writers = [(await forum.member(f"Schrijver {n}"))[1] for n in range(5)]
    with run_server(settings) as server:
        latencies: list[float] = []
        sent_at: dict[str, float] = {}
        contexts = [subscribe(server.url, ACTIVITY, {"thread": forum.thread_id}, token) for token in readers]
        lives = [await context.__aenter__() for context in contexts]

        async def receive(live: object) -> None:
            for _ in range(replies):
                payload = await live.next(timeout=30)  # type: ignore[attr-defined]
                body = payload["data"]["threadActivity"]["reply"]["body"]
                latencies.append(time.perf_counter() - sent_at[body])

        receivers = [asyncio.create_task(receive(live)) for live in lives]
        for number in range(replies):
            body = f"Bericht {number}"
            sent_at[body] = time.perf_counter()
            await forum.post(server.url, writers[number % len(writers)], body)
        await asyncio.gather(*receivers)
        for context in contexts:
            await context.__aexit__(None, None, None)
    await db.dispose()
    latencies.sort()
    print(
        f"backend: {url.split(':')[0]}, broker: {settings.broker_url.split(':')[0]}, {replies} replies, {subscribers} subscribers"
    )
    print(f"events received: {len(latencies)} of {replies * subscribers}")
    print(
        f"latency post -> subscriber: p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100)
    parser.add_argument("--subscribers", type=int, default=20)
    args = parser.parse_args()
    url = migrated_database()
    settings = Settings(
        database_url=url,
        redis_url=os.environ.get("KENNISPUNT_REDIS_URL") or None,
        demo_mode=False,
        forum_post_rate="1000000/hour",  # measuring delivery, not the rate limit
    )
    asyncio.run(run(url, settings, args.replies, args.subscribers))


if __name__ == "__main__":
    main()
