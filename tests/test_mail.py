"""Helpdesk e-mail end to end, over real SMTP on loopback: staff replies reach an SMTP
sink started here, mail sent to the intake server becomes tickets and replies."""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import aiosmtplib
import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import func, select

from graph.ids import encode_id
from kennispunt import ratelimit
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.app_limits import Limits
from kennispunt.db import Database
from kennispunt.events.service import record_event
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketChannel, TicketMessage, TicketStatus
from kennispunt.mail.intake import serve
from kennispunt.mail.models import DeliveryStatus, MailDelivery, QuarantinedMail
from kennispunt.mail.outbox import MailDispatcher, send_pending
from kennispunt.mail.reading import html_to_text, strip_quoted
from kennispunt.mail.smtp import SmtpConfig
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, RunningServer, free_port, loop_thread, run_server
from tests.factories import make_token, make_user, make_verified_member

ROOT = Path(__file__).resolve().parent.parent
HELPDESK = "helpdesk@kennispunt.nl"
FROM = "Kennispunt helpdesk <helpdesk@kennispunt.nl>"
INTAKE_MAX_BYTES = 20_000

# --- an SMTP sink, and the intake server -------------------------------------------


@dataclass
class Sink:
    """Collects what an SMTP client hands it."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or b"")
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.received.clear()

    async def wait_for(self, count: int, timeout: float = 15.0) -> list[tuple[list[str], EmailMessage]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            await asyncio.sleep(0.05)
        raise AssertionError(f"expected {count} mails, the sink has {len(self.received)}")


@dataclass
class SinkServer:
    sink: Sink
    port: int

    def config(self) -> SmtpConfig:
        return SmtpConfig(host="127.0.0.1", port=self.port, starttls=False, sender=FROM, timeout=10)


@pytest.fixture(scope="module")
def smtp_sink() -> Iterator[SinkServer]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SinkServer(sink, port)
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def empty_sink(smtp_sink: SinkServer) -> None:
    smtp_sink.sink.clear()


@pytest.fixture(scope="module")
def mail_server(settings: Settings, smtp_sink: SinkServer) -> Iterator[RunningServer]:
    """The API server, configured to send helpdesk mail to the sink."""
    configured = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_sink.port,
            "smtp_starttls": False,
            "smtp_from": FROM,
        }
    )
    with run_server(configured) as running:
        yield running


@pytest.fixture
async def mail_gql(mail_server: RunningServer) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=mail_server.url, timeout=30) as client:
        yield GraphQLClient(client)


@contextmanager
def run_intake(
    database_url: str, *, max_bytes: int = INTAKE_MAX_BYTES, limits: Limits | None = None
) -> Iterator[int]:
    """The intake server (the code behind ``kennispunt mail-intake``) on a thread and loop of
    its own, with ``limits`` applied (else those of the environment)."""
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        db = Database(database_url)
        state["loop"], state["stop"] = asyncio.get_running_loop(), asyncio.Event()

        def on_ready(port: int) -> None:
            state["port"] = port
            ready.set()

        try:
            with limits.applied() if limits is not None else nullcontext():
                await serve(db, port=0, max_bytes=max_bytes, stop=state["stop"], on_ready=on_ready)
        finally:
            await db.dispose()

    thread = loop_thread(lambda: asyncio.run(main()), "mail intake")
    assert ready.wait(20), "the intake server did not start"
    try:
        yield state["port"]
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(timeout=20)


@pytest.fixture(scope="module")
def intake_port(database_url: str) -> Iterator[int]:
    with run_intake(database_url) as port:
        yield port


# --- helpers -------------------------------------------------------------------------


async def requester(db: Database, email: str = "sanne@lokaalutrecht.nl", name: str = "Sanne de Boer") -> User:
    return await make_verified_member(db, email, name)


async def helpdesk_staff(db: Database) -> tuple[User, str]:
    user = await make_user(db, "joost@kennispunt.nl", "Joost Helpdesk", (StaffRole.HELPDESK,))
    return user, await make_token(db, user)


async def open_ticket(
    db: Database, user: User, subject: str = "Hoe stellen we een kandidatenlijst op?"
) -> Ticket:
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, user.id)
        return await helpdesk.open_ticket(
            session, viewer, subject=subject, body="Wij doen voor het eerst mee.", channel=TicketChannel.WEB
        )


async def staff_reply(db: Database, staff: User, ticket: Ticket, body: str) -> TicketMessage:
    """A public staff reply written through the service (no after-commit hook: no mail yet)."""
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, staff.id)
        return await helpdesk.reply_to_ticket(session, viewer, ticket.id, body, channel=TicketChannel.WEB)


REPLY = """
mutation Reply($input: ReplyToTicketInput!) {
  replyToTicket(input: $input) { message { body isInternal } errors { field message code } }
}
"""

NOTE = """
mutation Note($input: AddInternalNoteInput!) {
  addInternalNote(input: $input) { message { body isInternal } errors { field message code } }
}
"""

TICKETS = """
{
  tickets(first: 10) {
    totalCount
    edges { node {
      number subject channel
      requester { displayName }
      messages(first: 10) { edges { node { body isInternal author { displayName } } } }
    } }
  }
}
"""


async def deliveries(db: Database) -> list[MailDelivery]:
    async with db.session() as session:
        return list(await session.scalars(select(MailDelivery).order_by(MailDelivery.id)))


async def wait_for_delivery(db: Database, status: DeliveryStatus, timeout: float = 15.0) -> MailDelivery:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = await deliveries(db)
        if rows and rows[-1].status is status:
            return rows[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"no delivery reached {status}: {[(row.status, row.last_error) for row in await deliveries(db)]}"
    )


async def count(db: Database, model: type[Any]) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def mail_text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def incoming(
    sender: str, subject: str, body: str, *, html: str | None = None, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = FROM
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


async def send_to_intake(port: int, message: EmailMessage | bytes, *, sender: str = "x@example.org") -> str:
    """Send to the intake; the server's reply line (code and text) on success."""
    if isinstance(message, bytes):
        _responses, reply = await aiosmtplib.send(
            message, hostname="127.0.0.1", port=port, sender=sender, recipients=[HELPDESK], start_tls=False
        )
    else:
        _responses, reply = await aiosmtplib.send(message, hostname="127.0.0.1", port=port, start_tls=False)
    return reply


