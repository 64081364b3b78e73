"""What every command that works on the database shares: the database, checked to be
migrated and wired to the broker, and errors that end in one sentence and exit 1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import typer
from sqlalchemy.exc import DBAPIError

from kennispunt.app_limits import Limits
from kennispunt.db import Database
from kennispunt.errors import DomainError
from kennispunt.i18n import translate
from kennispunt.migrate import SchemaStatus, schema_status
from kennispunt.settings import Settings, get_settings
from realtime.broker import create_broadcast
from realtime.publisher import EventPublisher

T = TypeVar("T")

UPGRADE_HINT = "run 'kennispunt db upgrade' first"


class DatabaseNotReady(Exception):
    """The database cannot be used as it is; the message says why, in one sentence."""


def fail(message: str) -> typer.Exit:
    """Say what went wrong on stderr; raise the result to exit 1."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def reason(error: Exception) -> str:
    """The driver's own first line, without SQLAlchemy's statement and links."""
    lines = str(error.orig if isinstance(error, DBAPIError) and error.orig else error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


async def usable_schema(db: Database) -> SchemaStatus:
    try:
        return await schema_status(db.engine)
    except (DBAPIError, OSError) as error:
        raise DatabaseNotReady(f"cannot reach the database: {reason(error)}") from None


@asynccontextmanager
async def connected(settings: Settings) -> AsyncIterator[Database]:
    """The configured database, which must be migrated (else `DatabaseNotReady`), with the
    settings' limits applied (`Limits`). With Redis configured, the changes committed here
    reach every running replica at once."""
    db = Database(settings.database_url)
    broadcast = None
    try:
        status = await usable_schema(db)
        if not status.supported:
            raise DatabaseNotReady(f"{status.problem()}: {UPGRADE_HINT}")
        if settings.redis_url:
            broadcast = create_broadcast(settings.broker_url)
            await broadcast.connect()
            db.after_commit_hooks.append(EventPublisher(broadcast).publish)
        with Limits.from_settings(settings).applied():
            yield db
    finally:
        await db.dispose()
        if broadcast is not None:
            await broadcast.disconnect()


def run(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run one async job against the configured database, which must be migrated; domain
    errors and database failures end in one sentence and exit 1, never a traceback."""

    async def main() -> T:
        async with connected(get_settings()) as db:
            return await work(db)

    try:
        return asyncio.run(main())
    except DomainError as error:
        for problem in error.problems:
            field = ".".join(str(part) for part in problem.field) if problem.field else ""
            typer.echo(
                f"error: {field + ': ' if field else ''}{translate(problem.message_key, 'en', **problem.params)}",
                err=True,
            )
        raise typer.Exit(1) from None
    except DatabaseNotReady as error:
        raise fail(str(error)) from None
    except DBAPIError as error:
        raise fail(f"the database failed: {reason(error)}") from None
