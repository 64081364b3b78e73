"""Atom feeds (RFC 4287) of published articles.

Generated with ``feedgen``: it builds the document with lxml, so text is escaped and
characters XML cannot hold are refused rather than written out, and it checks the
elements Atom requires. Its one trap: ``add_entry`` prepends unless told to append.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from kennispunt.content.models import Article, Topic
from kennispunt.i18n import Language, translate
from kennispunt.links import Links

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
AUTHOR = "Kennispunt lokale politieke partijen"
EMPTY_FEED_UPDATED = datetime(2025, 1, 1, tzinfo=UTC)
"""``updated`` of a feed without entries: a fixed moment, so that its ETag stays put."""


@dataclass(frozen=True)
class FeedInfo:
    """What the feed says about itself."""

    title: str
    self_url: str
    site_url: str


def article_entry_id(links: Links, article: Article) -> str:
    """A tag URI (RFC 4151) that survives a change of title or slug."""
    host = urlsplit(links.site_url).hostname or "localhost"
    return f"tag:{host},{article.created_at.astimezone(UTC):%Y-%m-%d}:article:{article.id}"


def _utc(moment: datetime) -> datetime:
    """Atom dates in UTC to the second."""
    return moment.astimezone(UTC).replace(microsecond=0)


def feed_title(language: Language, topic: Topic | None) -> str:
    if topic is None:
        return translate("feed.articles.title", language)
    return translate("feed.topic.title", language, topic=topic.name)


def articles_feed(
    info: FeedInfo, articles: Sequence[Article], topics: Mapping[int, Topic], links: Links, language: Language
) -> bytes:
    """The feed document: the entries in the order given (newest first)."""
    feed = FeedGenerator()
    feed.id(info.self_url)
    feed.title(info.title)
    feed.author({"name": AUTHOR})
    feed.link(href=info.self_url, rel="self", type="application/atom+xml")
    feed.link(href=info.site_url, rel="alternate", type="text/html")
    feed.language(language)
    feed.generator("Kennispunt")
    feed.updated(_utc(max((article.updated_at for article in articles), default=EMPTY_FEED_UPDATED)))
    for article in articles:
        url = links.article(article.slug)
        entry = feed.add_entry(order="append")
        entry.id(article_entry_id(links, article))
        entry.title(article.title)
        entry.summary(article.summary)
        entry.content(article.body_html, type="html")
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(_utc(article.published_at or article.created_at))
        entry.updated(_utc(article.updated_at))
        topic = topics.get(article.topic_id)
        if topic is not None:
            entry.category(term=topic.slug, label=topic.name)
    return cast(bytes, feed.atom_str(pretty=False, encoding="UTF-8"))  # feedgen has no types
