"""``kennispunt privacy ...``: staff answer written requests, and the scheduler applies retention."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from kennispunt.cli.jobs import run
from kennispunt.db import Database

privacy_app = typer.Typer(
    help="Personal data: export and erase a person's data, apply the retention periods.", no_args_is_help=True
)

UserOption = Annotated[str, typer.Option("--user", help="E-mail address of the person.")]


@privacy_app.command("export")
def export(
    user: UserOption,
    include_internal_notes: Annotated[
        bool, typer.Option("--include-internal-notes", help="Add the internal notes on the person's tickets.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Everything Kennispunt holds about a person, as one JSON document."""
    from kennispunt.accounts import service as accounts
    from kennispunt.privacy.export import export_user

    async def work(db: Database) -> dict[str, Any]:
        async with db.transaction() as session:
            person = await accounts.require_user_by_email(session, user)
            return await export_user(session, person, include_internal_notes=include_internal_notes)

    text = json.dumps(run(work), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"export written to {output}", err=True)


@privacy_app.command("erase")
def erase(
    user: UserOption,
    remove_posts: Annotated[
        bool, typer.Option("--remove-posts", help="Also remove the text of their forum posts.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a person's account: personal data goes, forum posts stay under "Verwijderde gebruiker"."""
    from kennispunt.privacy.erasure import Erased, erase_by_email

    if not yes:
        typer.confirm(f"Erase the account of {user}? This cannot be undone", abort=True)

    async def work(db: Database) -> Erased:
        async with db.transaction() as session:
            return await erase_by_email(session, user, remove_posts=remove_posts)

    erased = run(work)
    typer.echo(
        f"user {erased.user_id} erased; {erased.tickets} ticket{'' if erased.tickets == 1 else 's'} anonymised; "
        f"{erased.posts} post{'' if erased.posts == 1 else 's'} removed"
    )


@privacy_app.command("retention")
def retention(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would change.")] = False,
) -> None:
    """Anonymise closed tickets after KENNISPUNT_TICKET_RETENTION_DAYS (730), remove stale
    credentials and, after KENNISPUNT_MAIL_RETENTION_DAYS (90), mail records; run it daily."""
    from kennispunt.privacy.retention import Periods, Retained, apply_retention
    from kennispunt.settings import get_settings

    periods = Periods.from_settings(get_settings())

    async def work(db: Database) -> Retained:
        async with db.transaction() as session:
            return await apply_retention(session, periods, dry_run=dry_run)

    retained = run(work)
    for name, count in asdict(retained).items():
        typer.echo(f"{name.replace('_', ' ')}: {count}{' (dry run)' if dry_run else ''}")
