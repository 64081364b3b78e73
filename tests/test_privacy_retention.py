"""Retention: closed tickets are anonymised exactly after their period; stale credentials and
old mail records go; a dry run only counts; a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import search
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import AccessToken, AuthSession, LoginAttempt, StaffRole, User
from kennispunt.db import Database, utcnow
from kennispunt.events.service import record_event
from kennispunt.helpdesk import policy as helpdesk_policy
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage, TicketStatus
from kennispunt.mail.models import DeliveryStatus, MailDelivery, QuarantinedMail
from kennispunt.notifications.models import Notification
from kennispunt.privacy.retention import Periods, Retained, apply_retention
from kennispunt.privacy.tickets import ANONYMISED_TEXT
from tests.conftest import run_cli
from tests.factories import make_ticket, make_ticket_reply, make_token, make_user

PERIODS = Periods(tickets=timedelta(days=730), mail=timedelta(days=90))


async def closed_ticket(db: Database, requester_email: str, days_ago: int | None, subject: str) -> Ticket:
    """A ticket with an answer, closed ``days_ago`` (None: left open)."""
    requester = await accounts_user(db, requester_email)
    ticket = await make_ticket(db, requester, subject, f"Vraag over {subject}.")
    staff = await accounts_user(db, "hulp@example.org", StaffRole.HELPDESK)
    await make_ticket_reply(db, staff, ticket, f"Antwoord over {subject}.")
    if days_ago is not None:
        async with db.transaction() as session:
            viewer = await accounts.load_viewer(session, staff.id)
            await helpdesk.set_ticket_status(session, viewer, ticket.id, TicketStatus.CLOSED)
            await session.execute(
                update(Ticket)
                .where(Ticket.id == ticket.id)
                .values(closed_at=utcnow() - timedelta(days=days_ago, minutes=1))
            )
    return ticket


async def accounts_user(db: Database, email: str, role: StaffRole | None = None) -> User:
    async with db.session() as session:
        user = await accounts.get_user_by_email(session, email)
    return user or await make_user(db, email, "Vrager " + email.split("@")[0], (role,) if role else ())


async def indexed(db: Database, kind: str, query: str) -> list[int]:
    async with db.session() as session:
        found = search.matches(session, kind, query)
        return sorted(await session.scalars(select(found.c.object_id)))


async def test_retention_anonymises_exactly_the_tickets_past_their_period(db: Database) -> None:
    long_ago = await closed_ticket(db, "a@example.org", 800, "Kiesdrempel")
    just_past = await closed_ticket(db, "b@example.org", 731, "Kieslijst")
    not_yet = await closed_ticket(db, "c@example.org", 729, "Kiesraad")
    recent = await closed_ticket(db, "d@example.org", 10, "Kiesbrief")
    still_open = await closed_ticket(db, "e@example.org", None, "Kieskring")
    async with db.transaction() as session:  # open for years, but not closed: kept
        await session.execute(
            update(Ticket).where(Ticket.id == still_open.id).values(created_at=utcnow() - timedelta(days=900))
        )

    async with db.transaction() as session:
        counted = await apply_retention(session, PERIODS, dry_run=True)
    async with db.transaction() as session:
        applied = await apply_retention(session, PERIODS)
    async with db.transaction() as session:
        again = await apply_retention(session, PERIODS)

    assert counted == applied == Retained(2, 0, 0, 0, 0, 0)
    assert again == Retained(0, 0, 0, 0, 0, 0)
    async with db.session() as session:
        tickets = {t.id: t for t in await session.scalars(select(Ticket))}
        messages = list(await session.scalars(select(TicketMessage).order_by(TicketMessage.id)))
        subjects = {
            n.payload["ticket_id"]: n.payload["ticket_subject"]
            for n in await session.scalars(select(Notification))
        }
    anonymised = {ticket_id for ticket_id, ticket in tickets.items() if ticket.anonymised_at is not None}
    assert anonymised == {long_ago.id, just_past.id}
    assert {ticket_id: ticket.subject for ticket_id, ticket in tickets.items()} == {
        long_ago.id: ANONYMISED_TEXT,
        just_past.id: ANONYMISED_TEXT,
        not_yet.id: "Kiesraad",
        recent.id: "Kiesbrief",
        still_open.id: "Kieskring",
    }
    assert [(m.ticket_id, m.body) for m in messages if m.ticket_id in anonymised] == [
        (long_ago.id, ANONYMISED_TEXT),
        (long_ago.id, ANONYMISED_TEXT),
        (just_past.id, ANONYMISED_TEXT),
        (just_past.id, ANONYMISED_TEXT),
    ]
    assert [m.body for m in messages if m.ticket_id == not_yet.id] == [
        "Vraag over Kiesraad.",
        "Antwoord over Kiesraad.",
    ]
    assert subjects == {
        long_ago.id: ANONYMISED_TEXT,
        just_past.id: ANONYMISED_TEXT,
        not_yet.id: "Kiesraad",
        recent.id: "Kiesbrief",
        still_open.id: "Kieskring",
    }
    assert await indexed(db, helpdesk_policy.TICKET_SEARCH_KIND, "Kiesdrempel Kieslijst") == []
    assert await indexed(db, helpdesk_policy.TICKET_SEARCH_KIND, "Kiesraad") == [not_yet.id]
    assert await indexed(db, helpdesk_policy.MESSAGE_SEARCH_KIND, "Kiesdrempel") == []
    assert len(await indexed(db, helpdesk_policy.MESSAGE_SEARCH_KIND, "Kiesraad")) == 2


async def test_retention_removes_stale_credentials_and_old_mail_records(
    db: Database, cli_env: dict[str, str]
) -> None:
    user = await make_user(db)
    now = utcnow()
    await make_token(db, user, "actief")
    async with db.transaction() as session:
        await accounts.create_login_attempt(session, "nu", "n", "v", None)
        stale = await accounts.create_login_attempt(session, "oud", "n", "v", None)
        stale.expires_at = now - timedelta(minutes=1)
        for days in (31, 29):  # expired, more and less than the grace of 30 days ago
            session.add(
                AuthSession(user_id=user.id, token_hash=f"s{days}", expires_at=now - timedelta(days=days))
            )
            session.add(
                AccessToken(
                    user_id=user.id,
                    name="oud",
                    token_hash=f"t{days}",
                    prefix="kp_",
                    revoked_at=now - timedelta(days=days),
                )
            )
        await accounts.start_session(session, user, days=1)
        for days, status in (
            (91, DeliveryStatus.SENT),
            (91, DeliveryStatus.PENDING),
            (89, DeliveryStatus.SENT),
        ):
            session.add(
                MailDelivery(
                    event_id=await _event(session),
                    recipient="lid@example.org",
                    subject="Re",
                    status=status,
                    updated_at=now - timedelta(days=days),
                )
            )
        for days in (91, 89):
            session.add(
                QuarantinedMail(
                    received_at=now - timedelta(days=days),
                    envelope_from="x@example.org",
                    envelope_to="",
                    reason="",
                    raw=b"",
                )
            )

    dry = await run_cli(cli_env, "privacy", "retention", "--dry-run")
    real = await run_cli(cli_env, "privacy", "retention")
    again = await run_cli(cli_env, "privacy", "retention")

    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines() == [
        "tickets anonymised: 0 (dry run)",
        "login attempts removed: 1 (dry run)",
        "sessions removed: 1 (dry run)",
        "tokens removed: 1 (dry run)",
        "mail deliveries removed: 1 (dry run)",
        "quarantined mail removed: 1 (dry run)",
    ]
    assert real.stdout.splitlines() == [line.removesuffix(" (dry run)") for line in dry.stdout.splitlines()]
    assert again.stdout.splitlines() == [
        "tickets anonymised: 0",
        "login attempts removed: 0",
        "sessions removed: 0",
        "tokens removed: 0",
        "mail deliveries removed: 0",
        "quarantined mail removed: 0",
    ]
    async with db.session() as session:
        assert len(list(await session.scalars(select(LoginAttempt)))) == 1
        assert sorted(s.expires_at > now for s in await session.scalars(select(AuthSession))) == [False, True]
        assert sorted(t.name for t in await session.scalars(select(AccessToken))) == ["actief", "oud"]
        left = await session.scalars(select(MailDelivery.status).order_by(MailDelivery.id))
        assert list(left) == [DeliveryStatus.PENDING, DeliveryStatus.SENT]
        assert len(list(await session.scalars(select(QuarantinedMail)))) == 1


async def _event(session: AsyncSession) -> int:
    return (await record_event(session, "message_added", "ticket", 0)).id