async def refusal(
    port: int, message: EmailMessage | bytes, *, sender: str = "x@example.org"
) -> tuple[int, str]:
    with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
        await send_to_intake(port, message, sender=sender)
    return refused.value.code, refused.value.message


# --- outgoing: staff replies become mail ---------------------------------------------


async def test_staff_reply_over_the_api_is_mailed_to_the_requester(
    db: Database, mail_gql: GraphQLClient, smtp_sink: SinkServer
) -> None:
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    _joost, token = await helpdesk_staff(db)

    result = await mail_gql(
        REPLY,
        {
            "input": {
                "ticketId": encode_id("Ticket", ticket.id),
                "body": "Begin met een **ledenvergadering**.",
            }
        },
        token=token,
    )

    assert result == {
        "data": {
            "replyToTicket": {
                "message": {"body": "Begin met een **ledenvergadering**.", "isInternal": False},
                "errors": [],
            }
        }
    }
    [(recipients, mail)] = await smtp_sink.sink.wait_for(1)
    assert recipients == ["sanne@lokaalutrecht.nl"]
    assert mail["Subject"] == f"[{ticket.number}] Hoe stellen we een kandidatenlijst op?"
    assert mail["To"] == "Sanne de Boer <sanne@lokaalutrecht.nl>"
    assert mail["From"] == FROM
    assert mail["Reply-To"] == FROM
    assert mail["Message-ID"].startswith(f"<kp.ticket-{ticket.id}.message-")
    assert mail["References"] == mail["In-Reply-To"] == f"<kp.ticket-{ticket.id}@kennispunt.nl>"
    text = mail_text(mail)
    assert "Beste Sanne de Boer," in text
    assert "Joost Helpdesk van de helpdesk van Kennispunt heeft gereageerd" in text
    assert "Begin met een **ledenvergadering**." in text
    assert f"[{ticket.number}]" in text
    delivery = await wait_for_delivery(db, DeliveryStatus.SENT)
    assert (delivery.recipient, delivery.subject, delivery.attempts, delivery.last_error) == (
        "sanne@lokaalutrecht.nl",
        mail["Subject"],
        1,
        None,
    )
    assert delivery.sent_at is not None


