"""HTTP caching of public responses: ``Cache-Control``, a strong ``ETag`` from the body,
and ``304 Not Modified`` when the client already holds that body (``If-None-Match``)."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable

from cachetools import TTLCache
from starlette.requests import Request
from starlette.responses import Response

PRIVATE = "private, no-store"

VARY = "Origin, Accept-Language, Authorization, Cookie"
"""What a shared cache must key public responses on: CORS answers depend on the Origin,
messages on the language, and credentials make a response personal."""


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def public_cache_control(max_age: int) -> str:
    return f"public, max-age={max_age}"


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names this ETag (weak comparison, as RFC 9110 asks)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == wanted for candidate in if_none_match.split(","))


def cached_response(
    request: Request, body: bytes, media_type: str, max_age: int, headers: dict[str, str] | None = None
) -> Response:
    """A public response: 200 with the body, or 304 when the client's copy is current."""
    etag = etag_of(body)
    cache_headers = {
        "ETag": etag,
        "Cache-Control": public_cache_control(max_age),
        "Vary": VARY,
        **(headers or {}),
    }
    if request.method in ("GET", "HEAD") and matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=cache_headers)
    return Response(body, media_type=media_type, headers=cache_headers)


class ResponseCache:
    """Bodies of public responses, kept for a few seconds in this process.

    A partner's page with a busy audience sends the same few public queries over and
    over; each replica answers a repeat from here instead of running it again. A body
    is never older than ``seconds``, the same staleness a CDN in front would add.
    """

    def __init__(self, seconds: float, max_entries: int = 1000, max_body_bytes: int = 512 * 1024) -> None:
        self.enabled = seconds > 0
        self.max_body_bytes = max_body_bytes
        self._bodies: TTLCache[Hashable, bytes] = TTLCache(maxsize=max_entries, ttl=max(seconds, 0.001))

    def get(self, key: Hashable) -> bytes | None:
        return self._bodies.get(key) if self.enabled else None

    def put(self, key: Hashable, body: bytes) -> None:
        if self.enabled and len(body) <= self.max_body_bytes:
            self._bodies[key] = body
