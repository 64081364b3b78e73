"""One forum reply to N subscribers of one thread: latency, memory, CPU and SQL per event.

Usage: python bench/bench_fanout.py [--subscribers 1000 5000 10000] [--replies 3] [--missed 3]
                                    [--clients 4] [--modes single cross peer] [--timeout 600]

Every subscriber is a signed-in verified member (made through the domain services, in
bulk) holding a real WebSocket that speaks graphql-transport-ws, subscribed to
``threadActivity`` with a selection that includes per-viewer fields (``viewerFollows``,
``unreadCount``, ``viewerReacted``); every tenth follows the thread, so those fields
differ between subscribers and each subscriber checks that its own ``viewerFollows``
came back. The subscribers are spread over ``--clients`` processes
(`bench/fanout_client.py`), each holding many connections from its own loopback address.

Per N and per mode it prints:

- latency p50/p95/max from the moment the ``postReply`` HTTP response arrives at the
  poster to each subscriber's receipt, over ``--replies`` replies posted one at a time
  (after one untimed warm-up reply that proves every subscription is live). All moments
  are CLOCK_MONOTONIC, which on Linux is one clock for every process on the machine;
- KiB of server RSS per idle subscribed socket: (RSS once the server is quiet after all
  subscribed - RSS before any connection) / N;
- the CPU seconds the server(s) and the client processes spent on the measured replies
  (they share the machine's 2 cores: a busy client delays receipts too);
- SQL statements per published event, the mutation's own included: the server runs as
  ``kennispunt serve`` under `bench/counted_serve.py`, which counts every statement the
  process sends (a listener on SQLAlchemy's Engine class; no hook in the app);
- a reconnect storm (mode ``single``): every client disconnects, ``--missed`` replies are
  posted, then all N reconnect at once with ``after:`` the cursor of the last reply they
  saw; the time until each, and all, have received the missed replies.

Modes: ``single`` one server process (broker: KENNISPUNT_REDIS_URL or memory);
``cross`` two server processes and Redis (KENNISPUNT_REDIS_URL, or a redis-server the
bench starts), subscribers split over both, the reply posted to the first; ``peer`` stock
Strawberry + broadcaster (`bench/peers/strawberry_live.py`), the same operations, no
database. Ratios: p95 single / peer and cross / single. Database: KENNISPUNT_DATABASE_URL,
or a fresh SQLite file. A run that cannot finish in ``--timeout`` seconds per reply
reports what arrived and how many receipts are missing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    ServerProcess,
    kennispunt_server,
    migrated_database,
    monotonic,
    peer_server,
    raise_open_files_limit,
    verified_members,
)
from graph.ids import encode_id
from kennispunt.accounts.service import load_viewer
from kennispunt.db import Database
from kennispunt.demo.loader import clear
from kennispunt.forum.posting import follow_thread
from kennispunt.parties.service import party_by_slug
from tests.factories import make_category, make_thread, make_token, make_verified_member
from tests.live import RedisServer

ACTIVITY = """
subscription ($thread: ID!, $after: String) {
  threadActivity(threadId: $thread, after: $after) {
    cursor kind
    thread { title replyCount viewerFollows unreadCount }
    reply { id body bodyHtml author { displayName party { name } } reactions { kind count viewerReacted } }
  }
}
"""
REPLY = (
    "mutation ($thread: ID!, $body: String!) "
    "{ postReply(input: {threadId: $thread, body: $body}) { reply { id } errors { code } } }"
)
FOLLOW_EVERY = 10


@dataclass
class Audience:
    """A thread, its writer, and the subscribers (token, follows the thread)."""

    thread_id: str
    writer_token: str
    subscribers: list[tuple[str, bool]]


@dataclass
class Storm:
    reconnect_seconds: float
    all_received_seconds: float
    p50_ms: float
    p95_ms: float
    retries: int
    failed: int
    missing: int
    errors: int
    first_error: str | None
    sql_statements: int | None


@dataclass
class Fanout:
    label: str
    subscribers: int
    latencies_ms: list[float] = field(default_factory=list)
    missing: int = 0
    wrong_viewer: int = 0
    errors: int = 0
    first_error: str | None = None
    open_failed: int = 0
    open_seconds: float = 0.0
    kib_per_socket: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    sql_per_event: float | None = None
    mutation_ms: list[float] = field(default_factory=list)
    storm: Storm | None = None

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


# --- data -------------------------------------------------------------------------


async def seed(url: str, count: int) -> Audience:
    """An empty database but for one thread, its writer and ``count`` verified members."""
    db = Database(url)
    async with db.transaction() as session:
        await clear(session)
    category = await make_category(db)
    author = await make_verified_member(db, "auteur@bench.example.org", "Anna Auteur")
    thread = await make_thread(db, author, category, "Hoe werven jullie leden?")
    writer = await make_token(
        db, await make_verified_member(db, "schrijver@bench.example.org", "Daan Schrijver")
    )
    async with db.session() as session:
        party = await party_by_slug(session, "lokaal-utrecht")
    assert party is not None
    members = await verified_members(db, party, count, "lezer-")
    async with db.transaction() as session:
        for user_id, _ in members[::FOLLOW_EVERY]:
            await follow_thread(session, await load_viewer(session, user_id), thread.id)
    await db.dispose()
    subscribers = [(token, number % FOLLOW_EVERY == 0) for number, (_, token) in enumerate(members)]
    return Audience(encode_id("Thread", thread.id), writer, subscribers)


# --- the client processes ---------------------------------------------------------


class ClientPool:
    """Client processes (`bench/fanout_client.py`), each with a share of the subscribers."""

    def __init__(
        self,
        processes: int,
        urls: Sequence[str],
        audience: Audience,
        count: int,
        knows_viewers: bool,
        compression: bool,
    ) -> None:
        """``knows_viewers``: the server answers ``viewerFollows`` per subscriber (the peer does not)."""
        subscribers = audience.subscribers[:count]
        self.processes = []
        for number in range(processes):
            share = [
                {"url": urls[index % len(urls)], "token": token, "follows": follows and knows_viewers}
                for index, (token, follows) in enumerate(subscribers)
                if index % processes == number
            ]
            config = {
                "query": ACTIVITY,
                "variables": {"thread": audience.thread_id},
                "source": f"127.0.0.{2 + number}",  # each process its own range of ephemeral ports
                "compression": "deflate" if compression else None,
                "subscribers": share,
            }
            process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("fanout_client.py"))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert process.stdin is not None
            process.stdin.write(json.dumps(config) + "\n")
            process.stdin.flush()
            self.processes.append(process)

    def command(self, command: dict[str, Any]) -> list[dict[str, Any]]:
        """Send the command to every process at once, then collect each answer."""
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write(json.dumps(command) + "\n")
            process.stdin.flush()
        answers = []
        for process in self.processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"a client process exited with {process.wait()}")
            answers.append(json.loads(line))
        return answers

    def cpu_seconds(self) -> float:
        return sum(answer["cpu_seconds"] for answer in self.command({"cmd": "usage"}))

    def quit(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                assert process.stdin is not None
                process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                process.stdin.flush()
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def client_pool(
    args: argparse.Namespace, urls: Sequence[str], audience: Audience, count: int, knows_viewers: bool = True
) -> Iterator[ClientPool]:
    pool = ClientPool(args.clients, urls, audience, count, knows_viewers, args.compression)
    try:
        yield pool
    finally:
        pool.quit()


# --- measuring --------------------------------------------------------------------


class Poster:
    """Posts replies over one warm HTTP connection; times the response's arrival."""

    def __init__(self, url: str, thread_id: str, token: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=600, headers={"Authorization": f"Bearer {token}"})
        self.thread_id = thread_id

    def post(self, body: str) -> tuple[float, float]:
        """(seconds the mutation took, the moment its response arrived)."""
        sent = monotonic()
        response = self.http.post(
            "/graphql", json={"query": REPLY, "variables": {"thread": self.thread_id, "body": body}}
        )
        arrived = monotonic()
        result = response.json()
        assert response.status_code == 200 and result["data"]["postReply"]["errors"] == [], response.text
        return arrived - sent, arrived