async def test_an_internal_note_is_never_mailed(
    db: Database, mail_gql: GraphQLClient, smtp_sink: SinkServer
) -> None:
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    _joost, token = await helpdesk_staff(db)
    ticket_id = encode_id("Ticket", ticket.id)

    note = await mail_gql(
        NOTE, {"input": {"ticketId": ticket_id, "body": "Intern: lastige partij."}}, token=token
    )
    reply = await mail_gql(
        REPLY, {"input": {"ticketId": ticket_id, "body": "Publiek antwoord."}}, token=token
    )

    assert note["data"]["addInternalNote"]["errors"] == []
    assert reply["data"]["replyToTicket"]["errors"] == []
    [(_, mail)] = await smtp_sink.sink.wait_for(1)
    assert "Publiek antwoord." in mail_text(mail)
    assert "Intern" not in mail.as_string()
    await asyncio.sleep(0.3)  # nothing else trickles in
    assert len(smtp_sink.sink.received) == 1
    assert [row.status for row in await deliveries(db)] == [DeliveryStatus.SENT]


async def test_the_message_itself_decides_not_the_event(db: Database, smtp_sink: SinkServer) -> None:
    """An event that claims a note is public does not get the note mailed."""
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    joost, _token = await helpdesk_staff(db)
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, joost.id)
        note = await helpdesk.add_internal_note(session, viewer, ticket.id, "Intern: niet doorsturen.")
        event = await record_event(
            session,
            "message_added",
            "ticket",
            ticket.id,
            {"message_id": note.id, "internal": False, "by_staff": True},
        )

    await MailDispatcher(db, smtp_sink.config()).dispatch([event.id])

    assert await deliveries(db) == []
    await asyncio.sleep(0.2)
    assert smtp_sink.sink.received == []


async def test_without_smtp_nothing_is_sent_and_that_is_logged(
    db: Database, gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kennispunt.mail")
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    _joost, token = await helpdesk_staff(db)

    await gql(
        REPLY,
        {"input": {"ticketId": encode_id("Ticket", ticket.id), "body": "Zie de handleiding."}},
        token=token,
    )

    delivery = await wait_for_delivery(db, DeliveryStatus.SKIPPED)
    assert (delivery.attempts, delivery.last_error, delivery.sent_at) == (0, "SMTP not configured", None)
    lines = [record.getMessage() for record in caplog.records if "SMTP not configured" in record.getMessage()]
    assert lines == [f"SMTP not configured; mail delivery {delivery.id} not sent"]
    assert not any("sanne@lokaalutrecht.nl" in record.getMessage() for record in caplog.records)


async def test_send_pending_catches_up_and_retries(db: Database, smtp_sink: SinkServer) -> None:
    """A reply committed without a delivery (the process stopped) is found; a failed
    attempt (SMTP server down) is retried by the next run."""
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    joost, _token = await helpdesk_staff(db)
    await staff_reply(db, joost, ticket, "Het stappenplan staat online.")
    unreachable = SmtpConfig(host="127.0.0.1", port=free_port(), starttls=False, sender=FROM, timeout=5)

    first = await send_pending(db, unreachable)

    assert dict(first) == {DeliveryStatus.FAILED: 1}
    [failed] = await deliveries(db)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert failed.last_error

    second = await send_pending(db, smtp_sink.config())

    assert dict(second) == {DeliveryStatus.SENT: 1}
    [(_, mail)] = await smtp_sink.sink.wait_for(1)
    assert "Het stappenplan staat online." in mail_text(mail)
    [sent] = await deliveries(db)
    assert (sent.status, sent.attempts, sent.last_error) == (DeliveryStatus.SENT, 2, None)
    assert dict(await send_pending(db, smtp_sink.config())) == {}  # nothing left


async def test_a_staff_reply_to_a_closed_ticket_is_mailed_with_the_follow_up_number(
    db: Database, smtp_sink: SinkServer
) -> None:
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    joost, _token = await helpdesk_staff(db)
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, joost.id)
        await helpdesk.set_ticket_status(session, viewer, ticket.id, TicketStatus.CLOSED)
    message = await staff_reply(db, joost, ticket, "Nog een aanvulling.")
    async with db.session() as session:
        follow_up = await session.get(Ticket, message.ticket_id)
    assert follow_up is not None and follow_up.id != ticket.id

    assert dict(await send_pending(db, smtp_sink.config())) == {DeliveryStatus.SENT: 1}

    [(_, mail)] = await smtp_sink.sink.wait_for(1)
    assert mail["Subject"] == f"[{follow_up.number}] {ticket.subject}"
    assert "Nog een aanvulling." in mail_text(mail)


