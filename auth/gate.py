"""The door of the public HTTP surface (GraphQL over HTTP, feeds, oEmbed, embeds).

For every request it decides, before any handler runs:

- **who** is calling: a partner site (``X-Api-Key``), a signed-in user (bearer token or
  session cookie, `auth.authenticate`) or an anonymous visitor; invalid credentials are
  refused with 401, never treated as anonymous;
- **how often** they may: a partner by its key's own rate, an anonymous visitor by
  client address at ``KENNISPUNT_ANONYMOUS_RATE``; beyond it 429 with ``Retry-After``;
- **which pages may read the answer** (CORS): a partner key's allowed origins, without
  cookies; the trusted origins of Kennispunt's own sites, with cookies.

What it decided is left in ``scope["state"]`` (``viewer``, ``partner``, ``by_cookie``)
for the handlers. WebSockets authenticate at ``connection_init`` instead (`graph.view`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth.authenticate import Authenticator, InvalidCredentials
from auth.csrf import request_origin
from kennispunt import ratelimit
from kennispunt.accounts.viewer import ANONYMOUS, Viewer
from kennispunt.db import Database
from kennispunt.httpcache import PRIVATE
from kennispunt.i18n import Language, negotiate_language, translate
from kennispunt.partners import service as partners
from kennispunt.partners.service import Partner
from kennispunt.settings import Settings

API_KEY_HEADER = "x-api-key"
EXEMPT_PREFIXES = ("/auth/", "/healthz", "/livez", "/readyz", "/metrics")
"""Sign-in has its own flow and checks; probes and scrapes come from the platform."""
PREFLIGHT_MAX_AGE = 600
ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type, X-Api-Key, Authorization, Accept-Language, If-None-Match"
EXPOSED_HEADERS = "ETag, Retry-After, X-Request-ID"


def error_response(
    status_code: int,
    message: str,
    code: str,
    headers: Mapping[str, str] | None = None,
    *,
    media_type: str = "application/json",
    **extensions: object,
) -> Response:
    """A refusal before any GraphQL runs, in the same JSON shape as every GraphQL error.

    Legacy ``application/json`` bodies carry ``"data": null``; in any other media type
    (``application/graphql-response+json``, for clients that ask for it) there is no
    ``data`` entry, as nothing was executed.
    """
    body: dict[str, object] = {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    if media_type == "application/json":
        body = {"data": None, **body}
    return Response(
        json.dumps(body, ensure_ascii=False),
        status_code=status_code,
        media_type=media_type,
        headers={"Cache-Control": PRIVATE, **(headers or {})},
    )


async def throttle(
    partner: Partner | None, viewer: Viewer, address: str, anonymous_rules: tuple[ratelimit.Rule, ...]
) -> ratelimit.RetryAfter | None:
    """Count one request against the caller's request rate, whatever the transport: a
    partner key at its own rate, an anonymous visitor per client address; signed-in users
    pay in points instead (`graph.admission`). None when allowed."""
    if partner is not None:
        return await ratelimit.hit(f"api:partner:{partner.id}", *ratelimit.parse(partner.rate))
    if viewer.is_authenticated:
        return None
    return await ratelimit.hit(f"api:anonymous:{address}", *anonymous_rules)


def rate_limited(refused: ratelimit.RetryAfter, language: Language) -> Response:
    return error_response(
        429,
        translate("rate_limited", language, seconds=refused.seconds),
        "RATE_LIMITED",
        {"Retry-After": str(refused.seconds)},
        retryAfter=refused.seconds,
    )


def refusal(status_code: int, language: Language, code: str, message_key: str, **params: object) -> Response:
    return error_response(status_code, translate(message_key, language, **params), code)


class AccessGate:
    def __init__(self, app: ASGIApp, db: Database, authenticator: Authenticator, settings: Settings) -> None:
        self.app = app
        self.db = db
        self.authenticator = authenticator
        self.trusted_origins = settings.trusted_origins
        self.anonymous_rules = ratelimit.parse(settings.anonymous_rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        language = negotiate_language(request.headers.get("accept-language"))
        origin = request_origin(request.headers) if "origin" in request.headers else ""
        if request.method == "OPTIONS" and "access-control-request-method" in request.headers:
            await (await self._preflight(origin, language))(scope, receive, send)
            return
        key = request.headers.get(API_KEY_HEADER)
        if key is not None:
            outcome = await self._admit_partner(request, key, origin, language)
        else:
            outcome = await self._admit_visitor(request, origin, language)
        cors_headers, refused = outcome
        if refused is not None:
            refused.headers.update(cors_headers)
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, _with_headers(send, cors_headers))

    async def _admit_partner(
        self, request: Request, key: str, origin: str, language: Language
    ) -> tuple[dict[str, str], Response | None]:
        if "authorization" in request.headers:
            return {}, refusal(400, language, "BAD_USER_INPUT", "partner.key_with_credentials")
        try:
            partner = await self.authenticator.from_partner_key(key)
        except InvalidCredentials:
            return {}, refusal(401, language, "UNAUTHENTICATED", "partner.invalid_key")
        cors_headers = _cors(origin, credentials=False) if origin in partner.allowed_origins else {}
        if origin and origin not in partner.allowed_origins and origin not in self.trusted_origins:
            return {}, refusal(403, language, "FORBIDDEN", "partner.origin_not_allowed", origin=origin)
        request.state.viewer = ANONYMOUS
        request.state.partner = partner
        request.state.by_cookie = False
        return cors_headers, await self._throttle(request, partner, ANONYMOUS, language)

    async def _admit_visitor(
        self, request: Request, origin: str, language: Language
    ) -> tuple[dict[str, str], Response | None]:
        cors_headers = _cors(origin, credentials=True) if origin in self.trusted_origins else {}
        try:
            authentication = await self.authenticator.authenticate(request.headers, request.cookies)
        except InvalidCredentials:
            return cors_headers, error_response(
                401,
                translate("auth.invalid_token", language),
                "UNAUTHENTICATED",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        request.state.viewer = authentication.viewer
        request.state.credential = authentication.credential
        request.state.partner = None
        request.state.by_cookie = authentication.by_cookie
        return cors_headers, await self._throttle(request, None, authentication.viewer, language)

    async def _throttle(
        self, request: Request, partner: Partner | None, viewer: Viewer, language: Language
    ) -> Response | None:
        refused = await throttle(partner, viewer, client_address(request), self.anonymous_rules)
        return rate_limited(refused, language) if refused is not None else None

    async def _preflight(self, origin: str, language: Language) -> Response:
        """May a page on ``origin`` send the request it asks about? Trusted origins (with
        cookies) and every origin an active partner key lists (without) may."""
        if origin in self.trusted_origins:
            headers = _cors(origin, credentials=True)
        else:
            async with self.db.session() as session:
                allowed = origin in await partners.partner_origins(session)
            if not allowed:
                return Response(
                    translate("cors.origin_not_allowed", language, origin=origin or "?"),
                    status_code=403,
                    media_type="text/plain; charset=utf-8",
                    headers={"Vary": "Origin"},
                )
            headers = _cors(origin, credentials=False)
        headers.update(
            {
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE),
            }
        )
        return Response(status_code=204, headers=headers)


def client_address(connection: HTTPConnection) -> str:
    """The caller's address, as the server saw it (behind a balancer: as it forwarded it)."""
    return connection.client.host if connection.client else "unknown"


def _cors(origin: str, *, credentials: bool) -> dict[str, str]:
    if not origin:
        return {}
    headers = {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSED_HEADERS}
    if credentials:
        headers["Access-Control-Allow-Credentials"] = "true"
    return headers


def _with_headers(send: Send, extra: Mapping[str, str]) -> Send:
    """``send``, adding CORS headers to the response and ``Origin`` to its ``Vary``."""

    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in extra.items():
                headers[name] = value
            vary = [part.strip() for part in headers.get("vary", "").split(",") if part.strip()]
            if "Origin" not in vary:
                headers["Vary"] = ", ".join([*vary, "Origin"])
        await send(message)

    return send_with_headers
