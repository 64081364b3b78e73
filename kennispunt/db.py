"""Database access: the declarative base, the engine, read sessions and write units of work.

Read paths open a short session per resolver or loader batch (`Database.session`); a
mutation gets one unit of work (`Database.transaction`) that commits or rolls back as a
whole. On SQLite a unit of work starts with ``BEGIN IMMEDIATE``, so concurrent writers
queue up instead of failing halfway; on PostgreSQL services lock the rows they count.

Read sessions run in autocommit mode: each statement sees what was committed when it
started (PostgreSQL's READ COMMITTED, which a read transaction there gave as well), with
no BEGIN and no ROLLBACK around it. Those are round trips, to the server or to aiosqlite's
thread, and a page of data is often a single statement.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, MetaData, event, exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.types import TypeDecorator

logger = logging.getLogger(__name__)

DISPLAY_TIMEZONE = ZoneInfo("Europe/Amsterdam")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Timestamp(TypeDecorator[datetime]):
    """A point in time: stored in UTC, returned timezone-aware in Dutch local time."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(DISPLAY_TIMEZONE)


AfterCommitHook = Callable[[list[Any]], Awaitable[None]]

IDLE_BEFORE_PING = 10.0
"""A PostgreSQL connection idle in the pool this long is pinged before it is used again."""


class Database:
    """The engine and session factories of one process."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options: dict[str, Any] = {"echo": echo, "hide_parameters": not echo}
        # hide_parameters: a database error's text (logged with unexpected errors) leaves out
        # the statement's values, which hold names, addresses and message bodies.
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30}
        else:
            options.update(pool_size=10, max_overflow=20)
        self.engine: AsyncEngine = create_async_engine(url, **options)
        reading: dict[str, Any] = {"kennispunt_read": True}
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        else:
            _ping_after_idle(self.engine)
            reading["isolation_level"] = "AUTOCOMMIT"
        read_engine = self.engine.execution_options(**reading)
        self._read_sessions = async_sessionmaker(read_engine, expire_on_commit=False, autoflush=False)
        write_engine = self.engine.execution_options(kennispunt_write=True)
        self._write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)
        background_engine = read_engine.execution_options(kennispunt_background=True)
        self._background_sessions = async_sessionmaker(
            background_engine, expire_on_commit=False, autoflush=False
        )
        self.after_commit_hooks: list[AfterCommitHook] = []

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A short read-only session; never share it between concurrently resolving fields."""
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def background_session(self) -> AsyncIterator[AsyncSession]:
        """A read-only session for work no request asked for (the watchers' polls), told
        apart on the connection so that per-request statement counts leave it out."""
        async with self._background_sessions() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: everything commits together or nothing does.

        Events recorded in it (``session.info["events"]``) are handed to the
        after-commit hooks once the commit succeeded.
        """
        async with self._write_sessions() as session:
            async with session.begin():
                yield session
            events: list[Any] = session.info.pop("events", [])
        if events:
            for hook in self.after_commit_hooks:
                try:
                    await hook(events)
                except Exception:  # the write stands; subscribers catch up by replay
                    logger.exception("after-commit hook failed for %d events", len(events))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: units of
    work with ``BEGIN IMMEDIATE``, read sessions not at all (autocommit), anything else
    with ``BEGIN``. A connection that began no transaction has nothing to commit or roll
    back, so that round trip to aiosqlite's thread is left out too."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get("kennispunt_read", False):
            return
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("kennispunt_write", False) else "BEGIN")
        connection.connection.info[_IN_TRANSACTION] = True

    # On this engine's dialect object only, not its class (hence the ignores: mypy refuses
    # assigning to a method).
    dialect = engine.sync_engine.dialect
    dialect.do_rollback = partial(_if_in_transaction, dialect.do_rollback)  # type: ignore[method-assign]
    dialect.do_commit = partial(_if_in_transaction, dialect.do_commit)  # type: ignore[method-assign]


_IN_TRANSACTION = "kennispunt_in_transaction"


def _if_in_transaction(
    end: Callable[[PoolProxiedConnection], None], dbapi_connection: PoolProxiedConnection
) -> None:
    """Commit or roll back (``end``) only what a BEGIN of ours started on SQLite."""
    try:
        info = dbapi_connection.info
    except NotImplementedError:  # SQLAlchemy's own check of a new connection, outside the pool
        end(dbapi_connection)
        return
    if info.get(_IN_TRANSACTION, False):
        end(dbapi_connection)
        info[_IN_TRANSACTION] = False


def _ping_after_idle(engine: AsyncEngine) -> None:
    """What ``pool_pre_ping`` does, only for connections idle for `IDLE_BEFORE_PING`: a
    busy server skips the round trip on every checkout, and after a database restart the
    connections that lay idle meanwhile are found dead and replaced before use (a dead one
    in use is invalidated with the rest of the pool by SQLAlchemy on its first error)."""

    @event.listens_for(engine.sync_engine, "checkin")
    def on_checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def on_checkout(
        dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool replaces it and tries again
            raise exc.DisconnectionError(str(error)) from error