def settle(
    servers: Sequence[ServerProcess], quiet_cpu: float = 0.05, interval: float = 0.5, limit: float = 120
) -> None:
    """Wait until the servers spend less than ``quiet_cpu`` CPU seconds per ``interval``."""
    deadline = time.monotonic() + limit
    before = sum(server.cpu_seconds() for server in servers)
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = sum(server.cpu_seconds() for server in servers)
        if now - before < quiet_cpu:
            return
        before = now


def sql_statements(servers: Sequence[ServerProcess]) -> int | None:
    if any(server.stats_file is None for server in servers):
        return None
    return sum(server.sql_statements() for server in servers)


def deliver(
    pool: ClientPool, poster: Poster, body: str, timeout: float, result: Fanout
) -> dict[str, str | None]:
    """Post one reply, wait for every receipt, add the latencies to ``result``; returns the cursors."""
    took, arrived = poster.post(body)
    result.mutation_ms.append(took * 1000)
    answers = pool.command({"cmd": "wait", "bodies": [body], "timeout": timeout})
    for answer in answers:
        result.latencies_ms += [(moment - arrived) * 1000 for moment in answer["received"][body]]
        result.missing += answer["missing"]
        result.first_error = result.first_error or answer["error"]
    # the clients count these since they connected
    result.wrong_viewer = max(result.wrong_viewer, sum(answer["wrong_viewer"] for answer in answers))
    result.errors = max(result.errors, sum(answer["errors"] for answer in answers))
    return {body: next((a["cursors"][body] for a in answers if a["cursors"][body]), None)}


