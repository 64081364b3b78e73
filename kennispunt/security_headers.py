"""Security headers on every response, set in one place (`SecurityHeaders`).

- Every response: ``X-Content-Type-Options: nosniff``, so a browser never runs an API
  answer (JSON, a feed) as a script or a style sheet.
- Every HTML page (the public pages, ``/embed/``, the sign-in pages, GraphiQL): a
  ``Content-Security-Policy`` and a ``Referrer-Policy``.

Nothing Kennispunt serves is meant to be framed: partners embed a script with custom
elements on their own page (``/embed/kennispunt.js``, not a page), and an oEmbed card is
HTML that the consumer places inline. So every page says ``frame-ancestors 'none'``.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kennispunt.settings import Settings
from kennispunt.urls import origin_of

REFERRER_POLICY = "strict-origin-when-cross-origin"

PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
"""The public pages and the sign-in pages: markup and inline style, no script at all."""


def embed_page_policy(public_url: str) -> str:
    """The embeds' example page: the embed script and its requests and WebSocket to the API."""
    api = origin_of(public_url)
    socket = api.replace("http", "ws", 1)
    return (
        "default-src 'none'; "
        f"script-src 'self' {api}; "
        f"connect-src 'self' {api} {socket}; "
        "style-src 'unsafe-inline'; "
        "img-src 'self' data:; "
        "base-uri 'none'; "
        "frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: adds the headers above to each response that does not set its own."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        # GraphiQL's page sets its own policy (`graph.graphiql`), which this leaves alone.
        self.policies = {"/embed/": embed_page_policy(settings.public_url)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policies.get(scope["path"], PAGE_POLICY)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", policy)
                    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
