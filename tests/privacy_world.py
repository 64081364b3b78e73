"""A person with something of everything the platform holds, beside others: for the export
and erasure tests (`tests/test_privacy_*.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kennispunt import ratelimit
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import AccessToken, AuthSession, StaffRole, User
from kennispunt.db import Database
from kennispunt.events.models import Event
from kennispunt.forum import moderation
from kennispunt.forum import posting as forum
from kennispunt.forum.models import ReactionKind, Reply, Report, Thread
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.mail import outbox
from kennispunt.notifications.models import Notification
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, MemberRole, Party
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training
from tests.factories import (
    make_category,
    make_internal_note,
    make_member,
    make_party,
    make_reply,
    make_thread,
    make_ticket,
    make_ticket_reply,
    make_token,
    make_training,
    make_user,
    make_verified_member,
)

NAME = "Sanne Xandravolk"
EMAIL = "sanne.xandravolk@example.org"
SECRET_NOTE = "Intern: belde boos, let op bij terugbellen."


@dataclass
class PrivacyWorld:
    person: User
    token: str
    other: User
    other_token: str
    staff: User
    admin_token: str
    party: Party
    board: Party
    thread: Thread
    own_reply: Reply
    others_reply: Reply
    ticket: Ticket
    question: TicketMessage
    answer: TicketMessage
    note: TicketMessage
    others_ticket: Ticket
    training: Training
    ids: dict[str, list[int]]
    """The ids of the person's rows of each kind, oldest first (sequences differ per engine)."""


async def build_privacy_world(db: Database) -> PrivacyWorld:
    party = await make_party(db)
    board = await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014")
    chair = await make_user(db, "voorzitter@example.org", "Voorzitter B")
    await make_member(db, chair, board, MemberRole.CHAIR)
    person = await make_verified_member(db, EMAIL, NAME, party)
    other = await make_verified_member(db, "piet@example.org", "Piet Jansen", party)
    staff = await make_user(db, "hulp@example.org", "Hanna Hulp", (StaffRole.HELPDESK,))
    admin = await make_user(db, "beheer@example.org", "Beheer", (StaffRole.ADMIN,))
    category = await make_category(db)
    thread = await make_thread(db, person, category, "Hoe werven jullie leden?", "Wij zoeken nieuwe leden.")
    others_thread = await make_thread(db, other, category, "Folders drukken", "Waar laten jullie drukken?")
    others_reply = await make_reply(db, other, thread, "Met een ledenavond.")
    own_reply = await make_reply(db, person, others_thread, "Bij de drukkerij om de hoek.")
    ticket = await make_ticket(db, person, "Statuten wijzigen", f"Hoe wijzigen we de statuten? Groet, {NAME}")
    answer = await make_ticket_reply(db, staff, ticket, "Via de notaris.")
    note = await make_internal_note(db, staff, ticket, SECRET_NOTE)
    others_ticket = await make_ticket(db, other, "Kascommissie", "Wie mag in de kascommissie?")
    training = await make_training(db, "Campagne voeren", capacity=5, slug="campagne-voeren")
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, person.id)
        with ratelimit.exempt():
            await forum.react_to_reply(session, viewer, others_reply.id, ReactionKind.THANKS)
            await moderation.report_post(session, viewer, reason="Reclame.", thread_id=others_thread.id)
        registration = await trainings.register(session, viewer, training.id)
        claim = await parties.request_membership(session, viewer, board.id, MemberRole.CANDIDATE)
        await accounts.start_session(session, person, days=1)
        events = await session.scalars(select(Event).where(Event.kind == outbox.EVENT_KIND))
        deliveries = await outbox.enqueue(session, list(events))
    token = await make_token(db, person, "laptop")
    async with db.session() as session:
        question = await session.scalar(
            select(TicketMessage).where(TicketMessage.ticket_id == ticket.id).order_by(TicketMessage.id)
        )
        ids = {
            "members": [
                *await session.scalars(
                    select(Member.id).where(Member.user_id == person.id, Member.id != claim.id)
                ),
                claim.id,
            ],
            "notifications": list(
                await session.scalars(
                    select(Notification.id).where(Notification.user_id == person.id).order_by(Notification.id)
                )
            ),
            "sessions": list(
                await session.scalars(select(AuthSession.id).where(AuthSession.user_id == person.id))
            ),
            "tokens": list(
                await session.scalars(select(AccessToken.id).where(AccessToken.user_id == person.id))
            ),
            "registrations": [registration.id],
            "deliveries": deliveries,
            "reports": list(await session.scalars(select(Report.id).where(Report.reporter_id == person.id))),
        }
    assert question is not None
    return PrivacyWorld(
        person=person,
        token=token,
        other=other,
        other_token=await make_token(db, other),
        staff=staff,
        admin_token=await make_token(db, admin),
        party=party,
        board=board,
        thread=thread,
        own_reply=own_reply,
        others_reply=others_reply,
        ticket=ticket,
        question=question,
        answer=answer,
        note=note,
        others_ticket=others_ticket,
        training=training,
        ids=ids,
    )
