"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, pool, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from kennispunt.migrate import downgrade, include_object, upgrade
from kennispunt.models import Base
from kennispunt.settings import normalize_database_url

T = TypeVar("T")

POSTGRES_URL = normalize_database_url(os.environ.get("KENNISPUNT_DATABASE_URL", ""))
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")


def run_in_new_loop(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion on a thread of its own, whether or not a loop is running here."""

    async def main() -> T:
        return await make()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, main()).result()


async def on_connection(url: str, action: Callable[[Connection], T]) -> T:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(action)
    finally:
        await engine.dispose()


def own_postgres_url(url: str) -> str:
    """A database of their own next to the suite's: these tests wipe it, the suite's stays intact."""
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_migrations").render_as_string(hide_password=False)


async def reset_postgres(url: str) -> None:
    name = make_url(url).database
    server = create_async_engine(POSTGRES_URL, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    database = create_async_engine(url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
        async with database.connect() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await server.dispose()
        await database.dispose()


@pytest.fixture(autouse=True)
def clean_database() -> None:
    """Replaces the suite's autouse fixture: these tests bring their own empty database."""


@pytest.fixture
def empty_database_url(tmp_path: Path) -> str:
    """An empty database: a fresh SQLite file, or a PostgreSQL database wiped clean."""
    if ON_POSTGRES:
        url = own_postgres_url(POSTGRES_URL)
        run_in_new_loop(lambda: reset_postgres(url))
        return url
    return f"sqlite+aiosqlite:///{tmp_path / 'kennispunt.db'}"


def schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": include_object}
    )
    return compare_metadata(context, Base.metadata)


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def count_municipalities(connection: Connection) -> int:
    return connection.execute(text("SELECT count(*) FROM municipalities")).scalar_one()


async def test_upgrade_matches_models(empty_database_url: str) -> None:
    upgrade(empty_database_url)  # from inside the running test loop: alembic runs on a worker thread

    assert await on_connection(empty_database_url, schema_differences) == []


async def test_upgrade_loads_municipalities(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    def read(connection: Connection) -> tuple[int, Any]:
        amsterdam = connection.execute(
            text("SELECT name, province FROM municipalities WHERE code = 'GM0363'")
        ).one()
        return count_municipalities(connection), tuple(amsterdam)

    count, amsterdam = await on_connection(empty_database_url, read)
    assert count == 342
    assert amsterdam == ("Amsterdam", "Noord-Holland")


async def test_upgrade_creates_search_table(empty_database_url: str) -> None:
    upgrade(empty_database_url)

    def search_roundtrip(connection: Connection) -> list[Any]:
        if connection.dialect.name == "postgresql":
            insert = (
                "INSERT INTO search_documents VALUES ('article', 1, to_tsvector('dutch', 'verkiezingen'))"
            )
            query = (
                "SELECT object_id FROM search_documents WHERE document @@ to_tsquery('dutch', 'verkiezing')"
            )
        else:
            insert = "INSERT INTO search_documents VALUES ('article', 1, 'verkiez', '', '')"
            query = "SELECT object_id FROM search_documents WHERE search_documents MATCH 'verkiez'"
        connection.execute(text(insert))
        return list(connection.execute(text(query)).scalars())

    assert await on_connection(empty_database_url, search_roundtrip) == [1]


def test_downgrade_to_base_and_upgrade_again(empty_database_url: str) -> None:
    # a plain test: no event loop runs here, so alembic runs on this thread
    upgrade(empty_database_url)
    downgrade(empty_database_url, "base")

    assert run_in_new_loop(lambda: on_connection(empty_database_url, table_names)) == {"alembic_version"}

    upgrade(empty_database_url)

    assert run_in_new_loop(lambda: on_connection(empty_database_url, schema_differences)) == []
    assert run_in_new_loop(lambda: on_connection(empty_database_url, count_municipalities)) == 342
