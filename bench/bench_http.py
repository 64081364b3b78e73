"""Requests per second over HTTP, side by side with stock Strawberry, plain Starlette and PostGraphile.

Usage: python bench/bench_http.py [--duration 10] [--connections 16] [--generator auto|wrk|python]
                                  [--no-postgraphile]

Measured in one run, each server alone in its own process (one uvicorn worker), with
the same load generator (wrk when installed, fixed connections, fixed duration):

- ``{ __typename }`` on Kennispunt (anonymous and with a bearer token), on stock
  Strawberry (`bench/peers/strawberry_http.py`) and on plain Starlette returning the
  same JSON (`bench/peers/starlette_json.py`);
- a page of 20 published articles with their topic, anonymous and signed in, on a
  fresh SQLite file with the demo data (plus copies of its articles so that 40 are
  published) and, when KENNISPUNT_DATABASE_URL points at PostgreSQL, on that database
  too (its content is replaced by the same data);
- on PostgreSQL, PostGraphile 4 (`bench/peers/postgraphile/`, installed from its lock
  file with ``npm ci`` on first use) on the same database, serving the same page;
  skipped with a note when it cannot install.

Each answer is checked once before the load (status 200, no errors, 20 articles). Prints
req/s, p50/p99 latency, the ratio to stock Strawberry's ``{ __typename }`` and, for the
page on PostgreSQL, the ratio to PostGraphile.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    ServerProcess,
    fresh_sqlite_url,
    kennispunt_server,
    migrated_database,
    peer_server,
    postgres_url,
    raise_open_files_limit,
    seed_demo,
    verified_members,
)
from bench.loadgen import Load, generator_name, load
from kennispunt.db import Database
from kennispunt.parties.models import Party
from tests.conftest import free_port
from tests.npm import NpmError, ensure_node_modules

TYPENAME = "{ __typename }"
PAGE = "{ articles(first: 20) { edges { node { title summary publishedAt topic { name } } } } }"
POSTGRAPHILE_PAGE = (
    '{ allArticles(first: 20, condition: {status: "PUBLISHED"}, orderBy: PUBLISHED_AT_DESC) '
    "{ nodes { title summary publishedAt topicByTopicId { name } } } }"
)
PUBLISHED = 40


@dataclass
class Row:
    label: str
    load: Load


@dataclass
class Options:
    duration: float
    connections: int
    threads: int
    generator: str


def check(url: str, query: str, headers: dict[str, str]) -> None:
    """One request before the load: the answer must be right, or the figures mean nothing."""
    response = httpx.post(url, json={"query": query}, headers=headers, timeout=30)
    result: dict[str, Any] = response.json()
    assert response.status_code == 200 and "errors" not in result, response.text
    data = result["data"]
    if "articles" in data:
        assert len(data["articles"]["edges"]) == 20, data
    if "allArticles" in data:
        assert len(data["allArticles"]["nodes"]) == 20, data


def measure(options: Options, label: str, url: str, query: str, token: str | None = None) -> Row:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    check(url, query, headers)
    body = json.dumps({"query": query})
    result = load(
        url, body, headers, connections=options.connections, duration=options.duration,
        threads=options.threads, generator=options.generator,
    )  # fmt: skip
    print(f"  {label}: {result.requests_per_second:.0f} req/s", flush=True)
    return Row(label, result)


async def member_token(url: str) -> str:
    """A bearer token of a verified member of a demo party, made through the services."""
    db = Database(url)
    async with db.session() as session:
        party = await session.scalar(select(Party).order_by(Party.id).limit(1))
    assert party is not None
    [(_, token)] = await verified_members(db, party, 1, "http-bench-")
    await db.dispose()
    return token


POSTGRAPHILE = Path(__file__).resolve().parent / "peers" / "postgraphile"


def postgraphile_installs() -> str | None:
    """None when PostGraphile is installed (``npm ci`` from its committed lock file on
    first use, as the tests install their npm packages); otherwise why not."""
    try:
        ensure_node_modules(
            POSTGRAPHILE, "postgraphile", minimum_node=(18, 0), purpose="the PostGraphile peer needs it"
        )
    except (NpmError, subprocess.TimeoutExpired) as error:
        return str(error).splitlines()[0]
    return None


@contextmanager
def postgraphile(database_url: str) -> Iterator[ServerProcess]:
    port = free_port()
    connection = "postgres://" + database_url.split("://", 1)[1]
    command = [
        "node", str(POSTGRAPHILE / "node_modules" / "postgraphile" / "cli.js"), "-c", connection,
        "--schema", "public", "--host", "127.0.0.1", "--port", str(port), "--disable-query-log",
    ]  # fmt: skip
    server = ServerProcess("postgraphile", command, port, {"NODE_ENV": "production"})
    server.start(timeout=120)
    try:
        yield server
    finally:
        server.stop()


def measure_kennispunt(options: Options, backend: str, url: str, with_typename: bool) -> list[Row]:
    migrated_database(url)
    asyncio.run(seed_demo(url, published_articles=PUBLISHED))
    token = asyncio.run(member_token(url))
    rows = []
    with kennispunt_server(url) as server:
        endpoint = server.url + "/graphql"
        if with_typename:
            rows.append(measure(options, "Kennispunt { __typename }", endpoint, TYPENAME))
            rows.append(measure(options, "Kennispunt { __typename }, signed in", endpoint, TYPENAME, token))
        rows.append(measure(options, f"Kennispunt page of 20, {backend}", endpoint, PAGE))
        rows.append(measure(options, f"Kennispunt page of 20, {backend}, signed in", endpoint, PAGE, token))
    return rows


def report(rows: list[Row], stock: Row, postgraphile_row: Row | None, options: Options) -> None:
    print()
    print(
        f"{rows[0].load.generator}, {options.connections} connections, {options.duration:g} s each, "
        f"{options.threads} generator thread(s); the generator shares the machine's cores with the server"
    )
    print(
        f"{'':48} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'x stock':>8} {'x PostGraphile':>15}"
    )
    for row in rows:
        result = row.load
        versus_postgraphile = ""
        if postgraphile_row is not None and "postgresql" in row.label:
            versus_postgraphile = (
                f"{result.requests_per_second / postgraphile_row.load.requests_per_second:.3f}"
            )
        print(
            f"{row.label:48} {result.requests_per_second:8.0f} {result.p50_ms:8.2f} {result.p99_ms:8.2f} "
            f"{result.failures:7d} {result.requests_per_second / stock.load.requests_per_second:8.3f} "
            f"{versus_postgraphile:>15}"
        )
    print("x stock: req/s divided by stock Strawberry's { __typename } in this run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per measurement")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-postgraphile", action="store_true", help="skip the PostGraphile peer")
    args = parser.parse_args()
    options = Options(args.duration, args.connections, args.threads, generator_name(args.generator))
    raise_open_files_limit()

    rows: list[Row] = []
    with peer_server("stock Strawberry", "strawberry_http:app") as peer:
        stock = measure(options, "stock Strawberry { __typename }", peer.url + "/", TYPENAME)
    with peer_server("plain Starlette", "starlette_json:app") as peer:
        raw = measure(options, "plain Starlette, the same JSON", peer.url + "/graphql", TYPENAME)
    rows += [stock, raw]
    rows += measure_kennispunt(options, "sqlite", fresh_sqlite_url(), with_typename=True)

    postgraphile_row = None
    postgres = postgres_url()
    if postgres is None:
        print("PostgreSQL: skipped (KENNISPUNT_DATABASE_URL does not point at PostgreSQL)")
    else:
        rows += measure_kennispunt(options, "postgresql", postgres, with_typename=False)
        why_not = None if not args.no_postgraphile else "--no-postgraphile"
        why_not = why_not or postgraphile_installs()
        if why_not:
            print(f"PostGraphile: skipped ({why_not})")
        else:
            with postgraphile(postgres) as peer:
                postgraphile_row = measure(
                    options, "PostGraphile 4 page of 20, postgresql", peer.url + "/graphql", POSTGRAPHILE_PAGE
                )
            rows.append(postgraphile_row)
    report(rows, stock, postgraphile_row, options)


if __name__ == "__main__":
    main()