async def test_send_pending_command(db: Database, database_url: str, smtp_sink: SinkServer) -> None:
    sanne = await requester(db)
    ticket = await open_ticket(db, sanne)
    joost, _token = await helpdesk_staff(db)
    await staff_reply(db, joost, ticket, "Via cron verstuurd.")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KENNISPUNT_DATABASE_URL": database_url,
        "KENNISPUNT_SMTP_HOST": "127.0.0.1",
        "KENNISPUNT_SMTP_PORT": str(smtp_sink.port),
        "KENNISPUNT_SMTP_STARTTLS": "false",
    }

    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "kennispunt.cli", "mail", "send-pending"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (done.returncode, done.stdout) == (0, "1 sent, 0 failed, 0 skipped\n"), done.stderr
    [(_, mail)] = await smtp_sink.sink.wait_for(1)
    assert mail["Subject"] == f"[{ticket.number}] {ticket.subject}"


# --- incoming: mail becomes tickets and replies ----------------------------------------


async def test_mail_from_a_known_user_opens_a_ticket(
    db: Database, gql: GraphQLClient, intake_port: int
) -> None:
    await requester(db)
    _joost, token = await helpdesk_staff(db)
    mail = incoming(
        "Sanne de Boer <Sanne@LokaalUtrecht.nl>",
        "Hoe richten we een vereniging op?",
        "Moeten we naar de notaris?\n\nGroet,\nSanne\n",
    )

    reply = await send_to_intake(intake_port, mail)

    result = await gql(TICKETS, token=token)
    [edge] = result["data"]["tickets"]["edges"]
    number = edge["node"]["number"]
    assert reply == f"OK: ticket {number} opened"
    assert result == {
        "data": {
            "tickets": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "number": number,
                            "subject": "Hoe richten we een vereniging op?",
                            "channel": "EMAIL",
                            "requester": {"displayName": "Sanne de Boer"},
                            "messages": {
                                "edges": [
                                    {
                                        "node": {
                                            "body": "Moeten we naar de notaris?\n\nGroet,\nSanne",
                                            "isInternal": False,
                                            "author": {"displayName": "Sanne de Boer"},
                                        }
                                    }
                                ]
                            },
                        }
                    }
                ],
            }
        }
    }


async def test_a_reply_mail_lands_on_the_same_ticket(
    db: Database, gql: GraphQLClient, intake_port: int
) -> None:
    await requester(db)
    _joost, token = await helpdesk_staff(db)
    await send_to_intake(
        intake_port, incoming("sanne@lokaalutrecht.nl", "Ledenwerving", "Hoe werven we leden?")
    )
    number = (await gql(TICKETS, token=token))["data"]["tickets"]["edges"][0]["node"]["number"]
    quoted = (
        "Dank, dat helpt!\n\n"
        "Op 3 mrt. 2027 om 10:12 schreef Kennispunt helpdesk <helpdesk@kennispunt.nl>:\n"
        "> ##- Typ je antwoord boven deze regel -##\n"
        "> Begin bij je eigen netwerk.\n"
    )

    reply = await send_to_intake(
        intake_port, incoming("sanne@lokaalutrecht.nl", f"Re: [{number}] Ledenwerving", quoted)
    )

    assert reply == f"OK: added to ticket {number}"
    result = await gql(TICKETS, token=token)
    assert result["data"]["tickets"]["totalCount"] == 1
    [edge] = result["data"]["tickets"]["edges"]
    assert edge["node"]["number"] == number
    assert [message["node"]["body"] for message in edge["node"]["messages"]["edges"]] == [
        "Hoe werven we leden?",
        "Dank, dat helpt!",
    ]


