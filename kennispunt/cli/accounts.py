"""Users, staff roles, admins and personal access tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole
from kennispunt.cli.jobs import run
from kennispunt.db import Database, utcnow

user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
role_app = typer.Typer(help="Staff roles (EDITOR, HELPDESK, MODERATOR, ADMIN).", no_args_is_help=True)
token_app = typer.Typer(help="Personal access tokens for 'Authorization: Bearer'.", no_args_is_help=True)
admin_app = typer.Typer(
    help="Admins: the first one comes from here, the rest from any admin.", no_args_is_help=True
)


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Option(help="E-mail address (the login name).")],
    name: Annotated[str, typer.Option(help="Display name.")],
) -> None:
    """Create a user account."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.create_user(session, email, name)
        typer.echo(f"user {user.id} created: {user.email}")

    run(work)


@user_app.command("block")
def user_block(email: str) -> None:
    """Block a user: no more sign-ins, and what they have open closes within seconds."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            await accounts.block(session, user)
        typer.echo(f"user {user.id} blocked: {user.email}")

    run(work)


@user_app.command("unblock")
def user_unblock(email: str) -> None:
    """Let a blocked user sign in again."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            await accounts.unblock(session, user)
        typer.echo(f"user {user.id} unblocked: {user.email}")

    run(work)


@role_app.command("grant")
def role_grant(email: str, role: Annotated[StaffRole, typer.Argument(case_sensitive=False)]) -> None:
    """Give a user a staff role."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            changed = await accounts.grant_role(session, user, role)
        typer.echo(f"{email} {'now has' if changed else 'already had'} role {role.name}")

    run(work)


@role_app.command("revoke")
def role_revoke(email: str, role: Annotated[StaffRole, typer.Argument(case_sensitive=False)]) -> None:
    """Take a staff role away from a user."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            changed = await accounts.revoke_role(session, user, role)
        typer.echo(f"{email} {'no longer has' if changed else 'did not have'} role {role.name}")

    run(work)


@admin_app.command("grant")
def admin_grant(email: str) -> None:
    """Make a user an admin (the way to get the first one)."""
    role_grant(email, StaffRole.ADMIN)


@admin_app.command("revoke")
def admin_revoke(email: str) -> None:
    """Take the admin role away; the last admin keeps it."""
    role_revoke(email, StaffRole.ADMIN)


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option(help="E-mail address of the user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    expires_in_days: Annotated[
        int | None, typer.Option(help="Days until it expires; never when left out.", min=1, max=36_500)
    ] = None,
) -> None:
    """Mint a personal access token. It is printed once; only its hash is stored."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            owner = await accounts.require_user_by_email(session, user)
            expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
            issued = await accounts.create_token(session, owner, name, expires_at)
        typer.echo(f"token {issued.record.id} for {owner.email} (shown once, keep it secret):", err=True)
        typer.echo(issued.token)

    run(work)


@token_app.command("list")
def token_list(user: Annotated[str, typer.Option(help="E-mail address of the user.")]) -> None:
    """List a user's tokens (never the secrets)."""

    async def work(db: Database) -> None:
        async with db.session() as session:
            owner = await accounts.require_user_by_email(session, user)
            tokens = await accounts.list_tokens(session, owner)
        for token in tokens:
            state = "revoked" if token.revoked_at else "active"
            used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
            typer.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}\tlast used {used}")

    run(work)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The id shown by 'token list'.")]) -> None:
    """Revoke a token; requests with it get UNAUTHENTICATED from now on."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            await accounts.revoke_token(session, token_id)
        typer.echo(f"token {token_id} revoked")

    run(work)