def measure(
    label: str,
    servers: Sequence[ServerProcess],
    pool: ClientPool,
    poster: Poster,
    count: int,
    args: argparse.Namespace,
    storm: bool = False,
) -> Fanout:
    result = Fanout(label, count)
    settle(servers)
    rss_before = sum(server.rss_kib() for server in servers)
    opened = pool.command({"cmd": "open", "after": None})
    result.open_seconds = max(answer["seconds"] for answer in opened)
    result.open_failed = sum(answer["failed"] for answer in opened)
    result.first_error = next((answer["error"] for answer in opened if answer["error"]), None)
    settle(servers)
    result.kib_per_socket = (sum(server.rss_kib() for server in servers) - rss_before) / count

    warm_up = Fanout(label, count)
    deliver(pool, poster, f"{label}: warm-up", args.timeout, warm_up)  # every subscription is live after this
    settle(servers)
    server_cpu = sum(server.cpu_seconds() for server in servers)
    client_cpu = pool.cpu_seconds()
    statements = sql_statements(servers)
    cursor = None
    for number in range(args.replies):
        cursor = deliver(pool, poster, f"{label}: reply {number}", args.timeout, result).popitem()[1]
    result.server_cpu = sum(server.cpu_seconds() for server in servers) - server_cpu
    result.client_cpu = pool.cpu_seconds() - client_cpu
    if statements is not None:
        result.sql_per_event = ((sql_statements(servers) or 0) - statements) / args.replies
    if storm and cursor is not None and args.missed > 0:
        result.storm = reconnect_storm(label, servers, pool, poster, cursor, args, result.errors)
    print(f"  {label}: p95 {result.percentile(0.95):.0f} ms", flush=True)
    return result


