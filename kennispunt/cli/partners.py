"""API keys of partner sites that embed public content."""

from __future__ import annotations

from typing import Annotated

import typer

from kennispunt.cli.jobs import run
from kennispunt.db import Database
from kennispunt.paging import PageRequest
from kennispunt.partners import service as partners
from kennispunt.settings import get_settings

partner_app = typer.Typer(help="API keys of partner sites that embed public content.", no_args_is_help=True)


@partner_app.command("create")
def partner_create(
    name: Annotated[str, typer.Argument(help="Who the key is for, e.g. 'Gemeente Utrecht'.")],
    origin: Annotated[
        list[str] | None, typer.Option(help="An origin whose pages may use the key (repeat for more).")
    ] = None,
    rate: Annotated[
        str | None, typer.Option(help="Rate limit, e.g. 1200/minute; default KENNISPUNT_PARTNER_RATE.")
    ] = None,
) -> None:
    """Issue a partner API key. It is printed once; only its hash is stored."""
    settings = get_settings()

    async def work(db: Database) -> None:
        draft = partners.PartnerKeyDraft(name=name, allowed_origins=origin or [], rate=rate)
        async with db.transaction() as session:
            issued = await partners.issue_key(session, draft, settings.partner_rate)
        typer.echo(f"partner key {issued.record.id} for {issued.record.name} (shown once):", err=True)
        typer.echo(issued.secret)

    run(work)


@partner_app.command("list")
def partner_list(
    include_revoked: Annotated[bool, typer.Option("--all", help="Revoked keys too.")] = False,
) -> None:
    """List partner keys (never the secrets)."""

    async def work(db: Database) -> None:
        async with db.session() as session:
            page = await partners.keys_page(session, PageRequest(limit=10_000, count=False), include_revoked)
        for key in page.items:
            state = "revoked" if key.revoked_at else "active"
            used = key.last_used_at.isoformat(timespec="minutes") if key.last_used_at else "never"
            origins = ",".join(key.allowed_origins) or "-"
            typer.echo(
                f"{key.id}\t{key.prefix}…\t{key.name}\t{state}\t{key.rate}\t{origins}\tlast used {used}"
            )

    run(work)


@partner_app.command("rotate")
def partner_rotate(
    key_id: Annotated[int, typer.Argument(help="The id shown by 'partner list'.")],
    grace_hours: Annotated[int, typer.Option(help="Hours the old secret keeps working.")] = 0,
) -> None:
    """Give a key a new secret, printed once."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            issued = await partners.rotate_key(session, key_id, grace_hours)
        typer.echo(f"partner key {key_id} rotated (new secret shown once):", err=True)
        typer.echo(issued.secret)

    run(work)


@partner_app.command("revoke")
def partner_revoke(key_id: Annotated[int, typer.Argument(help="The id shown by 'partner list'.")]) -> None:
    """Revoke a key; requests with it get UNAUTHENTICATED from now on."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            await partners.revoke_key(session, key_id)
        typer.echo(f"partner key {key_id} revoked")

    run(work)
