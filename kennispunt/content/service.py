"""Rules of the knowledge base: listing, searching and editing articles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer, joinedload

from kennispunt import markdown, search
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import policy
from kennispunt.content.models import Article, Topic
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, conflict, not_found, refused
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_page
from kennispunt.publishing import PublicationStatus
from kennispunt.slugs import free_slug_from_title

SEARCH_KIND = "article"
TITLE_MAX, SUMMARY_MAX, BODY_MAX = 200, 500, 100_000


async def list_topics(session: AsyncSession) -> list[Topic]:
    return list(await session.scalars(select(Topic).order_by(Topic.position, Topic.name)))


async def topics_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Topic]:
    return {topic.id: topic for topic in await session.scalars(select(Topic).where(Topic.id.in_(ids)))}


async def create_topic(
    session: AsyncSession, slug: str, name: str, description: str = "", position: int = 0
) -> Topic:
    checks = Checks()
    slug = checks.slug(("slug",), slug)
    name = checks.title(("name",), name, max_length=100)
    checks.raise_if_any()
    topic = Topic(slug=slug, name=name, description=description.strip(), position=position)
    session.add(topic)
    await session.flush()
    return topic


async def articles_page(
    session: AsyncSession,
    viewer: Viewer,
    request: PageRequest,
    *,
    topic_slug: str | None = None,
    query: str | None = None,
    statuses: list[PublicationStatus] | None = None,
    bodies: bool = True,
    topics: bool = False,
) -> Page[Article]:
    """Articles the viewer may see; with a query, the best matches first. Without
    ``bodies`` the Markdown and HTML bodies (most of an article's bytes) are not read,
    and reading them raises; with ``topics`` each article's topic comes along (a join)."""
    statement = select(Article).where(
        policy.visible_articles(viewer), Article.status.in_(policy.listed_statuses(viewer, statuses))
    )
    if not bodies:
        statement = statement.options(
            defer(Article.body, raiseload=True), defer(Article.body_html, raiseload=True)
        )
    if topics:
        statement = statement.options(joinedload(Article.topic))
    if topic_slug is not None:
        statement = statement.join(Topic, Topic.id == Article.topic_id).where(Topic.slug == topic_slug)
    query = search.checked_query(query, ("search",)) if query is not None else ""
    if query:
        found = search.matches(session, SEARCH_KIND, query)
        statement = statement.join(found, found.c.object_id == Article.id).order_by(
            found.c.rank.desc(), Article.published_at.desc().nulls_first(), Article.id.desc()
        )
    else:
        statement = statement.order_by(Article.published_at.desc().nulls_first(), Article.id.desc())
    return await fetch_page(session, statement, request)


async def article_by_slug(session: AsyncSession, viewer: Viewer, slug: str) -> Article | None:
    return await session.scalar(select(Article).where(Article.slug == slug, policy.visible_articles(viewer)))


async def articles_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Article]:
    return await rows_by_ids(session, Article, ids, policy.visible_articles(viewer))


async def _require_editable(session: AsyncSession, viewer: Viewer, article_id: int) -> Article:
    if not policy.can_edit(viewer):
        raise refused(viewer)
    article = await session.get(Article, article_id, with_for_update=True)
    if article is None:
        raise not_found("article.not_found", ("id",))
    return article


async def _check_topic(session: AsyncSession, checks: Checks, topic_id: int) -> None:
    if await session.get(Topic, topic_id) is None:
        checks.add(("topic_id",), "topic.not_found", ErrorCode.NOT_FOUND)


async def _check_slug_free(
    session: AsyncSession, checks: Checks, slug: str, article_id: int | None = None
) -> None:
    taken = await session.scalar(select(Article.id).where(Article.slug == slug))
    if taken is not None and taken != article_id:
        checks.add(("slug",), "slug.taken", ErrorCode.CONFLICT)


async def _reindex(session: AsyncSession, article: Article) -> None:
    await search.index_document(
        session, search.Document(SEARCH_KIND, article.id, article.title, article.summary, article.body)
    )


async def create_article(
    session: AsyncSession,
    viewer: Viewer,
    *,
    title: str,
    summary: str,
    body: str,
    topic_id: int,
    slug: str | None = None,
) -> Article:
    """A new draft; it becomes visible to readers once published."""
    if not policy.can_edit(viewer):
        raise refused(viewer)
    checks = Checks()
    title = checks.title(("title",), title, max_length=TITLE_MAX)
    summary = checks.text(("summary",), summary, max_length=SUMMARY_MAX)
    body = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    await _check_topic(session, checks, topic_id)
    if slug:
        slug = checks.slug(("slug",), slug)
        await _check_slug_free(session, checks, slug)
    else:
        slug = await free_slug_from_title(session, Article.slug, title, "artikel") or ""
    checks.raise_if_any()
    now = utcnow()
    article = Article(
        slug=slug,
        title=title,
        summary=summary,
        body=body,
        body_html=markdown.render(body),
        topic_id=topic_id,
        status=PublicationStatus.DRAFT,
        author_id=viewer.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(article)
    await session.flush()
    await _reindex(session, article)
    return article


async def update_article(
    session: AsyncSession,
    viewer: Viewer,
    article_id: int,
    *,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    topic_id: int | None = None,
    slug: str | None = None,
) -> Article:
    """Change the given fields; fields left out stay as they are.

    Everything is checked before anything changes, so no invalid value is ever flushed.
    """
    article = await _require_editable(session, viewer, article_id)
    checks = Checks()
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = checks.title(("title",), title, max_length=TITLE_MAX)
    if summary is not None:
        changes["summary"] = checks.text(("summary",), summary, max_length=SUMMARY_MAX)
    if body is not None:
        changes["body"] = markdown.check(checks, ("body",), body, max_length=BODY_MAX)
    if topic_id is not None:
        await _check_topic(session, checks, topic_id)
        changes["topic_id"] = topic_id
    if slug is not None:
        changes["slug"] = checks.slug(("slug",), slug)
        await _check_slug_free(session, checks, str(changes["slug"]), article.id)
    checks.raise_if_any()
    for name, value in changes.items():
        setattr(article, name, value)
    if "body" in changes:
        article.body_html = markdown.render(article.body)
    article.updated_at = utcnow()
    await session.flush()
    await _reindex(session, article)
    return article


async def publish_article(
    session: AsyncSession, viewer: Viewer, article_id: int, published_at: datetime | None = None
) -> Article:
    article = await _require_editable(session, viewer, article_id)
    if article.status is PublicationStatus.PUBLISHED:
        raise conflict("article.already_published")
    article.status = PublicationStatus.PUBLISHED
    article.published_at = published_at or article.published_at or utcnow()
    article.updated_at = utcnow()
    await session.flush()
    return article


async def archive_article(session: AsyncSession, viewer: Viewer, article_id: int) -> Article:
    article = await _require_editable(session, viewer, article_id)
    if article.status is PublicationStatus.ARCHIVED:
        raise conflict("article.already_archived")
    article.status = PublicationStatus.ARCHIVED
    article.updated_at = utcnow()
    await session.flush()
    return article
