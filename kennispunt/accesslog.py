"""The access log: one line per request on the ``kennispunt.access`` logger (JSON with
``KENNISPUNT_LOG_FORMAT=json``), written when the response (or WebSocket) has ended.

A line has the method (``WEBSOCKET`` for a socket, logged when it closes), the path
without its query string, the GraphQL operation name as sent (a valid GraphQL name, else
null), the status, the duration, the request id and the kind of caller (``anonymous``,
``user``, ``partner``, and the partner key's id). Never the query string (it holds the
variables of GET queries and the codes of sign-in callbacks), a header, a token, the
client's address or anything else about the person. uvicorn's own access log stays off.
Probes and metrics scrapes (`QUIET_PATHS`) are not logged.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("kennispunt.access")

QUIET_PATHS = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})
OPERATION_STATE_KEY = "graphql_operation"
"""Where the GraphQL layer leaves an HTTP request's operation name (``scope["state"]``)."""


class AccessLog:
    def __init__(self, app: ASGIApp, session_cookie: str) -> None:
        self.app = app
        self.session_cookie = session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in QUIET_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "websocket.accept":
                status = 101
            elif message["type"] == "websocket.close" and status == 500:
                status = 403  # closed before it was accepted: refused
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            self._log(scope, status, time.perf_counter() - started)

    def _log(self, scope: Scope, status: int, seconds: float) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        websocket = scope["type"] == "websocket"
        method = "WEBSOCKET" if websocket else scope["method"]
        state: dict[str, Any] = scope.get("state") or {}
        caller, partner_key = self._caller(scope, state)
        duration_ms = round(seconds * 1000, 1)
        logger.info(
            "%s %s %s %.1f ms",
            method,
            scope["path"],
            status,
            duration_ms,
            extra={
                "method": method,
                "path": scope["path"],
                "operation": None if websocket else state.get(OPERATION_STATE_KEY),
                "status": status,
                "duration_ms": duration_ms,
                "caller": caller,
                "partner_key": partner_key,
            },
        )

    def _caller(self, scope: Scope, state: dict[str, Any]) -> tuple[str, int | None]:
        """Who called, as the credentials they presented say (also when those were refused)."""
        context = state.get("graphql_context")  # a WebSocket authenticates at connection_init
        partner = getattr(context, "partner", None) if context is not None else state.get("partner")
        viewer = getattr(context, "viewer", None) if context is not None else state.get("viewer")
        if partner is not None:
            return "partner", partner.id
        if viewer is not None:
            return ("user" if viewer.is_authenticated else "anonymous"), None
        headers = Headers(scope=scope)  # refused before anyone was admitted
        if "x-api-key" in headers:
            return "partner", None
        if "authorization" in headers or f"{self.session_cookie}=" in headers.get("cookie", ""):
            return "user", None
        return "anonymous", None
