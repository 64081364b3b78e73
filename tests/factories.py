"""Test data, made through the domain services (the same rules as the API)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kennispunt import ratelimit
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import service as content
from kennispunt.content.models import Article, Topic
from kennispunt.db import Database, utcnow
from kennispunt.forum import posting as forum
from kennispunt.forum import service as forum_service
from kennispunt.forum.models import ForumCategory, Reply, Thread
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage, TicketPriority
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Party
from kennispunt.partners import service as partners
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingFormat

EDITOR = Viewer(user_id=None, roles=frozenset({StaffRole.EDITOR}))
ADMIN = Viewer(user_id=None, roles=frozenset({StaffRole.ADMIN}))


async def make_user(
    db: Database,
    email: str = "lid@example.org",
    name: str = "Sanne de Boer",
    roles: tuple[StaffRole, ...] = (),
) -> User:
    async with db.transaction() as session:
        user = await accounts.create_user(session, email, name)
        for role in roles:
            await accounts.grant_role(session, user, role)
    return user


async def make_token(db: Database, user: User, name: str = "test") -> str:
    async with db.transaction() as session:
        return (await accounts.create_token(session, user, name)).token


async def make_partner_key(
    db: Database, *, origins: list[str], name: str = "Gemeente Utrecht", rate: str = "1200/minute"
) -> str:
    """A partner API key; returns its secret."""
    draft = partners.PartnerKeyDraft(name=name, allowed_origins=origins, rate=rate)
    async with db.transaction() as session:
        return (await partners.issue_key(session, draft, rate)).secret


async def make_party(
    db: Database,
    slug: str = "lokaal-utrecht",
    name: str = "Lokaal Utrecht",
    municipality_code: str = "GM0344",
    **extra: object,
) -> Party:
    async with db.transaction() as session:
        return await parties.create_party(
            session, slug=slug, name=name, municipality_code=municipality_code, **extra
        )  # type: ignore[arg-type]


async def make_member(
    db: Database,
    user: User,
    party: Party,
    role: MemberRole = MemberRole.MEMBER,
    status: MemberStatus = MemberStatus.VERIFIED,
) -> Member:
    async with db.transaction() as session:
        return await parties.add_member(session, user.id, party.id, role, status)


async def make_verified_member(
    db: Database,
    email: str = "lid@example.org",
    name: str = "Sanne de Boer",
    party: Party | None = None,
    role: MemberRole = MemberRole.MEMBER,
) -> User:
    """A user with a VERIFIED membership: of ``party``, or else of Lokaal Utrecht (made on first use)."""
    async with db.transaction() as session:
        if party is None:
            party = await parties.party_by_slug(session, "lokaal-utrecht") or await parties.create_party(
                session, slug="lokaal-utrecht", name="Lokaal Utrecht", municipality_code="GM0344"
            )
        user = await accounts.create_user(session, email, name)
        await parties.add_member(session, user.id, party.id, role, MemberStatus.VERIFIED)
    return user


async def make_topic(
    db: Database, slug: str = "campagne-voeren", name: str = "Campagne voeren", position: int = 0
) -> Topic:
    async with db.transaction() as session:
        return await content.create_topic(session, slug, name, "", position)


async def make_article(
    db: Database,
    topic: Topic,
    title: str = "Een partij oprichten",
    *,
    summary: str = "Zo begin je een lokale partij.",
    body: str = "Een lokale partij begint met een vereniging.",
    slug: str | None = None,
    published_at: datetime | None = None,
    published: bool = True,
) -> Article:
    async with db.transaction() as session:
        article = await content.create_article(
            session, EDITOR, title=title, summary=summary, body=body, topic_id=topic.id, slug=slug
        )
        if published:
            article = await content.publish_article(session, EDITOR, article.id, published_at)
    return article


async def make_training(
    db: Database,
    title: str = "Campagne voeren",
    *,
    capacity: int = 10,
    starts_in: timedelta = timedelta(days=10),
    sessions: int = 1,
    deadline_before: timedelta = timedelta(days=1),
    published: bool = True,
    topic: Topic | None = None,
    slug: str | None = None,
    starts: Sequence[datetime] = (),
    location: str | None = None,
) -> Training:
    """A training of two-hour sessions: weekly from ``starts_in`` (``sessions`` of them), or
    at each of ``starts`` (aware datetimes). With a ``location`` it is held there, else online."""
    first = (utcnow() + starts_in).replace(microsecond=0)
    starts = starts or [first + timedelta(days=7 * index) for index in range(sessions)]
    times = [trainings.SessionTimes(start, start + timedelta(hours=2)) for start in starts]
    async with db.transaction() as session:
        training = await trainings.create_training(
            session,
            EDITOR,
            trainings.TrainingDraft(
                title=title,
                summary="Een avond over campagne voeren.",
                description="Met **oefeningen**.",
                topic_id=topic.id if topic else None,
                format=TrainingFormat.IN_PERSON if location else TrainingFormat.ONLINE,
                location=location or "Online",
                capacity=capacity,
                registration_deadline=starts[0] - deadline_before,
                sessions=times,
                slug=slug,
            ),
        )
        if published:
            training = await trainings.publish_training(session, EDITOR, training.id)
    return training


async def make_category(
    db: Database,
    name: str = "Campagne voeren",
    slug: str | None = None,
    position: int = 0,
    description: str = "",
) -> ForumCategory:
    async with db.transaction() as session:
        return await forum_service.create_category(
            session, ADMIN, name=name, slug=slug, position=position, description=description
        )


async def make_thread(
    db: Database,
    author: User,
    category: ForumCategory,
    title: str = "Hoe werven jullie leden?",
    body: str = "Wij zoeken **nieuwe leden**.",
) -> Thread:
    """A thread started by ``author`` (who must be allowed into the forum), not rate limited."""
    with ratelimit.exempt():
        async with db.transaction() as session:
            viewer = await accounts.load_viewer(session, author.id)
            return await forum.start_thread(session, viewer, category.id, title, body)


async def make_reply(
    db: Database, author: User, thread: Thread, body: str = "Met een ledenavond.", quoted: Reply | None = None
) -> Reply:
    """A reply by ``author`` (who must be allowed into the forum), not rate limited."""
    with ratelimit.exempt():
        async with db.transaction() as session:
            viewer = await accounts.load_viewer(session, author.id)
            return await forum.post_reply(session, viewer, thread.id, body, quoted.id if quoted else None)


async def make_ticket(
    db: Database,
    requester: User,
    subject: str = "Hoe richten we een vereniging op?",
    body: str = "Wij willen een **lokale partij** oprichten. Waar beginnen we?",
    *,
    party: Party | None = None,
    priority: TicketPriority | None = None,
) -> Ticket:
    """A ticket opened by ``requester`` over the web, optionally on behalf of their party
    (set-up: not counted against the requester's rate limit)."""
    with ratelimit.exempt():
        async with db.transaction() as session:
            viewer = await accounts.load_viewer(session, requester.id)
            return await helpdesk.open_ticket(
                session,
                viewer,
                subject=subject,
                body=body,
                party_id=party.id if party else None,
                priority=priority,
            )


async def make_ticket_reply(
    db: Database, author: User, ticket: Ticket, body: str = "Begin met een vereniging bij de notaris."
) -> TicketMessage:
    """A public reply by the requester or a helpdesk staff member."""
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, author.id)
        return await helpdesk.reply_to_ticket(session, viewer, ticket.id, body)


async def make_internal_note(
    db: Database, author: User, ticket: Ticket, body: str = "Intern: eerder gebeld, kent de statuten niet."
) -> TicketMessage:
    """An internal note by a helpdesk staff member."""
    async with db.transaction() as session:
        viewer = await accounts.load_viewer(session, author.id)
        return await helpdesk.add_internal_note(session, viewer, ticket.id, body)
