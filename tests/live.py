"""A graphql-transport-ws client for tests, and a Redis server of a test's own."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

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

    async def subscribe(self, operation_id: str, query: str, variables: dict[str, Any] | None = None, **more: Any) -> None:
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
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers  # type: ignore[list-item]
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
