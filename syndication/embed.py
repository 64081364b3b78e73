"""The web components partner sites embed: ``GET /embed/kennispunt.js``.

The script is hand-written (``embed/kennispunt.js``, no build step). The GraphQL
operations it sends are the ``.graphql`` files beside it. When the script is served, the
server puts them in with their SHA-256 hashes, so the browser can send persisted-query
GETs without hashing anything itself (``crypto.subtle`` is missing on plain-http pages).
The same texts are pinned in the persisted-query store at startup (`EMBED_QUERIES`).
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.persisted import query_hash
from kennispunt.db import Database
from kennispunt.httpcache import cached_response
from kennispunt.settings import Settings
from syndication import pages
from syndication.sources import read_example_slugs

EMBED_DIR = Path(__file__).resolve().parent / "embed"
SCRIPT_PATH = "/embed/kennispunt.js"
MEDIA_TYPE = "text/javascript; charset=utf-8"
PLACEHOLDER = "/*! kennispunt:queries */ {}"
"""Where the script expects its operations: replaced by a JSON object literal."""
SCRIPT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # partner pages that isolate themselves (COEP require-corp) may still load the script
    "Cross-Origin-Resource-Policy": "cross-origin",
}

_OPERATION = re.compile(r"(?:query|subscription)\s+([A-Za-z_]\w*)")


def _read_queries() -> dict[str, str]:
    queries: dict[str, str] = {}
    for path in sorted(EMBED_DIR.glob("*.graphql")):
        text = path.read_text(encoding="utf-8").strip()
        match = _OPERATION.match(text)
        if match is None:
            raise RuntimeError(f"{path.name} must start with one named query or subscription")
        queries[match.group(1)] = text
    return queries


EMBED_QUERIES: dict[str, str] = _read_queries()
"""Operation name -> the exact text the embeds send (and whose hash they send)."""


def script_source() -> str:
    """The script as served: its operations and their hashes in place of the placeholder."""
    source = (EMBED_DIR / "kennispunt.js").read_text(encoding="utf-8")
    if source.count(PLACEHOLDER) != 1:
        raise RuntimeError(f"kennispunt.js must contain {PLACEHOLDER!r} exactly once")
    table = {name: {"hash": query_hash(query), "query": query} for name, query in EMBED_QUERIES.items()}
    return source.replace(PLACEHOLDER, json.dumps(table, indent=2))


def example_widgets(topic_slug: str | None, party_slug: str | None) -> str:
    """The three elements as a partner writes them (attribute values escaped)."""
    topic = f' topic="{escape(topic_slug)}"' if topic_slug else ""
    widgets = [
        f'<kennispunt-articles{topic} limit="3"></kennispunt-articles>',
        '<kennispunt-trainings limit="3"></kennispunt-trainings>',
    ]
    if party_slug:
        widgets.append(f'<kennispunt-party slug="{escape(party_slug)}"></kennispunt-party>')
    return "\n".join(widgets)


def embed_routes(db: Database, settings: Settings) -> list[BaseRoute]:
    """``GET /embed/kennispunt.js``, public and cacheable (ETag, 304), and ``GET /embed/``:
    a page that shows partners the snippet and the elements at work."""
    body = script_source().encode("utf-8")
    max_age = settings.public_cache_seconds
    script_url = settings.public_url.rstrip("/") + SCRIPT_PATH

    async def script(request: Request) -> Response:
        return cached_response(request, body, MEDIA_TYPE, max_age, headers=SCRIPT_HEADERS)

    async def example(request: Request) -> Response:
        topic_slug, party_slug = await read_example_slugs(db)
        widgets = example_widgets(topic_slug, party_slug)
        snippet = f'<script src="{script_url}" data-api-key="kpk_…" defer></script>\n{widgets}'
        page = pages.embed_example_page(script_url, snippet, widgets)
        return cached_response(request, page, pages.MEDIA_TYPE, max_age)

    return [Route(SCRIPT_PATH, script, methods=["GET"]), Route("/embed/", example, methods=["GET"])]
