"""Loads the Dutch demo content through the same services the API uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import ratelimit, search
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import AccessToken, AuthSession, LoginAttempt, StaffRole, User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import service as content
from kennispunt.content.models import Article, Topic
from kennispunt.db import DISPLAY_TIMEZONE, Database, utcnow
from kennispunt.demo import content as demo
from kennispunt.demo import forum as demo_forum
from kennispunt.demo import helpdesk as demo_helpdesk
from kennispunt.events.models import Event, EventHorizon
from kennispunt.forum import moderation as forum_moderation
from kennispunt.forum import posting as forum_posting
from kennispunt.forum import service as forum
from kennispunt.forum.models import (
    ForumCategory,
    ModerationAction,
    Reaction,
    ReadMark,
    Reply,
    Report,
    Thread,
    ThreadFollow,
)
from kennispunt.helpdesk import rules as helpdesk_rules
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import (
    Ticket,
    TicketCounter,
    TicketMessage,
    TicketMessageArticle,
    TicketPriority,
    TicketStatus,
)
from kennispunt.idempotency.models import IdempotencyKey
from kennispunt.mail.models import MailDelivery, QuarantinedMail
from kennispunt.notifications.models import Notification
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Party
from kennispunt.partners.models import PartnerKey
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import (
    RegistrationStatus,
    Training,
    TrainingFormat,
    TrainingRegistration,
    TrainingSession,
)

DEMO_EDITOR = Viewer(user_id=None, roles=frozenset({StaffRole.EDITOR}))
DEMO_ADMIN = Viewer(user_id=None, roles=frozenset({StaffRole.ADMIN}))

# Children before parents; municipalities are reference data and stay.
TABLES_TO_CLEAR = (
    IdempotencyKey,
    MailDelivery,
    QuarantinedMail,
    Event,
    EventHorizon,
    Notification,
    TicketMessageArticle,
    TicketMessage,
    Ticket,
    TicketCounter,
    ModerationAction,
    Report,
    ReadMark,
    ThreadFollow,
    Reaction,
    Reply,
    Thread,
    ForumCategory,
    TrainingRegistration,
    TrainingSession,
    Training,
    Article,
    Topic,
    Member,
    Party,
    PartnerKey,
    AccessToken,
    AuthSession,
    LoginAttempt,
    UserRole,
    User,
)


@dataclass(frozen=True)
class DemoSummary:
    topics: int
    articles: int
    parties: int
    users: int
    trainings: int
    threads: int
    tickets: int = 0


async def has_content(db: Database) -> bool:
    async with db.session() as session:
        return bool(await session.scalar(select(func.count()).select_from(Article)))


async def clear(session: AsyncSession) -> None:
    """Remove everything but the municipalities."""
    await session.execute(text(f"DELETE FROM {search.TABLE}"))
    for model in TABLES_TO_CLEAR:
        await session.execute(delete(model))


def _local(days_from_today: int, clock: str, today: date) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(today + timedelta(days=days_from_today), time(hour, minute), DISPLAY_TIMEZONE)


async def load(db: Database) -> DemoSummary:
    """Replace all content with the demo content, in one transaction."""
    demo.check_references()
    demo_forum.check_references({user.email for user in demo.USERS})
    demo_helpdesk.check_references(
        {user.email for user in demo.USERS},
        {a.slug for a in demo.ARTICLES if a.published_days_ago is not None and not a.archived},
        {party.slug for party in demo.PARTIES},
    )
    today = datetime.now(DISPLAY_TIMEZONE).date()
    async with db.transaction() as session:
        await clear(session)
        users = await _load_users(session)
        party_ids = await _load_parties(session)
        await _load_memberships(session, users, party_ids)
        topic_ids = await _load_topics(session)
        await _load_articles(session, topic_ids, today)
        await _load_trainings(session, topic_ids, users, today)
        await _load_forum(session, users)
        with ratelimit.exempt():  # years of questions, asked in one go
            await _load_helpdesk(session, users, party_ids)
    return DemoSummary(
        topics=len(demo.TOPICS),
        articles=len(demo.ARTICLES),
        parties=len(demo.PARTIES),
        users=len(demo.USERS),
        trainings=len(demo.TRAININGS),
        threads=len(demo_forum.THREADS),
        tickets=len(demo_helpdesk.TICKETS),
    )


async def _load_users(session: AsyncSession) -> dict[str, User]:
    users: dict[str, User] = {}
    for item in demo.USERS:
        user = await accounts.create_user(session, item.email, item.display_name)
        for role in item.roles:
            await accounts.grant_role(session, user, StaffRole[role])
        users[item.email] = user
    return users


async def _load_parties(session: AsyncSession) -> dict[str, int]:
    party_ids: dict[str, int] = {}
    for item in demo.PARTIES:
        party = await parties.create_party(
            session,
            slug=item.slug,
            name=item.name,
            municipality_code=item.municipality_code,
            seats=item.seats,
            website=item.website,
            description=item.description,
            founded_on=date.fromisoformat(item.founded),
        )
        party_ids[item.slug] = party.id
    return party_ids


async def _load_memberships(session: AsyncSession, users: dict[str, User], party_ids: dict[str, int]) -> None:
    for item in demo.USERS:
        for membership in item.memberships:
            await parties.add_member(
                session,
                users[item.email].id,
                party_ids[membership.party],
                MemberRole[membership.role],
                MemberStatus[membership.status],
            )


async def _load_topics(session: AsyncSession) -> dict[str, int]:
    topic_ids: dict[str, int] = {}
    for position, item in enumerate(demo.TOPICS):
        topic = await content.create_topic(session, item.slug, item.name, item.description, position)
        topic_ids[item.slug] = topic.id
    return topic_ids


async def _load_articles(session: AsyncSession, topic_ids: dict[str, int], today: date) -> None:
    for item in demo.ARTICLES:
        article = await content.create_article(
            session,
            DEMO_EDITOR,
            title=item.title,
            summary=item.summary,
            body=item.body,
            topic_id=topic_ids[item.topic],
            slug=item.slug,
        )
        if item.published_days_ago is not None:
            published_at = _local(-item.published_days_ago, "09:00", today)
            await content.publish_article(session, DEMO_EDITOR, article.id, published_at)
        if item.archived:
            await content.archive_article(session, DEMO_EDITOR, article.id)


async def _load_trainings(
    session: AsyncSession, topic_ids: dict[str, int], users: dict[str, User], today: date
) -> None:
    for item in demo.TRAININGS:
        sessions = [
            trainings.SessionTimes(
                starts_at=(start := _local(s.days_from_today, s.start, today)),
                ends_at=start + timedelta(minutes=s.minutes),
            )
            for s in item.sessions
        ]
        training = await trainings.create_training(
            session,
            DEMO_EDITOR,
            trainings.TrainingDraft(
                title=item.title,
                summary=item.summary,
                description=item.description,
                topic_id=topic_ids[item.topic],
                format=TrainingFormat[item.format],
                location=item.location,
                capacity=item.capacity,
                registration_deadline=sessions[0].starts_at - timedelta(days=item.deadline_days_before),
                sessions=sessions,
                slug=item.slug,
            ),
        )
        if item.published:
            await trainings.publish_training(session, DEMO_EDITOR, training.id)
        _add_registrations(session, training, [users[email] for email in item.registrations])
        await session.flush()


def _add_registrations(session: AsyncSession, training: Training, attendees: list[User]) -> None:
    """Registrations as they would have come in, one minute apart; past ones were attended."""
    past = training.starts_at <= utcnow()
    first_in = training.created_at - timedelta(days=len(attendees))
    for index, user in enumerate(attendees):
        if index < training.capacity:
            status = RegistrationStatus.ATTENDED if past else RegistrationStatus.CONFIRMED
        else:
            status = RegistrationStatus.CANCELLED if past else RegistrationStatus.WAITLISTED
        queued_at = first_in + timedelta(minutes=index)
        session.add(
            TrainingRegistration(
                training_id=training.id,
                user_id=user.id,
                status=status,
                queued_at=queued_at,
                created_at=queued_at,
                updated_at=queued_at,
            )
        )


async def _load_forum(session: AsyncSession, users: dict[str, User]) -> None:
    """Threads and replies as they would have come in, through the forum's services
    (not rate limited), then dated in the past."""
    category_ids: dict[str, int] = {}
    for position, item in enumerate(demo_forum.CATEGORIES):
        category = await forum.create_category(
            session,
            DEMO_ADMIN,
            name=item.name,
            slug=item.slug,
            description=item.description,
            position=position,
        )
        category_ids[item.slug] = category.id
    moderator = await accounts.load_viewer(session, users[demo_forum.MODERATOR].id)
    now = utcnow()
    with ratelimit.exempt():
        for thread_item in demo_forum.THREADS:
            asker = await accounts.load_viewer(session, users[thread_item.author].id)
            thread = await forum_posting.start_thread(
                session, asker, category_ids[thread_item.category], thread_item.title, thread_item.body
            )
            thread.created_at = thread.last_activity_at = now - timedelta(hours=thread_item.hours_ago)
            for reply_item in thread_item.replies:
                author = await accounts.load_viewer(session, users[reply_item.author].id)
                reply = await forum_posting.post_reply(session, author, thread.id, reply_item.body)
                reply.created_at = thread.last_activity_at = now - timedelta(hours=reply_item.hours_ago)
                if reply_item.accepted:
                    await forum_posting.accept_answer(session, asker, reply.id)
            if thread_item.pinned:
                await forum_moderation.pin_thread(session, moderator, thread.id)
            if thread_item.locked:
                await forum_moderation.lock_thread(session, moderator, thread.id)
            await session.flush()


async def _load_helpdesk(session: AsyncSession, users: dict[str, User], party_ids: dict[str, int]) -> None:
    """Tickets as they would have come in, through the helpdesk's services, then dated in the past."""
    now = utcnow()
    for item in demo_helpdesk.TICKETS:
        requester = users[item.requester]
        question = item.messages[0]
        party_id = party_ids[item.party] if item.party else None
        if item.logged_by:
            staff = await accounts.load_viewer(session, users[item.logged_by].id)
            first: TicketMessage | None = await helpdesk.log_phone_call(
                session,
                staff,
                requester_id=requester.id,
                subject=item.subject,
                body=question.body,
                party_id=party_id,
                priority=TicketPriority[item.priority],
            )
        else:
            asker = await accounts.load_viewer(session, requester.id)
            opened = await helpdesk.open_ticket(
                session,
                asker,
                subject=item.subject,
                body=question.body,
                priority=TicketPriority[item.priority],
                party_id=party_id,
            )
            first = await session.scalar(select(TicketMessage).where(TicketMessage.ticket_id == opened.id))
        assert first is not None
        ticket = await session.get(Ticket, first.ticket_id)
        assert ticket is not None
        if item.assignee:
            staff = await accounts.load_viewer(session, users[item.assignee].id)
            await helpdesk.assign_ticket(session, staff, ticket.id, users[item.assignee].id)
        dated = [(first, question.hours_ago)]
        for message_item in item.messages[1:]:
            author = await accounts.load_viewer(session, users[message_item.author].id)
            if message_item.internal:
                message = await helpdesk.add_internal_note(session, author, ticket.id, message_item.body)
            else:
                slugs = select(Article.slug, Article.id).where(Article.slug.in_(message_item.articles))
                by_slug = dict((await session.execute(slugs)).all())
                message = await helpdesk.reply_to_ticket(
                    session,
                    author,
                    ticket.id,
                    message_item.body,
                    article_ids=[by_slug[slug] for slug in message_item.articles],
                )
            dated.append((message, message_item.hours_ago))
        if item.status:
            staff = await accounts.load_viewer(session, users[demo_helpdesk.HELPDESK].id)
            await helpdesk.set_ticket_status(session, staff, ticket.id, TicketStatus[item.status])
        if item.rating:
            asker = await accounts.load_viewer(session, requester.id)
            await helpdesk.rate_ticket(session, asker, ticket.id, item.rating)
        _date_ticket(ticket, dated, now)
        await session.flush()


def _date_ticket(ticket: Ticket, messages: list[tuple[TicketMessage, int]], now: datetime) -> None:
    """Move a ticket made just now to when its messages were written."""
    for message, hours_ago in messages:
        message.created_at = now - timedelta(hours=hours_ago)
    public = [message for message, _ in messages if not message.is_internal]
    ticket.created_at = public[0].created_at
    ticket.first_response_due_at = helpdesk_rules.first_response_due(ticket.created_at, ticket.priority)
    ticket.updated_at = public[-1].created_at
    answers = [message for message in public if message.author_id != ticket.requester_id]
    if answers:
        ticket.first_responded_at = answers[0].created_at
    if ticket.resolved_at is not None:
        ticket.resolved_at = ticket.updated_at = public[-1].created_at + timedelta(hours=1)
        ticket.rated_at = ticket.resolved_at + timedelta(hours=2) if ticket.rating else None
