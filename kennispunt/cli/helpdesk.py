"""The helpdesk's scheduled work and its e-mail: sending to requesters, receiving from them."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Annotated

import typer

from kennispunt.cli.jobs import DatabaseNotReady, connected, fail, run
from kennispunt.db import Database, utcnow
from kennispunt.settings import get_settings

helpdesk_app = typer.Typer(help="The helpdesk's scheduled work.", no_args_is_help=True)
mail_app = typer.Typer(help="Helpdesk e-mail to requesters.", no_args_is_help=True)


@helpdesk_app.command("close-resolved")
def helpdesk_close_resolved() -> None:
    """Close tickets resolved KENNISPUNT_HELPDESK_CLOSE_AFTER_HOURS ago (default 72); run it from cron."""
    from kennispunt.helpdesk import service as helpdesk

    async def work(db: Database) -> int:
        async with db.transaction() as session:
            return await helpdesk.close_resolved_tickets(session, utcnow())

    closed = run(work)
    typer.echo(f"{closed} resolved ticket{'' if closed == 1 else 's'} closed")


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

    outcome = run(work)
    shown = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
    typer.echo(", ".join(f"{outcome[status]} {status.value}" for status in shown))
    if outcome[DeliveryStatus.FAILED]:
        raise typer.Exit(1)


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
        # with Redis, live subscribers on the API servers hear of new tickets at once
        async with connected(settings) as db:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stop.set)
            await serve(db, host=host, port=port, lmtp=lmtp, max_bytes=settings.mail_max_bytes, stop=stop)

    try:
        asyncio.run(main())
    except DatabaseNotReady as error:
        raise fail(str(error)) from None