async def test_a_mail_delivered_twice_is_stored_once(
    db: Database, gql: GraphQLClient, intake_port: int
) -> None:
    """A mail server that lost our 250 delivers again: the same Message-ID is one ticket."""
    await requester(db)
    await make_verified_member(db, "piet@lokaalutrecht.nl", "Piet Jansen")
    _joost, token = await helpdesk_staff(db)
    mail_id = {"Message-ID": "<3f2a9c@mail.lokaalutrecht.nl>"}
    first = await send_to_intake(
        intake_port,
        incoming("sanne@lokaalutrecht.nl", "Statuten", "Waar vind ik een model?", headers=mail_id),
    )
    number = first.removeprefix("OK: ticket ").removesuffix(" opened")

    again = await send_to_intake(
        intake_port,
        incoming("sanne@lokaalutrecht.nl", "Statuten", "Waar vind ik een model?", headers=mail_id),
    )
    reply_id = {"Message-ID": "<7b1e02@mail.lokaalutrecht.nl>"}
    reply = incoming(
        "sanne@lokaalutrecht.nl", f"Re: [{number}] Statuten", "Gevonden, dank!", headers=reply_id
    )
    answers = [await send_to_intake(intake_port, reply) for _ in range(2)]
    someone_else = await send_to_intake(
        intake_port, incoming("piet@lokaalutrecht.nl", "Kascommissie", "Hoe?", headers=mail_id)
    )

    assert first == f"OK: ticket {number} opened"
    assert again == f"OK: already received as ticket {number}"
    assert answers == [f"OK: added to ticket {number}", f"OK: already received as ticket {number}"]
    assert someone_else.startswith("OK: ticket KP-") and number not in someone_else
    tickets = (await gql(TICKETS, token=token))["data"]["tickets"]
    assert tickets["totalCount"] == 2
    bodies = {
        edge["node"]["subject"]: [m["node"]["body"] for m in edge["node"]["messages"]["edges"]]
        for edge in tickets["edges"]
    }
    assert bodies == {"Statuten": ["Waar vind ik een model?", "Gevonden, dank!"], "Kascommissie": ["Hoe?"]}


async def test_a_ticket_number_of_someone_else_opens_a_new_ticket(db: Database, intake_port: int) -> None:
    sanne = await requester(db)
    piet = await make_verified_member(db, "piet@lokaalutrecht.nl", "Piet Jansen")
    ticket = await open_ticket(db, sanne)

    reply = await send_to_intake(
        intake_port, incoming("piet@lokaalutrecht.nl", f"Re: [{ticket.number}] {ticket.subject}", "Ik ook!")
    )

    assert reply.startswith("OK: ticket KP-") and ticket.number not in reply
    async with db.session() as session:
        tickets = list(await session.scalars(select(Ticket).order_by(Ticket.id)))
    assert [(row.requester_id, row.subject) for row in tickets] == [
        (sanne.id, ticket.subject),
        (piet.id, f"[{ticket.number}] {ticket.subject}"),
    ]


async def test_html_only_mail_is_read_as_text(db: Database, intake_port: int) -> None:
    await requester(db)
    message = EmailMessage()
    message["From"] = "sanne@lokaalutrecht.nl"
    message["To"] = HELPDESK
    message["Subject"] = "Opmaak"
    message.set_content(
        "<div>Hallo &amp; goedemorgen,<br>tweede regel</div><p>Nieuwe alinea</p>"
        "<div class=gmail_quote>On Mon, 3 Mar 2027 at 10:00 Kennispunt wrote:<blockquote>oud</blockquote></div>"
        "<script>alert(1)</script>",
        subtype="html",
    )

    await send_to_intake(intake_port, message)

    async with db.session() as session:
        bodies = list(await session.scalars(select(TicketMessage.body)))
    assert bodies == ["Hallo & goedemorgen,\ntweede regel\n\nNieuwe alinea"]


