"""Database access: the declarative base, the engine, read sessions and write units of work.

Read paths open a short session per resolver or loader batch (`Database.session`); a
mutation gets one unit of work (`Database.transaction`) that commits or rolls back as a
whole. On SQLite a unit of work starts with ``BEGIN IMMEDIATE``, so concurrent writers
queue up instead of failing halfway; on PostgreSQL services lock the rows they count.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
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


class Database:
    """The engine and session factories of one process."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30}
        else:
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        write_engine = self.engine.execution_options(kennispunt_write=True)
        self._write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)
        background_engine = self.engine.execution_options(kennispunt_background=True)
        self._background_sessions = async_sessionmaker(background_engine, expire_on_commit=False, autoflush=False)
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
    """Let SQLAlchemy, not the sqlite3 module, decide where transactions begin."""

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("kennispunt_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