def reconnect_storm(
    label: str,
    servers: Sequence[ServerProcess],
    pool: ClientPool,
    poster: Poster,
    cursor: str,
    args: argparse.Namespace,
    errors_before: int,
) -> Storm:
    pool.command({"cmd": "close"})
    missed = [f"{label}: missed {number}" for number in range(args.missed)]
    for body in missed:
        poster.post(body)
    settle(servers)
    statements = sql_statements(servers)
    started = monotonic()
    opened = pool.command({"cmd": "open", "after": cursor, "burst": True})
    reconnected = monotonic() - started
    answers = pool.command({"cmd": "wait", "bodies": missed, "timeout": args.timeout})
    complete = sorted((moment - started) * 1000 for answer in answers for moment in answer["complete"])
    after = sql_statements(servers)
    return Storm(
        reconnect_seconds=reconnected,
        all_received_seconds=(complete[-1] / 1000) if complete else float("nan"),
        p50_ms=statistics.median(complete) if complete else float("nan"),
        p95_ms=complete[min(len(complete) - 1, int(len(complete) * 0.95))] if complete else float("nan"),
        retries=sum(answer["retries"] for answer in opened),
        failed=sum(answer["failed"] for answer in opened),
        missing=sum(answer["missing"] for answer in answers),
        errors=sum(answer["errors"] for answer in answers) - errors_before,
        first_error=next((a["error"] for a in [*opened, *answers] if a["error"]), None),
        sql_statements=None if statements is None or after is None else after - statements,
    )


# --- the modes --------------------------------------------------------------------


def run_single(url: str, audience: Audience, count: int, args: argparse.Namespace) -> Fanout:
    with kennispunt_server(url, count_sql=True) as server:
        ws = server.url.replace("http://", "ws://") + "/graphql"
        with client_pool(args, [ws], audience, count) as pool:
            poster = Poster(server.url, audience.thread_id, audience.writer_token)
            return measure("Kennispunt, one process", [server], pool, poster, count, args, storm=True)


@contextmanager
def redis_url() -> Iterator[str | None]:
    configured = os.environ.get("KENNISPUNT_REDIS_URL")
    if configured:
        yield configured
        return
    if shutil.which("redis-server") is None:
        yield None
        return
    redis = RedisServer()
    redis.start()
    try:
        yield redis.url
    finally:
        redis.stop()


def run_cross(url: str, audience: Audience, count: int, args: argparse.Namespace) -> Fanout | None:
    with redis_url() as broker:
        if broker is None:
            print("  cross: skipped (no KENNISPUNT_REDIS_URL and no redis-server)")
            return None
        with (
            kennispunt_server(url, count_sql=True, redis_url=broker) as first,
            kennispunt_server(url, count_sql=True, redis_url=broker) as second,
        ):
            urls = [server.url.replace("http://", "ws://") + "/graphql" for server in (first, second)]
            with client_pool(args, urls, audience, count) as pool:
                poster = Poster(first.url, audience.thread_id, audience.writer_token)
                return measure(
                    "Kennispunt, two processes + Redis", [first, second], pool, poster, count, args
                )


def run_peer(audience: Audience, count: int, args: argparse.Namespace) -> Fanout:
    with peer_server("stock Strawberry + broadcaster", "strawberry_live:app") as peer:
        ws = peer.url.replace("http://", "ws://") + "/graphql"
        with client_pool(args, [ws], audience, count, knows_viewers=False) as pool:
            poster = Poster(peer.url, audience.thread_id, audience.writer_token)
            return measure("stock Strawberry + broadcaster", [peer], pool, poster, count, args)


# --- report -----------------------------------------------------------------------


