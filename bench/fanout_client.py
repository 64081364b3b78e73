"""One client process of `bench/bench_fanout.py`: many graphql-transport-ws subscribers.

Run by the bench, not by hand. The first line on stdin is the configuration::

    {"query": "...", "variables": {...}, "source": "127.0.0.2", "compression": "deflate" or null,
     "subscribers": [{"url": "ws://...", "token": "...", "follows": true}, ...]}

then one command per line, each answered with one JSON line on stdout:

- ``{"cmd": "open", "after": cursor or null, "burst": false}``: connect every subscriber
  (``connection_init`` with its bearer token, then ``subscribe``). Without ``burst`` at
  most 100 handshakes are in flight; with it all start at once, and a refused or failed
  connection is retried after a random 0.1-1 s (what a client does in a reconnect storm).
- ``{"cmd": "wait", "bodies": [...], "timeout": 60}``: wait until every subscriber has
  received a reply with each body, or an error instead (at most ``timeout`` seconds); answers the receipt times of each body and, per
  subscriber that has them all, of the last one (CLOCK_MONOTONIC, shared by all
  processes on the machine), the cursor of each body, and what went wrong.
- ``{"cmd": "close"}``, ``{"cmd": "usage"}`` (this process's CPU seconds and RSS), ``{"cmd": "quit"}``.

The reader of each socket only takes the time and decodes the JSON, so the client's
own cost per message stays small; the bench reports the client's CPU beside the figures.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
from pathlib import Path
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.system import monotonic, raise_open_files_limit

HANDSHAKES_IN_FLIGHT = 100
BURST_ATTEMPTS = 20


class Subscriber:
    def __init__(self, url: str, token: str, follows: bool) -> None:
        self.url = url
        self.token = token
        self.follows = follows
        self.connection: ClientConnection | None = None
        self.received: dict[str, float] = {}
        self.cursors: dict[str, str] = {}
        self.wrong_viewer = 0
        self.errors: list[str] = []
        self.reader: asyncio.Task[None] | None = None

    async def open(self, query: str, variables: dict[str, Any], source: str, compression: str | None) -> None:
        connection = await websockets.connect(
            self.url,
            compression=compression,  # "deflate": offer permessage-deflate, as browsers do
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            max_queue=None,
            ping_interval=None,  # browsers send no WebSocket pings either
            open_timeout=120,
            local_addr=(source, 0),
        )
        try:
            await connection.send(
                json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {self.token}"}})
            )
            ack = json.loads(await asyncio.wait_for(connection.recv(), 120))
            if ack.get("type") != "connection_ack":
                raise RuntimeError(f"no connection_ack: {ack}")
            await connection.send(
                json.dumps(
                    {"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}
                )
            )
        except BaseException:
            await connection.close()
            raise
        self.connection = connection
        self.reader = asyncio.create_task(self.read(connection))

    async def read(self, connection: ClientConnection) -> None:
        try:
            async for raw in connection:
                moment = monotonic()
                message = json.loads(raw)
                payload = message.get("payload") or {}
                activity = (payload.get("data") or {}).get("threadActivity") or {}
                if message.get("type") != "next" or "errors" in payload or not activity.get("reply"):
                    self.errors.append(str(raw)[:300])  # an error, or an event that came without its reply
                    continue
                body = activity["reply"]["body"]
                self.received[body] = moment
                self.cursors[body] = activity["cursor"]
                if activity["thread"]["viewerFollows"] is not self.follows:
                    self.wrong_viewer += 1
        except websockets.ConnectionClosed:
            pass

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
            self.connection = None
        if self.reader is not None:
            await self.reader


class Clients:
    def __init__(self, config: dict[str, Any]) -> None:
        self.query: str = config["query"]
        self.variables: dict[str, Any] = config["variables"]
        self.source: str = config["source"]
        self.compression: str | None = config.get("compression")
        self.subscribers = [Subscriber(s["url"], s["token"], s["follows"]) for s in config["subscribers"]]

    async def open(self, after: str | None, burst: bool) -> dict[str, Any]:
        variables = {**self.variables, "after": after}
        gate = asyncio.Semaphore(len(self.subscribers) if burst else HANDSHAKES_IN_FLIGHT)
        retries = 0
        errors: list[str] = []

        async def one(subscriber: Subscriber) -> bool:
            nonlocal retries
            for attempt in range(BURST_ATTEMPTS if burst else 1):
                try:
                    async with gate:
                        await subscriber.open(self.query, variables, self.source, self.compression)
                    return True
                except (
                    OSError,
                    TimeoutError,
                    ValueError,
                    RuntimeError,
                    websockets.WebSocketException,
                ) as error:
                    # refused, reset, timed out, rejected: as a real client sees it
                    errors.append(f"{type(error).__name__}: {error}"[:300])
                    if attempt + 1 < (BURST_ATTEMPTS if burst else 1):
                        retries += 1
                        await asyncio.sleep(random.uniform(0.1, 1.0))
            return False

        started = monotonic()
        opened = await asyncio.gather(*(one(subscriber) for subscriber in self.subscribers))
        return {
            "opened": sum(opened),
            "failed": len(opened) - sum(opened),
            "retries": retries,
            "seconds": monotonic() - started,
            "error": errors[0] if errors else None,
        }

    async def wait(self, bodies: list[str], timeout: float) -> dict[str, Any]:
        deadline = monotonic() + timeout
        errors_before = [len(subscriber.errors) for subscriber in self.subscribers]

        def settled(subscriber: Subscriber, errors: int) -> bool:
            """Has every body, or was sent an error since the wait began (that body will not come)."""
            return len(subscriber.errors) > errors or all(body in subscriber.received for body in bodies)

        while monotonic() < deadline and not all(map(settled, self.subscribers, errors_before)):
            await asyncio.sleep(0.05)
        cursors = {}
        for body in bodies:
            cursors[body] = next((s.cursors[body] for s in self.subscribers if body in s.cursors), None)
        errors = [error for subscriber in self.subscribers for error in subscriber.errors]
        return {
            "received": {
                body: [s.received[body] for s in self.subscribers if body in s.received] for body in bodies
            },
            "complete": [
                max(s.received[body] for body in bodies)
                for s in self.subscribers
                if all(b in s.received for b in bodies)
            ],
            "missing": sum(body not in s.received for s in self.subscribers for body in bodies),
            "wrong_viewer": sum(s.wrong_viewer for s in self.subscribers),
            "cursors": cursors,
            "errors": len(errors),
            "error": errors[0] if errors else None,
        }

    async def close(self) -> dict[str, Any]:
        await asyncio.gather(*(subscriber.close() for subscriber in self.subscribers))
        return {"closed": len(self.subscribers)}


def usage() -> dict[str, Any]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    rss = next(
        line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:")
    )
    return {"cpu_seconds": own.ru_utime + own.ru_stime, "rss_kib": int(rss.split()[1])}


async def serve_commands() -> None:
    clients = Clients(json.loads(await asyncio.to_thread(sys.stdin.readline)))
    while line := await asyncio.to_thread(sys.stdin.readline):
        command = json.loads(line)
        match command["cmd"]:
            case "open":
                answer = await clients.open(command.get("after"), command.get("burst", False))
            case "wait":
                answer = await clients.wait(command["bodies"], command["timeout"])
            case "close":
                answer = await clients.close()
            case "usage":
                answer = usage()
            case "quit":
                await clients.close()
                return
            case other:
                answer = {"error": f"unknown command {other}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    raise_open_files_limit()
    asyncio.run(serve_commands())
