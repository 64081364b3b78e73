"""The test harness: a real database, a real server over HTTP, real services for setup.

By default the suite runs on a SQLite file and the in-memory broker. With
``KENNISPUNT_DATABASE_URL`` (and ``KENNISPUNT_REDIS_URL``) set, the same suite runs on
PostgreSQL (and Redis); the database is emptied first, so point it at a test database.
"""

from __future__ import annotations

import asyncio
import faulthandler
import gc
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import Result
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine
from typer.testing import CliRunner

from kennispunt import ratelimit
from kennispunt.app import create_app
from kennispunt.cli import app as cli_app
from kennispunt.db import Database
from kennispunt.demo.loader import clear
from kennispunt.migrate import upgrade
from kennispunt.settings import Settings, get_settings, normalize_database_url

EXIT_DEADLINE_SECONDS = 120
"""Once pytest is done, the process has this long to exit (see `pytest_unconfigure`)."""


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """After the last test (pytest-timeout guards each test, its setup and its teardown),
    a thread or connection that keeps the interpreter from exiting fails loudly: every
    thread's stack on stderr, then exit code 1, instead of sitting idle."""
    faulthandler.dump_traceback_later(EXIT_DEADLINE_SECONDS, exit=True, file=sys.__stderr__)


def _database_url() -> str:
    configured = os.environ.get("KENNISPUNT_DATABASE_URL")
    if configured:
        return normalize_database_url(configured)
    path = Path(tempfile.mkdtemp(prefix="kennispunt-test-")) / "test.db"
    return f"sqlite+aiosqlite:///{path}"


async def _reset_postgres(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(scope="session")
async def database_url() -> str:
    url = _database_url()
    if url.startswith("postgresql"):
        await _reset_postgres(url)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=os.environ.get("KENNISPUNT_REDIS_URL") or None,
        demo_mode=False,  # as in production; tests of demo mode start a server of their own
        anonymous_rate="100000/minute",  # the suite is one busy visitor; tests/test_partner_access.py limits it
        response_cache_seconds=0,  # tests see every write at once; tests/test_persisted_queries.py turns it on
        credential_cache_seconds=0,  # the same for tokens, sessions and keys; tests/test_credential_cache.py turns it on
    )


@pytest.fixture(scope="session")
async def db(database_url: str) -> AsyncIterator[Database]:
    """The test's own connection to the database, for setting up data through services."""
    database = Database(database_url)
    yield database
    await database.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    app: Any

    @property
    def db(self) -> Database:
        return self.app.state.db  # type: ignore[no-any-return]


def loop_thread(run: Callable[[], object], name: str) -> threading.Thread:
    """A started daemon thread that runs ``run`` (an event loop of its own), then collects
    its own garbage: a connection that loop left behind is finalized in this thread, not
    by the tests' thread, whose garbage collector would close it on the tests' loop
    (SQLAlchemy closes a collected connection through the greenlet it finds itself in).
    """

    def run_then_collect() -> None:
        try:
            run()
        finally:
            gc.collect()

    thread = threading.Thread(target=run_then_collect, name=name, daemon=True)
    thread.start()
    return thread


SERVER_STOP_SECONDS = 30
"""How long a test server may take to stop: uvicorn gives open requests and WebSockets
10 s, then the lifespan stops the watchers and disposes of the engine."""


@contextmanager
def run_server(settings: Settings, port: int | None = None) -> Iterator[RunningServer]:
    """The real app under uvicorn on a (free) loopback port, in a thread of its own."""
    port = port or free_port()
    app = create_app(settings.model_copy(update={"public_url": f"http://127.0.0.1:{port}"}))
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=10
    )
    server = uvicorn.Server(config)
    thread = loop_thread(server.run, f"test server :{port}")
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield RunningServer(url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=SERVER_STOP_SECONDS)
        if thread.is_alive():  # a hang fails loudly, here, instead of surfacing later
            raise RuntimeError(f"the test server on port {port} did not stop within {SERVER_STOP_SECONDS} s")


@pytest.fixture(scope="session")
def server(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings) as running:
        yield running


@contextmanager
def limits_changed(app: Any, **changes: Any) -> Iterator[None]:
    """The app's limits (`kennispunt.app_limits.Limits`) with ``changes``, until the block ends."""
    saved = app.state.limits
    app.state.limits = replace(saved, **changes)
    try:
        yield
    finally:
        app.state.limits = saved


@pytest.fixture(scope="session")
def rate_counter(settings: Settings) -> ratelimit.Counter:
    """Counts where the test servers count (memory, or the suite's Redis)."""
    return ratelimit.Counter(settings.redis_url)


@pytest.fixture(autouse=True)
async def clean_database(db: Database, rate_counter: ratelimit.Counter) -> None:
    """Every test starts with only the municipalities, and with no rate limit used up."""
    async with db.transaction() as session:
        await clear(session)
    await rate_counter.reset()


class GraphQLClient:
    """Posts operations over real HTTP and returns the decoded JSON."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        language: str | None = None,
        expect_status: int = 200,
    ) -> dict[str, Any]:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if language:
            headers["Accept-Language"] = language
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == expect_status, response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
async def http(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


class StatementCounter:
    def __init__(self, include_background: bool) -> None:
        self.count = 0
        self.include_background = include_background

    def __call__(self, connection: Any, *_args: Any) -> None:
        if self.include_background or not connection.get_execution_options().get("kennispunt_background"):
            self.count += 1


@contextmanager
def count_statements(database: Database, *, include_background: bool = False) -> Iterator[StatementCounter]:
    """Counts the SQL statements the server sends while the block runs; the watchers'
    polls (`Database.background_session`) only with ``include_background``."""
    counter = StatementCounter(include_background)
    event.listen(database.engine.sync_engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", counter)


@pytest.fixture
def cli_env(database_url: str) -> Iterator[dict[str, str]]:
    """The CLI reads its settings from the environment; they are cached, so clear them around it."""
    get_settings.cache_clear()
    yield {"KENNISPUNT_DATABASE_URL": database_url}
    get_settings.cache_clear()


async def run_cli(env: dict[str, str], *args: str) -> Result:
    """The CLI runs its own event loop, so it gets a thread of its own."""
    return await asyncio.to_thread(CliRunner().invoke, cli_app, list(args), env=env)
