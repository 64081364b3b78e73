"""Running the API: the server, the scheduler, and the schema it serves."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import typer

from kennispunt.cli.jobs import UPGRADE_HINT, DatabaseNotReady, fail, usable_schema
from kennispunt.db import Database
from kennispunt.migrate import SchemaState, SchemaStatus
from kennispunt.settings import DEFAULT_DATABASE_URL, Settings, get_settings


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches ``--host``/``--port`` at."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"


def prepare_database(settings: Settings) -> None:
    """Refuse to serve a database this code cannot use; the embedded default (the SQLite
    file of a development checkout) is migrated instead."""
    from kennispunt.migrate import upgrade

    async def check() -> SchemaStatus:
        db = Database(settings.database_url)
        try:
            return await usable_schema(db)
        finally:
            await db.dispose()

    try:
        status = asyncio.run(check())
    except DatabaseNotReady as error:
        raise fail(str(error)) from None
    if status.supported:
        return
    embedded = settings.database_url == DEFAULT_DATABASE_URL and settings.environment == "development"
    if embedded and status.state in (SchemaState.EMPTY, SchemaState.BEHIND):
        typer.echo(f"migrating the embedded database to revision {status.head}", err=True)
        upgrade(settings.database_url)
        return
    raise fail(f"{status.problem()}: {UPGRADE_HINT}")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(help="Proxies whose X-Forwarded-For is believed ('*' for any); default 127.0.0.1."),
    ] = None,
) -> None:
    """Start the API server (GraphQL and GraphiQL at /graphql, WebSockets on the same path).

    Without KENNISPUNT_PUBLIC_URL, the public URL is the address served here."""
    import uvicorn

    from kennispunt.logs import configure_logging

    if not os.environ.get("KENNISPUNT_PUBLIC_URL"):
        os.environ["KENNISPUNT_PUBLIC_URL"] = served_url(host, port)  # also for --workers/--reload children
        get_settings.cache_clear()
    settings = get_settings()
    if workers > 1 and settings.metrics_port is not None:
        raise fail("KENNISPUNT_METRICS_PORT needs one process per replica: leave out --workers")
    configure_logging(settings)
    prepare_database(settings)
    uvicorn.run(
        "kennispunt.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        access_log=False,  # ours is kennispunt.access (kennispunt/accesslog.py), without client addresses
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        # Compressing each small JSON message costs every socket two zlib streams (~100 KiB)
        # and every live event a compression per subscriber: not worth it for our messages.
        ws_per_message_deflate=False,
        ws_max_size=settings.max_ws_message_bytes + 1024,  # the frame limit; ours refuses bigger messages
    )


def run_scheduler() -> None:
    """Run the periodic commands on their schedules (kennispunt/scheduler.py); one per deployment."""
    from kennispunt import scheduler
    from kennispunt.logs import configure_logging

    configure_logging(get_settings())
    asyncio.run(scheduler.main())


def export_schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout when left out.")
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL) as served, for schema.graphql and client generators."""
    from graph.schema.schema import schema_sdl

    sdl = schema_sdl()
    if output is None:
        typer.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
        typer.echo(f"schema written to {output}")
