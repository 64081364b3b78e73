"""The outbox of live events."""

from __future__ import annotations

from typing import Annotated

import typer

from kennispunt.cli.jobs import run
from kennispunt.db import Database, utcnow
from kennispunt.settings import get_settings

events_app = typer.Typer(help="The outbox of live events.", no_args_is_help=True)


@events_app.command("prune")
def events_prune(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be removed.")] = False,
) -> None:
    """Remove events older than KENNISPUNT_EVENT_RETENTION_DAYS (default 30); run it daily.

    Subscribers resuming from an older cursor are told to reload instead of missing events."""
    from datetime import timedelta

    from kennispunt.events.service import prune_events

    days = get_settings().event_retention_days

    async def work(db: Database) -> tuple[int, int]:
        async with db.transaction() as session:
            pruned = await prune_events(session, utcnow() - timedelta(days=days), dry_run=dry_run)
        return pruned.events, pruned.through

    count, through = run(work)
    verb = "would be removed" if dry_run else "removed"
    typer.echo(
        f"{count} event{'' if count == 1 else 's'} older than {days} days {verb}; replay reaches back to event {through + 1}"
    )
