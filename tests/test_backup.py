"""Backups as the README tells operators to make them, restored and served from.

PostgreSQL: ``pg_dump --format=custom`` of a database with the demo data, ``pg_restore`` into a
fresh database, a server on the restored one answering as the original did. SQLite: the
online backup (the ``sqlite3`` shell's ``.backup``, or Python's backup API) of a database in use.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from kennispunt.accounts.service import get_user_by_email
from kennispunt.db import Database
from kennispunt.demo import loader
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_server
from tests.factories import make_token, make_user

# Public content (with Dutch full-text search), and as an admin the helpdesk and the forum.
QUERY = """
query {
  articles(first: 3) { totalCount edges { node { title topic { name } publishedAt } } }
  search: articles(search: "verkiezing", first: 3) { totalCount edges { node { title } } }
  parties(first: 3) { totalCount edges { node { name seats municipality { name } } } }
  trainings(upcoming: null, first: 2) { totalCount edges { node { title startsAt seatsLeft } } }
  tickets(first: 3, orderBy: OLDEST) { totalCount edges { node { number subject status } } }
  forumCategories { name threads(first: 2) { totalCount edges { node { title replyCount } } } }
}
"""


async def answer(url: str, token: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{url}/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert "errors" not in result, result
    return result


async def demo_answer(db: Database, server: RunningServer) -> tuple[str, dict[str, Any]]:
    """Load the demo data; an admin's token (it is in the backup too) and what the server answers."""
    await loader.load(db)
    async with db.session() as session:
        admin = await get_user_by_email(session, "admin@example.org")
    assert admin is not None
    token = await make_token(db, admin)
    expected = await answer(server.url, token)
    data = expected["data"]
    # a real answer, not an empty one
    assert data["articles"]["totalCount"] > 3 and data["search"]["totalCount"] > 0
    assert data["tickets"]["totalCount"] > 0 and data["forumCategories"]
    return token, expected


async def writes_work(url: str) -> None:
    """The restored database takes new rows (its sequences came along)."""
    restored = Database(url)
    try:
        await make_user(restored, "nieuw.na.herstel@example.org", "Nieuw Na Herstel")
    finally:
        await restored.dispose()


# --- PostgreSQL: pg_dump and pg_restore --------------------------------------------------------


def libpq(url: str) -> str:
    """The SQLAlchemy URL as the PostgreSQL tools take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
async def fresh_database(database_url: str) -> AsyncIterator[str]:
    """An empty database next to the suite's, dropped afterwards."""
    if not database_url.startswith("postgresql"):
        pytest.skip(
            "pg_dump and pg_restore need PostgreSQL: set KENNISPUNT_DATABASE_URL (on SQLite the online backup is tested instead)"
        )
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: postgresql-client)")
    name = f"{make_url(database_url).database}_restore"
    server = create_async_engine(database_url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
        async with server.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await server.dispose()


async def run_tool(*command: str) -> None:
    result = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


async def test_a_pg_dump_restored_into_a_fresh_database_serves_the_same_answers(
    db: Database,
    server: RunningServer,
    database_url: str,
    fresh_database: str,
    settings: Settings,
    tmp_path: Path,
) -> None:
    token, expected = await demo_answer(db, server)
    dump = tmp_path / "kennispunt.dump"
    # as in the README, while the server runs: pg_dump reads one consistent snapshot
    await run_tool("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={libpq(database_url)}")
    await run_tool(
        "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq(fresh_database)}", str(dump)
    )

    with run_server(settings.model_copy(update={"database_url": fresh_database})) as restored:
        assert await answer(restored.url, token) == expected
    await writes_work(fresh_database)


# --- SQLite: the online backup --------------------------------------------------------------------


def backup_with_the_shell(source: Path, target: Path) -> None:
    if shutil.which("sqlite3") is None:
        pytest.skip(
            "the sqlite3 shell is not installed (Debian: sqlite3); Python's backup API is tested instead"
        )
    result = subprocess.run(["sqlite3", str(source), f".backup '{target}'"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def backup_with_python(source: Path, target: Path) -> None:
    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        writing.close()
        reading.close()


@pytest.mark.parametrize(
    "backup", [backup_with_the_shell, backup_with_python], ids=["sqlite3-shell", "python-api"]
)
async def test_an_online_sqlite_backup_serves_the_same_answers(
    db: Database, server: RunningServer, database_url: str, settings: Settings, tmp_path: Path, backup: Any
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite backup is for the embedded default; this run is on PostgreSQL")
    token, expected = await demo_answer(db, server)
    copy = tmp_path / "kennispunt-backup.db"
    source = Path(make_url(database_url).database or "")
    await asyncio.to_thread(backup, source, copy)  # while the server keeps running

    copy_url = f"sqlite+aiosqlite:///{copy}"
    with run_server(settings.model_copy(update={"database_url": copy_url})) as restored:
        assert await answer(restored.url, token) == expected
    await writes_work(copy_url)
