"""What the public surface holds: one partner widget's query, answered four ways.

Usage: python bench/bench_public.py [--requests 1000] [--concurrency 8]

A partner page with many visitors sends the same public query again and again. This
prints requests per second and latency for that query (upcoming trainings with seats
left, as `<kennispunt-trainings>` asks it) against a server in its own process:

1. POST with the query text (nothing cacheable: every request runs the query);
2. GET with the persisted-query hash, the response cache off (runs, adds an ETag);
3. the same with the response cache on (``KENNISPUNT_RESPONSE_CACHE_SECONDS=5``);
4. the same with ``If-None-Match`` of the last answer (304, no body).

The ratios against (1) are what caching buys one replica, before any CDN or browser
cache (``Cache-Control: public, max-age``) takes its share.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_api import demo_database, serve_in_subprocess
from graph.persisted import query_hash

QUERY = (
    "query Trainings($first: Int) { trainings(first: $first) { edges { node { id title startsAt "
    "location seatsLeft isRegistrationOpen url sessions { startsAt endsAt } } } } }"
)
VARIABLES = {"first": 3}


def get_params() -> dict[str, str]:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": query_hash(QUERY)}}
    return {
        "operationName": "Trainings",
        "variables": json.dumps(VARIABLES),
        "extensions": json.dumps(extensions),
    }


async def measure(url: str, mode: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    latencies: list[float] = []
    remaining = iter(range(requests))
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        registered = await client.post(
            "/graphql",
            json={
                "query": QUERY,
                "variables": VARIABLES,
                "extensions": json.loads(get_params()["extensions"]),
            },
        )
        etag = (await client.get("/graphql", params=get_params())).headers.get("etag", "")
        assert registered.status_code == 200 and "errors" not in registered.json(), registered.text

        async def one() -> int:
            if mode == "post":
                response = await client.post("/graphql", json={"query": QUERY, "variables": VARIABLES})
            else:
                headers = {"If-None-Match": etag} if mode == "304" else {}
                response = await client.get("/graphql", params=get_params(), headers=headers)
            return response.status_code

        async def worker() -> None:
            for _ in remaining:
                started = time.perf_counter()
                status = await one()
                latencies.append(time.perf_counter() - started)
                assert status == (304 if mode == "304" else 200), status

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        requests / elapsed,
        statistics.median(latencies) * 1000,
        latencies[int(len(latencies) * 0.95)] * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    url = demo_database()
    print(f"backend: {url.split(':')[0]}, {args.requests} requests per way, concurrency {args.concurrency}")
    ways = [
        ("POST, query text", "post", "0"),
        ("GET persisted, no cache", "get", "0"),
        ("GET persisted, cache 5 s", "get", "5"),
        ("GET If-None-Match (304)", "304", "5"),
    ]
    baseline = 0.0
    for label, mode, cache_seconds in ways:
        with serve_in_subprocess(url, response_cache_seconds=cache_seconds) as server_url:
            rate, p50, p95 = asyncio.run(measure(server_url, mode, args.requests, args.concurrency))
        baseline = baseline or rate
        print(
            f"{label:26} {rate:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   x{rate / baseline:5.2f}"
        )


if __name__ == "__main__":
    main()
