"""Alembic, configured from code: works installed or from a checkout, from any directory.

``migrations/env.py`` runs the async engine with ``asyncio.run``, so the commands here
are synchronous. Called from inside a running event loop they run on a worker thread and
block the caller until done; async code should prefer ``await asyncio.to_thread(upgrade)``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import util
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

SEARCH_TABLE = "search_documents"


def _script_location() -> str:
    spec = util.find_spec("migrations")
    if spec is None or spec.origin is None:
        raise RuntimeError("the 'migrations' package is not installed")
    return str(Path(spec.origin).resolve().parent)


def alembic_config(database_url: str | None = None) -> Config:
    """An alembic ``Config`` for the packaged migrations; without a URL, env.py uses the settings."""
    config = Config()
    config.set_main_option("script_location", _script_location())
    if database_url is not None:
        # ConfigParser interpolates '%': escape it (URL-encoded passwords contain it).
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _run(action: Callable[[], Any]) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        action()
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="alembic") as pool:
        pool.submit(action).result()


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    _run(lambda: command.upgrade(alembic_config(database_url), revision))


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    _run(lambda: command.downgrade(alembic_config(database_url), revision))


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the full-text table to the migrations: its shape differs per engine and no model maps it."""
    if type_ == "table" and name is not None:
        return not (name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_"))
    return True


# --- where the database is, compared with this code ---------------------------------------


class SchemaState(enum.Enum):
    CURRENT = "current"
    """At this code's head revision."""
    LATER = "later"
    """At a later release's revision (a higher number than our head): a rolling deploy
    migrated it before this replica was replaced; migrations keep the previous release working."""
    BEHIND = "behind"
    """At an older revision: tables this code uses may be missing."""
    EMPTY = "empty"
    """Never migrated."""
    UNKNOWN = "unknown"
    """At a revision that is not ours and not recognisably later."""


@dataclass(frozen=True)
class SchemaStatus:
    revision: str | None
    """What the database's ``alembic_version`` says; None when it has none."""
    head: str
    """The newest revision this code ships."""
    state: SchemaState

    @property
    def supported(self) -> bool:
        """Whether this code can serve the database as it is."""
        return self.state in (SchemaState.CURRENT, SchemaState.LATER)

    def problem(self) -> str:
        """What is wrong, in one sentence for an operator ("" when nothing is)."""
        if self.state is SchemaState.EMPTY:
            return f"the database has not been migrated (this version needs revision {self.head})"
        if self.state is SchemaState.BEHIND:
            return f"the database is at revision {self.revision}, this version needs {self.head}"
        if self.state is SchemaState.UNKNOWN:
            return f"the database is at revision {self.revision}, which this version (head {self.head}) does not know"
        return ""


@cache
def _revisions() -> tuple[str, frozenset[str]]:
    """This code's head revision and every revision it ships."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if head is None:
        raise RuntimeError("the migrations have no head revision")
    return head, frozenset(revision.revision for revision in script.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def schema_state(revision: str | None) -> SchemaStatus:
    head, known = _revisions()
    if revision is None:
        state = SchemaState.EMPTY
    elif revision == head:
        state = SchemaState.CURRENT
    elif revision in known:
        state = SchemaState.BEHIND
    elif revision.isdigit() and head.isdigit() and int(revision) > int(head):
        state = SchemaState.LATER  # revisions are numbered 0001, 0002, …: a higher one is later
    else:
        state = SchemaState.UNKNOWN
    return SchemaStatus(revision, head, state)


async def schema_status(engine: AsyncEngine) -> SchemaStatus:
    """Where the database is; raises the driver's error when it cannot be reached."""
    threads_before = set(threading.enumerate())
    try:
        async with engine.connect() as connection:
            revision = await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    except BaseException:
        await _new_threads_ended(threads_before)
        raise
    return schema_state(revision)


async def _new_threads_ended(before: set[threading.Thread]) -> None:
    """Wait (up to a second each) for the threads started since ``before`` to end.

    aiosqlite stops a connection that failed to open on that connection's own thread, which
    then hands its result to the event loop; when the caller's loop closes first (a command
    that gives up at once), the thread dies on the closed loop with a traceback on stderr.
    The event loop's own executor threads (``asyncio_N``) live on and are not waited for.
    """
    for thread in set(threading.enumerate()) - before:
        if not thread.name.startswith("asyncio_"):
            await asyncio.to_thread(thread.join, 1.0)
