"""The database: its schema, and the demo data."""

from __future__ import annotations

from typing import Annotated

import typer

from kennispunt.cli.jobs import run
from kennispunt.db import Database
from kennispunt.settings import get_settings

db_app = typer.Typer(help="The database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the database migrations (creates the database on first run)."""
    from kennispunt.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


def demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only load when there are no articles yet.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Allow loading in production.")] = False,
) -> None:
    """(Re)load the Dutch demo data: replaces all content except the municipalities."""
    from kennispunt.demo import loader

    settings = get_settings()
    if settings.environment == "production" and not force:
        typer.echo("refusing to replace data in production; pass --force if you mean it", err=True)
        raise typer.Exit(1)

    async def work(db: Database) -> None:
        if if_empty and await loader.has_content(db):
            typer.echo("demo data already present")
            return
        summary = await loader.load(db)
        typer.echo(
            f"demo data loaded: {summary.topics} topics, {summary.articles} articles, {summary.parties} parties, "
            f"{summary.users} users, {summary.trainings} trainings, {summary.threads} forum threads, "
            f"{summary.tickets} helpdesk tickets"
        )

    run(work)
