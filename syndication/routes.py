"""HTTP routes of the feeds, oEmbed and the public pages: read, build, answer with caching."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from kennispunt.db import Database
from kennispunt.errors import SLUG_PATTERN
from kennispunt.httpcache import cached_response
from kennispunt.i18n import negotiate_language, translate
from kennispunt.links import Links
from kennispunt.settings import Settings
from kennispunt.urls import split_url
from syndication import atom, calendar, oembed, pages, sources

ARTICLES_FEED_PATH = "/feeds/articles.atom"
TRAININGS_CALENDAR_PATH = "/feeds/trainings.ics"
OEMBED_PATH = "/oembed"


def topic_feed_path(slug: str) -> str:
    return f"/feeds/topics/{slug}.atom"


MAX_SIZE_DIGITS = 6


def _size_parameter(request: Request, name: str) -> int | None:
    """A positive whole number in ASCII digits (``int`` would also take ``١٢``, ``1_000``
    or `` 5``), None when absent; ValueError otherwise."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_SIZE_DIGITS or int(raw) <= 0:
        raise ValueError(name)
    return int(raw)


def _slug(request: Request) -> str | None:
    """The slug in the path, None when no slug could look like it (no lookup for those)."""
    slug: str = request.path_params["slug"]
    return slug if SLUG_PATTERN.fullmatch(slug) else None


class Syndication:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.links = Links(settings.website_url)
        self.public_url = settings.public_url.rstrip("/")
        self.max_age = settings.public_cache_seconds

    def _error(self, request: Request, key: str, status_code: int) -> Response:
        language = negotiate_language(request.headers.get("accept-language"))
        return PlainTextResponse(translate(key, language), status_code=status_code)

    async def articles_feed(self, request: Request) -> Response:
        return await self._atom(request, None, ARTICLES_FEED_PATH)

    async def topic_feed(self, request: Request) -> Response:
        slug = _slug(request)
        if slug is None:
            return self._error(request, "topic.not_found", 404)
        return await self._atom(request, slug, topic_feed_path(slug))

    async def _atom(self, request: Request, topic_slug: str | None, path: str) -> Response:
        feed = await sources.read_article_feed(self.db, topic_slug)
        if feed is None:
            return self._error(request, "topic.not_found", 404)
        language = negotiate_language(request.headers.get("accept-language"))
        info = atom.FeedInfo(
            atom.feed_title(language, feed.topic), self.public_url + path, self.links.site_url
        )
        body = atom.articles_feed(info, feed.articles, feed.topics, self.links, language)
        return cached_response(request, body, atom.MEDIA_TYPE, self.max_age)

    async def trainings_calendar(self, request: Request) -> Response:
        scheduled = await sources.read_training_calendar(self.db)
        language = negotiate_language(request.headers.get("accept-language"))
        info = calendar.CalendarInfo(self.public_url + TRAININGS_CALENDAR_PATH, self.links.site_url)
        body = calendar.trainings_calendar(info, scheduled, self.links, language)
        return cached_response(request, body, calendar.MEDIA_TYPE, self.max_age)

    async def oembed(self, request: Request) -> Response:
        url = request.query_params.get("url", "").strip()
        if not url:
            return self._error(request, "oembed.url_required", 400)
        if split_url(url) is None:  # e.g. http://[::1 or a port of 99999
            return self._error(request, "oembed.url_invalid", 400)
        if request.query_params.get("format", "json") != "json":
            return self._error(request, "oembed.format_unsupported", 501)
        try:
            size = oembed.size_within(
                _size_parameter(request, "maxwidth"), _size_parameter(request, "maxheight")
            )
        except ValueError:
            return self._error(request, "oembed.size_invalid", 400)
        target = await sources.read_embed_target(self.db, self.links, url)
        if target is None:
            return self._error(request, "oembed.not_found", 404)
        body = oembed.oembed_json(target, self.links.site_url, size, self.max_age)
        return cached_response(request, body, oembed.MEDIA_TYPE, self.max_age)

    async def article_page(self, request: Request) -> Response:
        slug = _slug(request)
        found = await sources.read_article(self.db, slug) if slug is not None else None
        if found is None:
            return self._error(request, "article.not_found", 404)
        article, topic = found
        body = pages.article_page(self._page_links(self.links.article(article.slug)), article, topic)
        return cached_response(request, body, pages.MEDIA_TYPE, self.max_age)

    async def training_page(self, request: Request) -> Response:
        slug = _slug(request)
        found = await sources.read_training(self.db, slug) if slug is not None else None
        if found is None:
            return self._error(request, "training.not_found", 404)
        body = pages.training_page(self._page_links(self.links.training(found.training.slug)), found)
        return cached_response(request, body, pages.MEDIA_TYPE, self.max_age)

    def _page_links(self, page_url: str) -> pages.PageLinks:
        return pages.PageLinks(
            page_url=page_url,
            oembed_url=self.public_url + OEMBED_PATH,
            articles_feed_url=self.public_url + ARTICLES_FEED_PATH,
            calendar_url=self.public_url + TRAININGS_CALENDAR_PATH,
        )


def syndication_routes(db: Database, settings: Settings) -> list[BaseRoute]:
    """Feeds, oEmbed and the public article and training pages."""
    handlers = Syndication(db, settings)
    return [
        Route(ARTICLES_FEED_PATH, handlers.articles_feed, methods=["GET"]),
        Route("/feeds/topics/{slug}.atom", handlers.topic_feed, methods=["GET"]),
        Route(TRAININGS_CALENDAR_PATH, handlers.trainings_calendar, methods=["GET"]),
        Route(OEMBED_PATH, handlers.oembed, methods=["GET"]),
        Route("/kennisbank/{slug}", handlers.article_page, methods=["GET"]),
        Route("/trainingen/{slug}", handlers.training_page, methods=["GET"]),
    ]
