"""Throughput and latency of typical public queries against a running server with demo data.

Usage: python bench/bench_api.py [--requests 400] [--concurrency 8]
Uses KENNISPUNT_DATABASE_URL when set, otherwise a fresh SQLite file. The server runs as
its own process (``kennispunt serve``, one worker) so the load generator does not share
its interpreter. Prints requests per second, p50/p95 latency, SQL statements per
request (counted on an in-process server), and the ratio of statements for a page of
50 against a page of 5 (1.00 means no N+1).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import migrated_database
from kennispunt.db import Database
from kennispunt.demo import loader
from kennispunt.settings import Settings
from tests.conftest import count_statements, free_port, run_server

QUERIES = {
    "articles page": "{ articles(first: 10) { totalCount edges { node { id title summary topic { name } } } } }",
    "the same, no totalCount": "{ articles(first: 10) { edges { node { id title summary topic { name } } } } }",
    "article search": '{ articles(search: "verkiezingen kandidaten", first: 10) { totalCount edges { node { slug } } } }',
    "upcoming trainings": "{ trainings(first: 10) { edges { node { title startsAt seatsLeft sessions { startsAt } } } } }",
    "municipalities+parties": "{ municipalities(first: 50) { edges { node { name parties(first: 3) { totalCount } } } } }",
}


async def measure(url: str, query: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(requests):
        queue.put_nowait(index)

    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                started = time.perf_counter()
                response = await client.post("/graphql", json={"query": query})
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200 and "errors" not in response.json(), response.text

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        requests / elapsed,
        statistics.median(latencies) * 1000,
        latencies[int(len(latencies) * 0.95)] * 1000,
    )


def statements(server_db: Database, url: str, query: str) -> int:
    with count_statements(server_db) as counter:
        httpx.post(f"{url}/graphql", json={"query": query}, timeout=30).raise_for_status()
    return counter.count


@contextmanager
def serve_in_subprocess(database_url: str, **settings: str) -> Iterator[str]:
    """``kennispunt serve`` in a process of its own; ``settings`` become KENNISPUNT_* variables."""
    port = free_port()
    env = {
        **os.environ,
        "KENNISPUNT_DATABASE_URL": database_url,
        "KENNISPUNT_LOG_LEVEL": "WARNING",
        "KENNISPUNT_ANONYMOUS_RATE": "1000000/minute",  # the load generator is one very busy visitor
        "KENNISPUNT_RESPONSE_CACHE_SECONDS": "0",
        **{f"KENNISPUNT_{name.upper()}": value for name, value in settings.items()},
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "kennispunt.cli", "serve", "--port", str(port)],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            raise RuntimeError("server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def demo_database() -> str:
    """`migrated_database`, filled with the demo data."""
    url = migrated_database()

    async def seed() -> None:
        db = Database(url)
        await loader.load(db)
        await db.dispose()

    asyncio.run(seed())
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    url = demo_database()
    settings = Settings(database_url=url, redis_url=os.environ.get("KENNISPUNT_REDIS_URL") or None)
    print(f"backend: {url.split(':')[0]}, {args.requests} requests per query, concurrency {args.concurrency}")
    with serve_in_subprocess(url) as server_url, run_server(settings) as server:
        for name, query in QUERIES.items():
            rate, p50, p95 = asyncio.run(measure(server_url, query, args.requests, args.concurrency))
            count = statements(server.db, server.url, query)
            print(
                f"{name:24} {rate:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   {count:3d} SQL statements"
            )
        small = statements(
            server.db, server.url, QUERIES["municipalities+parties"].replace("first: 50", "first: 5")
        )
        large = statements(server.db, server.url, QUERIES["municipalities+parties"])
        print(f"statements for 50 municipalities vs 5: {large} / {small} = {large / small:.2f}")


if __name__ == "__main__":
    main()
