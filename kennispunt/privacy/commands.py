"""``kennispunt privacy ...``: staff answer written requests, and the scheduler applies retention."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kennispunt.db import Database

T = TypeVar("T")

privacy_app = typer.Typer(help="Personal data: export a person's data.", no_args_is_help=True)

UserOption = Annotated[str, typer.Option("--user", help="E-mail address of the person.")]


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    from kennispunt.cli import _run as run  # the CLI imports this module: import it when used

    return run(work)


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

    text = json.dumps(_run(work), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"export written to {output}", err=True)