async def test_an_unknown_sender_is_refused_and_nothing_is_stored(
    db: Database, intake_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kennispunt.mail")

    code, text = await refusal(intake_port, incoming("onbekend@example.org", "Hallo", "Wie ben ik?"))

    assert code == 550
    assert "Sender unknown" in text
    assert (await count(db, Ticket), await count(db, QuarantinedMail)) == (0, 0)
    assert any("refused mail from an unknown sender" in record.getMessage() for record in caplog.records)
    assert not any("onbekend@example.org" in record.getMessage() for record in caplog.records)


async def test_a_flood_of_mail_from_one_sender_is_deferred_not_lost(
    db: Database, database_url: str, settings: Settings
) -> None:
    await requester(db)
    limits = Limits.from_settings(settings)
    one_an_hour = replace(limits, helpdesk=replace(limits.helpdesk, ticket_rate=ratelimit.parse("1/hour")))
    with run_intake(database_url, limits=one_an_hour) as intake_port:
        first = await send_to_intake(intake_port, incoming("sanne@lokaalutrecht.nl", "Vraag 1", "Tekst"))
        code, text = await refusal(intake_port, incoming("sanne@lokaalutrecht.nl", "Vraag 2", "Tekst"))

    assert first.startswith("OK: ticket KP-")
    assert (code, text) == (451, "Too many questions at once from this sender, try again later")
    assert (await count(db, Ticket), await count(db, QuarantinedMail)) == (1, 0)


async def test_an_oversized_mail_is_refused(
    db: Database, intake_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kennispunt.mail")
    await requester(db)

    code, _text = await refusal(
        intake_port, incoming("sanne@lokaalutrecht.nl", "Groot", "tekst " * (INTAKE_MAX_BYTES // 5))
    )

    assert code == 552
    assert (await count(db, Ticket), await count(db, QuarantinedMail)) == (0, 0)
    assert any(f"larger than {INTAKE_MAX_BYTES} bytes" in record.getMessage() for record in caplog.records)


async def test_a_mail_without_sender_is_quarantined(
    db: Database, intake_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kennispunt.mail")
    raw = b"To: helpdesk@kennispunt.nl\r\nSubject: Zonder afzender\r\n\r\nWie stuurt dit?\r\n"

    code, text = await refusal(intake_port, raw, sender="bounce@example.org")

    assert code == 550
    assert "no From address" in text
    async with db.session() as session:
        [kept] = list(await session.scalars(select(QuarantinedMail)))
    assert (kept.reason, kept.envelope_from, kept.envelope_to) == (
        "no From address",
        "bounce@example.org",
        HELPDESK,
    )
    assert b"Subject: Zonder afzender" in kept.raw
    assert await count(db, Ticket) == 0
    assert any(f"quarantined mail {kept.id}" in record.getMessage() for record in caplog.records)


async def test_an_undecodable_mail_is_quarantined_not_half_stored(db: Database, intake_port: int) -> None:
    await requester(db)
    raw = (
        b"From: sanne@lokaalutrecht.nl\r\nTo: helpdesk@kennispunt.nl\r\nSubject: Vreemd\r\n"
        b"Content-Type: text/plain; charset=x-klingon\r\n\r\nnuqneH\r\n"
    )

    code, _text = await refusal(intake_port, raw, sender="sanne@lokaalutrecht.nl")

    assert code == 550
    async with db.session() as session:
        [kept] = list(await session.scalars(select(QuarantinedMail)))
    assert kept.reason == "unknown charset 'x-klingon'"
    assert (await count(db, Ticket), await count(db, TicketMessage)) == (0, 0)


async def test_text_that_is_not_what_its_charset_says_is_quarantined(db: Database, intake_port: int) -> None:
    """``bytes.decode`` raised UnicodeDecodeError: the sender was asked to retry for ever (451)."""
    await requester(db)
    raw = (
        b"From: sanne@lokaalutrecht.nl\r\nTo: helpdesk@kennispunt.nl\r\nSubject: Kapot\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nniet \xff\xfe utf-8\r\n"
    )

    code, _text = await refusal(intake_port, raw, sender="sanne@lokaalutrecht.nl")

    assert code == 550
    async with db.session() as session:
        [kept] = list(await session.scalars(select(QuarantinedMail)))
    assert kept.reason == "text that is not valid utf-8"
    assert (await count(db, Ticket), await count(db, TicketMessage)) == (0, 0)


async def test_nul_and_undecodable_header_bytes_are_stored_as_readable_text(
    db: Database, intake_port: int
) -> None:
    """PostgreSQL refuses NUL, and no database takes the surrogates the parser makes of raw
    8-bit header bytes: the mail became a 451 on every retry."""
    await requester(db)
    raw = (
        b"From: sanne@lokaalutrecht.nl\r\nTo: helpdesk@kennispunt.nl\r\nSubject: Vraag \xff\xfe over \x00 statuten\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nMet een \x00 erin.\r\n"
    )

    reply = await send_to_intake(intake_port, raw)

    assert reply.startswith("OK: ticket KP-")
    async with db.session() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
        bodies = list(await session.scalars(select(TicketMessage.body)))
    assert (ticket.subject, bodies) == ("Vraag \ufffd\ufffd over  statuten", ["Met een  erin."])


async def test_an_automatic_reply_is_ignored(db: Database, intake_port: int) -> None:
    await requester(db)
    mail = incoming(
        "sanne@lokaalutrecht.nl",
        "Afwezig",
        "Ik ben met vakantie.",
        headers={"Auto-Submitted": "auto-replied"},
    )

    reply = await send_to_intake(intake_port, mail)

    assert reply == "Automatic message accepted and ignored"
    assert (await count(db, Ticket), await count(db, QuarantinedMail)) == (0, 0)


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mail-intake exited: {process.stderr.read() if process.stderr else ''!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("mail-intake did not start")


async def test_the_mail_intake_command_speaks_lmtp(db: Database, database_url: str) -> None:
    """``kennispunt mail-intake --lmtp`` as a process of its own, as Postfix would deliver to it."""
    sanne = await requester(db)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KENNISPUNT_DATABASE_URL": database_url}
    process = await asyncio.to_thread(
        subprocess.Popen,
        [sys.executable, "-m", "kennispunt.cli", "mail-intake", "--lmtp", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        await asyncio.to_thread(wait_for_port, port, process)

        def deliver() -> None:
            with smtplib.LMTP("127.0.0.1", port) as client:
                client.send_message(incoming("sanne@lokaalutrecht.nl", "Via Postfix", "Komt dit aan?"))

        await asyncio.to_thread(deliver)
    finally:
        process.terminate()
        _out, err = await asyncio.to_thread(process.communicate, timeout=30)
    assert process.returncode == 0, err
    assert b"mail intake: LMTP on 127.0.0.1" in err
    async with db.session() as session:
        [ticket] = list(await session.scalars(select(Ticket)))
    assert (ticket.requester_id, ticket.subject, ticket.channel) == (
        sanne.id,
        "Via Postfix",
        TicketChannel.EMAIL,
    )


# --- reading mail ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ja.\n\nOn Mon, Mar 3, 2027 at 10:00 AM Kennispunt <helpdesk@kennispunt.nl> wrote:\n> vraag\n",
            "Ja.",
        ),
        (
            "Dank!\n\nOp wo 3 mrt. 2027 om 10:12 schreef Kennispunt helpdesk <\nhelpdesk@kennispunt.nl>:\n\n> oud\n",
            "Dank!",
        ),
        (
            "Prima.\n\nVan: Kennispunt\nVerzonden: woensdag 3 maart 2027 10:12\nAan: Sanne\n\nBeste Sanne",
            "Prima.",
        ),
        ("Goed.\n-----Original Message-----\nFrom: x", "Goed."),
        ("Boven.\n##- Typ je antwoord boven deze regel -##\nBeste Sanne", "Boven."),
        (
            "Op vrijdag 12 mei hebben we vergaderd.\nDat ging goed.",
            "Op vrijdag 12 mei hebben we vergaderd.\nDat ging goed.",
        ),
        ("Eerste\r\n\r\n\r\n\r\nTweede  \r\n", "Eerste\n\nTweede"),
    ],
)
def test_strip_quoted(text: str, expected: str) -> None:
    assert strip_quoted(text) == expected


def test_html_to_text() -> None:
    assert html_to_text("<style>p{}</style><p>Een &lt;twee&gt;</p><ul><li>a</li><li>b</li></ul>").split() == [
        "Een",
        "<twee>",
        "a",
        "b",
    ]
