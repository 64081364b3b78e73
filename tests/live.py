"""A graphql-transport-ws client for tests, a Redis server of a test's own, and server processes."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.conftest import free_port


class Subscription:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def next(self, timeout: float = 10.0) -> dict[str, Any]:
        """The payload of the next message (``next`` or ``error``)."""
        message = json.loads(await asyncio.wait_for(self.connection.recv(), timeout))
        assert message["type"] in ("next", "error"), message
        return message["payload"]  # type: ignore[no-any-return]

    async def nothing_within(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self.connection.recv(), seconds)
        except TimeoutError:
            return True
        return False


@asynccontextmanager
async def subscribe(
    base_url: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> AsyncIterator[Subscription]:
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as connection:  # type: ignore[list-item]
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await connection.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(connection.recv(), 10))
        assert ack == {"type": "connection_ack"}, ack
        operation = {"query": query, "variables": variables or {}}
        await connection.send(json.dumps({"id": "1", "type": "subscribe", "payload": operation}))
        yield Subscription(connection)


class Socket:
    """A graphql-transport-ws connection after ``connection_ack``, for tests that send many
    operations or want to see the connection close."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def subscribe(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None, **more: Any
    ) -> None:
        payload = {"query": query, "variables": variables or {}, **more}
        await self.connection.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))

    async def receive(self, timeout: float = 10.0) -> dict[str, Any]:
        return json.loads(await asyncio.wait_for(self.connection.recv(), timeout))  # type: ignore[no-any-return]

    async def closed(self, timeout: float = 10.0) -> tuple[int | None, str | None]:
        """Wait until the server closes the connection: its close code and reason."""
        try:
            while True:
                await asyncio.wait_for(self.connection.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, None)


@asynccontextmanager
async def open_socket(
    base_url: str, payload: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> AsyncIterator[Socket]:
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(
        url,
        subprotocols=["graphql-transport-ws"],
        additional_headers=headers,  # type: ignore[list-item]
    ) as connection:
        await connection.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        ack = json.loads(await asyncio.wait_for(connection.recv(), 10))
        assert ack == {"type": "connection_ack"}, ack
        yield Socket(connection)


class RedisServer:
    """A redis-server on a free loopback port that a test may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:  # CI machines have it; a laptop with only Python may not
            pytest.skip("redis-server is not installed: the broker-outage test needs a Redis of its own")
        self.process = subprocess.Popen(
            [executable, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket

                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


class ServerProcess:
    """``kennispunt serve`` as a process of its own (another replica), started and stopped at will."""

    def __init__(
        self,
        database_url: str,
        redis_url: str | None,
        *,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = list(args)
        self.env = {
            **os.environ,
            "KENNISPUNT_DATABASE_URL": database_url,
            "KENNISPUNT_REDIS_URL": redis_url or "",
            "KENNISPUNT_LIVE_POLL_SECONDS": "0.5",  # between in-memory brokers only the database connects them
            "KENNISPUNT_PUBLIC_URL": self.url,
            "KENNISPUNT_LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kennispunt.cli", "serve", "--port", str(self.port), *self.args],
            env=self.env,
            cwd=Path(__file__).resolve().parent.parent,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None and time.monotonic() < deadline, "instance did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM, as a container runtime stops a replica; waits until the process is gone."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@contextmanager
def server_process(database_url: str, redis_url: str | None, **options: Any) -> Iterator[ServerProcess]:
    server = ServerProcess(database_url, redis_url, **options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