def report(results: list[Fanout], count: int, args: argparse.Namespace) -> None:
    print()
    print(
        f"N = {count} subscribers, {args.replies} replies each, {args.clients} client processes, "
        f"permessage-deflate {'offered' if args.compression else 'off'}"
    )
    print(
        f"{'':36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'missing':>8} {'KiB/sock':>9} "
        f"{'srv CPU s':>9} {'cli CPU s':>9} {'SQL/event':>10} {'mutation ms':>11}"
    )
    for result in results:
        sql = f"{result.sql_per_event:.0f}" if result.sql_per_event is not None else "-"
        print(
            f"{result.label:36} {statistics.median(result.latencies_ms) if result.latencies_ms else float('nan'):8.0f} "
            f"{result.percentile(0.95):8.0f} {max(result.latencies_ms, default=float('nan')):8.0f} {result.missing:8d} "
            f"{result.kib_per_socket:9.1f} {result.server_cpu:9.2f} {result.client_cpu:9.2f} {sql:>10} "
            f"{statistics.median(result.mutation_ms):11.0f}"
        )
        if result.sql_per_event is not None:
            print(f"{'':36} SQL statements per event per subscriber: {result.sql_per_event / count:.2f}")
        if result.open_failed or result.errors or result.wrong_viewer:
            print(
                f"{'':36} failed to open: {result.open_failed}, error messages: {result.errors}, "
                f"wrong viewerFollows: {result.wrong_viewer}; first error: {result.first_error}"
            )
        if result.storm:
            storm = result.storm
            print(
                f"{'':36} reconnect storm ({args.missed} missed replies): all {count} reconnected in "
                f"{storm.reconnect_seconds:.1f} s ({storm.retries} retries, {storm.failed} failed); missed replies at "
                f"p50 {storm.p50_ms:.0f} ms, p95 {storm.p95_ms:.0f} ms, all {storm.all_received_seconds:.1f} s; "
                f"missing {storm.missing}; SQL {storm.sql_statements}"
            )
            if storm.errors:
                print(f"{'':36} reconnect storm: {storm.errors} error messages; first: {storm.first_error}")
    by_label = {
        result.label.split(",")[0] + ("/cross" if "two" in result.label else ""): result for result in results
    }
    single, cross, peer = (
        by_label.get("Kennispunt"),
        by_label.get("Kennispunt/cross"),
        by_label.get("stock Strawberry + broadcaster"),
    )
    if single and peer:
        print(
            f"p95 Kennispunt / stock Strawberry + broadcaster: {single.percentile(0.95) / peer.percentile(0.95):.2f}"
        )
    if single and cross:
        print(f"p95 cross-instance / one process: {cross.percentile(0.95) / single.percentile(0.95):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--subscribers", type=int, nargs="+", default=[1000], help="N, one run each (1000 5000 10000)"
    )
    parser.add_argument("--replies", type=int, default=3, help="measured replies per run")
    parser.add_argument(
        "--missed", type=int, default=3, help="replies missed in the reconnect storm (0: no storm)"
    )
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument(
        "--modes", nargs="+", choices=["single", "cross", "peer"], default=["single", "cross", "peer"]
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for one reply's receipts")
    parser.add_argument(
        "--no-compression", dest="compression", action="store_false",
        help="clients do not offer permessage-deflate (browsers do; uvicorn accepts it)",
    )  # fmt: skip
    args = parser.parse_args()
    limit = raise_open_files_limit()
    if max(args.subscribers) + 100 > limit:
        sys.exit(
            f"open files limit {limit} is too low for {max(args.subscribers)} subscribers in one server process"
        )

    url = migrated_database()
    started = time.monotonic()
    audience = asyncio.run(seed(url, max(args.subscribers)))
    broker = os.environ.get("KENNISPUNT_REDIS_URL") and "redis" or "memory"
    print(
        f"backend: {url.split(':')[0]}, broker (one process): {broker}; {max(args.subscribers)} members made in "
        f"{time.monotonic() - started:.0f} s; open files limit {limit} per process",
        flush=True,
    )
    for count in args.subscribers:
        results = []
        if "single" in args.modes:
            results.append(run_single(url, audience, count, args))
        if "cross" in args.modes and (cross := run_cross(url, audience, count, args)) is not None:
            results.append(cross)
        if "peer" in args.modes:
            results.append(run_peer(audience, count, args))
        report(results, count, args)


if __name__ == "__main__":
    main()
