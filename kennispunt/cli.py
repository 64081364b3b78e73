"""The ``kennispunt`` command: run the server and look after its data."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.exc import DBAPIError

from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database, utcnow
from kennispunt.errors import DomainError
from kennispunt.i18n import translate
from kennispunt.migrate import SchemaState, SchemaStatus, schema_status
from kennispunt.paging import PageRequest
from kennispunt.partners import service as partners
from kennispunt.privacy import commands as privacy_commands
from kennispunt.settings import DEFAULT_DATABASE_URL, Settings, get_settings
from realtime.broker import create_broadcast
from realtime.publisher import EventPublisher

T = TypeVar("T")

app = typer.Typer(help="Kennispunt: the GraphQL API for Dutch local political parties.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
role_app = typer.Typer(help="Staff roles (EDITOR, HELPDESK, MODERATOR, ADMIN).", no_args_is_help=True)
token_app = typer.Typer(help="Personal access tokens for 'Authorization: Bearer'.", no_args_is_help=True)
admin_app = typer.Typer(
    help="Admins: the first one comes from here, the rest from any admin.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(role_app, name="role")
app.add_typer(token_app, name="token")
app.add_typer(admin_app, name="admin")
mail_app = typer.Typer(help="Helpdesk e-mail to requesters.", no_args_is_help=True)
app.add_typer(mail_app, name="mail")
helpdesk_app = typer.Typer(help="The helpdesk's scheduled work.", no_args_is_help=True)
app.add_typer(helpdesk_app, name="helpdesk")
partner_app = typer.Typer(help="API keys of partner sites that embed public content.", no_args_is_help=True)
app.add_typer(partner_app, name="partner")
events_app = typer.Typer(help="The outbox of live events.", no_args_is_help=True)
app.add_typer(events_app, name="events")

app.add_typer(privacy_commands.privacy_app, name="privacy")


UPGRADE_HINT = "run 'kennispunt db upgrade' first"


class DatabaseNotReady(Exception):
    """The database cannot be used as it is; the message says why, in one sentence."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def _reason(error: Exception) -> str:
    """The driver's own first line, without SQLAlchemy's statement and links."""
    lines = str(error.orig if isinstance(error, DBAPIError) and error.orig else error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


async def _usable_schema(db: Database) -> SchemaStatus:
    try:
        return await schema_status(db.engine)
    except (DBAPIError, OSError) as error:
        raise DatabaseNotReady(f"cannot reach the database: {_reason(error)}") from None


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run one async job against the configured database, which must be migrated; domain
    errors and database failures end in one sentence and exit 1, never a traceback."""

    async def main() -> T:
        settings = get_settings()
        db = Database(settings.database_url)
        broadcast = None
        if settings.redis_url:  # changes made here reach every running replica at once
            broadcast = create_broadcast(settings.broker_url)
            await broadcast.connect()
            db.after_commit_hooks.append(EventPublisher(broadcast).publish)
        try:
            status = await _usable_schema(db)
            if not status.supported:
                raise DatabaseNotReady(f"{status.problem()}: {UPGRADE_HINT}")
            return await work(db)
        finally:
            await db.dispose()
            if broadcast is not None:
                await broadcast.disconnect()

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
        raise _fail(str(error)) from None
    except DBAPIError as error:
        raise _fail(f"the database failed: {_reason(error)}") from None


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches ``--host``/``--port`` at."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"


def _prepare_database(settings: Settings) -> None:
    """Refuse to serve a database this code cannot use; the embedded default (the SQLite
    file of a development checkout) is migrated instead."""
    from kennispunt.migrate import upgrade

    async def check() -> SchemaStatus:
        db = Database(settings.database_url)
        try:
            return await _usable_schema(db)
        finally:
            await db.dispose()

    try:
        status = asyncio.run(check())
    except DatabaseNotReady as error:
        raise _fail(str(error)) from None
    if status.supported:
        return
    embedded = settings.database_url == DEFAULT_DATABASE_URL and settings.environment == "development"
    if embedded and status.state in (SchemaState.EMPTY, SchemaState.BEHIND):
        typer.echo(f"migrating the embedded database to revision {status.head}", err=True)
        upgrade(settings.database_url)
        return
    raise _fail(f"{status.problem()}: {UPGRADE_HINT}")


@app.command()
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
        raise _fail("KENNISPUNT_METRICS_PORT needs one process per replica: leave out --workers")
    configure_logging(settings)
    _prepare_database(settings)
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


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply the database migrations (creates the database on first run)."""
    from kennispunt.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
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

    _run(work)


@app.command("export-schema")
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

    _run(work)


@user_app.command("block")
def user_block(email: str) -> None:
    """Block a user: no more sign-ins, and what they have open closes within seconds."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            await accounts.block(session, user)
        typer.echo(f"user {user.id} blocked: {user.email}")

    _run(work)


@user_app.command("unblock")
def user_unblock(email: str) -> None:
    """Let a blocked user sign in again."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            await accounts.unblock(session, user)
        typer.echo(f"user {user.id} unblocked: {user.email}")

    _run(work)


@role_app.command("grant")
def role_grant(email: str, role: Annotated[StaffRole, typer.Argument(case_sensitive=False)]) -> None:
    """Give a user a staff role."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            changed = await accounts.grant_role(session, user, role)
        typer.echo(f"{email} {'now has' if changed else 'already had'} role {role.name}")

    _run(work)


@role_app.command("revoke")
def role_revoke(email: str, role: Annotated[StaffRole, typer.Argument(case_sensitive=False)]) -> None:
    """Take a staff role away from a user."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            user = await accounts.require_user_by_email(session, email)
            changed = await accounts.revoke_role(session, user, role)
        typer.echo(f"{email} {'no longer has' if changed else 'did not have'} role {role.name}")

    _run(work)


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

    _run(work)


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

    _run(work)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="The id shown by 'token list'.")]) -> None:
    """Revoke a token; requests with it get UNAUTHENTICATED from now on."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            await accounts.revoke_token(session, token_id)
        typer.echo(f"token {token_id} revoked")

    _run(work)


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

    _run(work)


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

    _run(work)


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

    _run(work)


@partner_app.command("revoke")
def partner_revoke(key_id: Annotated[int, typer.Argument(help="The id shown by 'partner list'.")]) -> None:
    """Revoke a key; requests with it get UNAUTHENTICATED from now on."""

    async def work(db: Database) -> None:
        async with db.transaction() as session:
            await partners.revoke_key(session, key_id)
        typer.echo(f"partner key {key_id} revoked")

    _run(work)


@helpdesk_app.command("close-resolved")
def helpdesk_close_resolved() -> None:
    """Close tickets resolved KENNISPUNT_HELPDESK_CLOSE_AFTER_HOURS ago (default 72); run it from cron."""
    from kennispunt.helpdesk import rules
    from kennispunt.helpdesk import service as helpdesk

    rules.configure_from(get_settings())

    async def work(db: Database) -> int:
        async with db.transaction() as session:
            return await helpdesk.close_resolved_tickets(session, utcnow())

    closed = _run(work)
    typer.echo(f"{closed} resolved ticket{'' if closed == 1 else 's'} closed")


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

    count, through = _run(work)
    verb = "would be removed" if dry_run else "removed"
    typer.echo(
        f"{count} event{'' if count == 1 else 's'} older than {days} days {verb}; replay reaches back to event {through + 1}"
    )


@app.command("scheduler")
def run_scheduler() -> None:
    """Run the periodic commands on their schedules (kennispunt/scheduler.py); one per deployment."""
    from kennispunt import scheduler
    from kennispunt.logs import configure_logging

    configure_logging(get_settings())
    asyncio.run(scheduler.main())


@mail_app.command("send-pending")
def mail_send_pending(
    max_attempts: Annotated[int, typer.Option(help="Give up on a mail after this many failed attempts.")] = 5,
    catch_up_hours: Annotated[
        int,
        typer.Option(
            help="Also mail staff replies of this many past hours that never got a delivery.",
            min=0,
            max=24 * 366,
        ),
    ] = 24,
) -> None:
    """Send helpdesk mail that is pending or failed; run it from cron (exit 1 when a mail failed)."""
    from collections import Counter

    from kennispunt.logs import configure_logging
    from kennispunt.mail.models import DeliveryStatus
    from kennispunt.mail.outbox import send_pending
    from kennispunt.mail.smtp import SmtpConfig

    settings = get_settings()
    configure_logging(settings)

    async def work(db: Database) -> Counter[DeliveryStatus]:
        return await send_pending(
            db,
            SmtpConfig.from_settings(settings),
            max_attempts=max_attempts,
            catch_up=timedelta(hours=catch_up_hours),
        )

    outcome = _run(work)
    shown = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
    typer.echo(", ".join(f"{outcome[status]} {status.value}" for status in shown))
    if outcome[DeliveryStatus.FAILED]:
        raise typer.Exit(1)


@app.command("mail-intake")
def mail_intake(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8025,
    lmtp: Annotated[
        bool, typer.Option("--lmtp", help="Speak LMTP (for delivery from Postfix) instead of SMTP.")
    ] = False,
) -> None:
    """Receive helpdesk mail: each message becomes a ticket for its sender, or a reply on
    the sender's ticket named in the subject ([KP-2027-00042])."""
    import logging
    import signal

    from kennispunt.logs import configure_logging
    from kennispunt.mail.intake import serve

    settings = get_settings()
    configure_logging(settings)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter

    async def main() -> None:
        db = Database(settings.database_url)
        status = await _usable_schema(db)
        if not status.supported:
            raise DatabaseNotReady(f"{status.problem()}: {UPGRADE_HINT}")
        broadcast = None
        if settings.redis_url:  # live subscribers on the API servers hear of new tickets at once
            from realtime.broker import create_broadcast
            from realtime.publisher import EventPublisher

            broadcast = create_broadcast(settings.broker_url)
            await broadcast.connect()
            db.after_commit_hooks.append(EventPublisher(broadcast).publish)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        try:
            await serve(db, host=host, port=port, lmtp=lmtp, max_bytes=settings.mail_max_bytes, stop=stop)
        finally:
            if broadcast is not None:
                await broadcast.disconnect()
            await db.dispose()

    try:
        asyncio.run(main())
    except DatabaseNotReady as error:
        raise _fail(str(error)) from None


if __name__ == "__main__":
    app()
