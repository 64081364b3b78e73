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
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.persisted import query_hash
from kennispunt.httpcache import cached_response
from kennispunt.settings import Settings

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


def embed_routes(settings: Settings) -> list[BaseRoute]:
    """``GET /embed/kennispunt.js``, public and cacheable (ETag, 304)."""
    body = script_source().encode("utf-8")
    max_age = settings.public_cache_seconds

    async def script(request: Request) -> Response:
        return cached_response(request, body, MEDIA_TYPE, max_age, headers=SCRIPT_HEADERS)

    return [Route(SCRIPT_PATH, script, methods=["GET"])]
