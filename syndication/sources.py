"""Reading what feeds, oEmbed and public pages show: content as the anonymous viewer sees it.

One function per document, each in a fixed number of SQL statements whatever the
number of entries (batch loads through the domain services, no per-entry queries).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from kennispunt.accounts.viewer import ANONYMOUS
from kennispunt.content import service as content
from kennispunt.content.models import Article, Topic
from kennispunt.db import Database, utcnow
from kennispunt.links import Links
from kennispunt.paging import MAX_PAGE_SIZE, PageRequest
from kennispunt.parties import service as party_service
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingSession

FEED_SIZE = 50
"""Entries in an Atom feed: the newest published articles."""
CALENDAR_SIZE = MAX_PAGE_SIZE
"""Trainings in the calendar feed, soonest first."""
CALENDAR_HISTORY = timedelta(days=30)
"""How long a training stays in the calendar after its last session: subscribed calendars
drop events that leave the feed, so a session just past stays in people's agendas."""


@dataclass(frozen=True)
class ArticleFeed:
    topic: Topic | None
    """The topic the feed is about; None for the feed of all articles."""
    articles: Sequence[Article]
    topics: Mapping[int, Topic]
    """Every topic by id, for the entries' categories."""


@dataclass(frozen=True)
class ScheduledTraining:
    training: Training
    sessions: Sequence[TrainingSession]
    topic: Topic | None


@dataclass(frozen=True)
class TrainingPage:
    training: Training
    sessions: Sequence[TrainingSession]
    seats_left: int
    topic: Topic | None


@dataclass(frozen=True)
class EmbedTarget:
    """What an oEmbed card shows of an article or a training."""

    title: str
    summary: str
    url: str


async def read_article_feed(db: Database, topic_slug: str | None = None) -> ArticleFeed | None:
    """The newest published articles (of one topic); None when that topic does not exist."""
    async with db.session() as session:
        topics = {topic.id: topic for topic in await content.list_topics(session)}
        topic = None
        if topic_slug is not None:
            topic = next((candidate for candidate in topics.values() if candidate.slug == topic_slug), None)
            if topic is None:
                return None
        page = await content.articles_page(
            session, ANONYMOUS, PageRequest(0, FEED_SIZE, count=False), topic_slug=topic_slug
        )
    return ArticleFeed(topic=topic, articles=page.items, topics=topics)


async def read_training_calendar(db: Database) -> list[ScheduledTraining]:
    """Published trainings not over for a month yet, with their sessions, soonest first."""
    async with db.session() as session:
        scheduled = await trainings.scheduled_trainings(
            session, ANONYMOUS, utcnow() - CALENDAR_HISTORY, CALENDAR_SIZE
        )
        sessions = await trainings.sessions_by_training(session, [training.id for training in scheduled])
        topics = await content.topics_by_ids(
            session, [training.topic_id for training in scheduled if training.topic_id is not None]
        )
    return [
        ScheduledTraining(training, sessions[training.id], topics.get(training.topic_id or 0))
        for training in scheduled
    ]


async def read_article(db: Database, slug: str) -> tuple[Article, Topic | None] | None:
    """An article readable by link (published, or archived after publication), with its topic."""
    async with db.session() as session:
        article = await content.article_by_slug(session, ANONYMOUS, slug)
        if article is None:
            return None
        topics = await content.topics_by_ids(session, [article.topic_id])
    return article, topics.get(article.topic_id)


async def read_training(db: Database, slug: str) -> TrainingPage | None:
    """A public training with its sessions and the seats still free."""
    async with db.session() as session:
        training = await trainings.training_by_slug(session, ANONYMOUS, slug)
        if training is None:
            return None
        sessions = await trainings.sessions_by_training(session, [training.id])
        taken = await trainings.seats_taken(session, [training.id])
        topics = await content.topics_by_ids(session, [training.topic_id] if training.topic_id else [])
    return TrainingPage(
        training=training,
        sessions=sessions[training.id],
        seats_left=trainings.seats_left(training, taken[training.id]),
        topic=topics.get(training.topic_id or 0),
    )


async def read_embed_target(db: Database, links: Links, url: str) -> EmbedTarget | None:
    """The article or training at a page address of the website; None for anything else."""
    resolved = links.resolve(url)
    if resolved is None:
        return None
    kind, slug = resolved
    async with db.session() as session:
        if kind == "article":
            article = await content.article_by_slug(session, ANONYMOUS, slug)
            if article is None:
                return None
            return EmbedTarget(article.title, article.summary, links.article(article.slug))
        training = await trainings.training_by_slug(session, ANONYMOUS, slug)
        if training is None:
            return None
        return EmbedTarget(training.title, training.summary, links.training(training.slug))


async def read_example_slugs(db: Database) -> tuple[str | None, str | None]:
    """A topic with published articles and a party, for the example page of the embeds."""
    async with db.session() as session:
        page = await content.articles_page(session, ANONYMOUS, PageRequest(0, 1, count=False))
        topics = await content.topics_by_ids(session, [article.topic_id for article in page.items])
        parties = await party_service.parties_page(session, PageRequest(0, 1, count=False))
    topic = next(iter(topics.values()), None)
    return (topic.slug if topic else None), (parties.items[0].slug if parties.items else None)
