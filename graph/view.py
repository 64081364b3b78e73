"""The GraphQL endpoint: HTTP (GraphiQL, GET for queries, POST) and WebSocket."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

import strawberry
from asgi_correlation_id import correlation_id
from cross_web import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.http.websocket_origin import is_same_origin
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from auth.authenticate import SESSION_COOKIE, Authenticator, InvalidCredentials
from auth.csrf import cookie_request_allowed, is_trusted_origin, request_origin
from auth.gate import client_address, error_response, throttle
from graph import graphiql, idempotency
from graph.context import Context
from graph.live.feed import LiveFeeds
from graph.persisted import NOT_FOUND_CODE, PersistedQueries, PersistedQueryError
from graph.websocket import CLOSE_TRY_AGAIN_LATER, GuardedTransportWSHandler, GuardedWebSocketAdapter, OpenSockets
from kennispunt import ratelimit
from kennispunt.accounts.viewer import ANONYMOUS
from kennispunt.db import Database
from kennispunt.httpcache import PRIVATE, ResponseCache, cached_response
from kennispunt.i18n import negotiate_language, translate
from kennispunt.idempotency.service import IdempotentRequest, Outcome, complete, release, valid_key
from kennispunt.links import Links
from kennispunt.settings import Settings
from realtime.watchers import SubjectWatchers

_REQUEST_ERROR_CODES = {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND"}


class GraphQLView(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = GuardedTransportWSHandler
    websocket_adapter_class = GuardedWebSocketAdapter  # type: ignore[assignment]

    def __init__(
        self,
        schema: strawberry.Schema,
        db: Database,
        watchers: SubjectWatchers,
        authenticator: Authenticator,
        settings: Settings,
        persisted_queries: PersistedQueries,
        sockets: OpenSockets,
        live_feeds: LiveFeeds,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            # graphql-transport-ws only: the legacy graphql-ws protocol is refused.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=sockets.limits.init_timeout_seconds),
            max_subscriptions_per_connection=sockets.limits.max_operations,
        )
        self.sockets = sockets
        self.live_feeds = live_feeds
        self.socket_limits = sockets.limits
        self.anonymous_rules = ratelimit.parse(settings.anonymous_rate)
        self.db = db
        self.watchers = watchers
        self.authenticator = authenticator
        self.persisted_queries = persisted_queries
        self.trusted_origins = settings.trusted_origins
        self.public_cache_seconds = settings.public_cache_seconds
        self.response_cache = ResponseCache(settings.response_cache_seconds)
        self.links = Links(settings.website_url)
        self.default_partner_rate = settings.partner_rate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            if getattr(request.state, "by_cookie", False) and not cookie_request_allowed(
                request.method, request.headers, self.trusted_origins
            ):
                await self._cross_site(request)(scope, receive, send)
                return
            try:
                response = await self._respond(request)
            except HTTPException as error:  # a malformed request: not JSON, no query, a mutation over GET
                response = self._request_error(error)
            except PersistedQueryError as error:
                response = self._persisted_query_error(request, error)
            await response(scope, receive, send)
            return
        address = client_address(WebSocket(scope, receive, send))
        if not self.sockets.admit(address):  # refused before the handshake completes (HTTP 403)
            await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN_LATER})
            return
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.sockets.release(address)

    async def _respond(self, request: Request) -> Response:
        """Run the operation, or answer a repeated public GET from the response cache.

        Public queries over GET may be cached by anyone; everything else by no one.
        """
        if request.method == "POST" and idempotency.HEADER in request.headers:
            return await self._run_idempotently(request, request.headers[idempotency.HEADER])
        cache_key = self._cache_key(request)
        cached = self.response_cache.get(cache_key) if cache_key is not None else None
        if cached is not None:
            return cached_response(request, cached, "application/json", self.public_cache_seconds)
        response = await self.run(request)
        context: Context | None = getattr(request.state, "graphql_context", None)
        public = (
            cache_key is not None
            and response.status_code == 200
            and context is not None
            and context.public_operation
            and not getattr(request.state, "graphql_errors", False)
        )
        if not public:
            response.headers["Cache-Control"] = PRIVATE
            return response
        body = bytes(response.body)
        self.response_cache.put(cache_key, body)
        return cached_response(request, body, "application/json", self.public_cache_seconds)

    async def _run_idempotently(self, request: Request, key: str) -> Response:
        """A POST with an ``Idempotency-Key``: run once, answer every repeat alike."""
        caller = idempotency.caller_of(getattr(request.state, "viewer", ANONYMOUS), getattr(request.state, "partner", None))
        if caller is None:  # anonymous callers write nothing: the key changes nothing
            return await self._private(request)
        language = negotiate_language(request.headers.get("accept-language"))
        if not valid_key(key):
            return self._refused(idempotency.invalid_key(language))
        keyed = IdempotentRequest(caller, key, hashlib.sha256(await request.body()).hexdigest())
        claim = await idempotency.begin(self.db, keyed)
        if claim.outcome is Outcome.REPLAY:
            body = (claim.body or "").encode()
            headers = {"Cache-Control": PRIVATE, "Idempotent-Replayed": "true"}
            return Response(body, status_code=claim.status or 200, media_type="application/json", headers=headers)
        if claim.outcome is not Outcome.RUN:
            return self._refused(idempotency.refusal(claim.outcome, language))
        request.state.idempotency = keyed
        try:
            response = await self._private(request)
        except BaseException:
            await release(self.db, keyed)
            raise
        body = bytes(getattr(response, "body", b"")).decode()
        if not body or idempotency.failed_unexpectedly(response.status_code, body):
            await release(self.db, keyed)
        else:
            await complete(self.db, keyed, response.status_code, body)
        return response

    async def _private(self, request: Request) -> Response:
        response = await self.run(request)
        response.headers["Cache-Control"] = PRIVATE
        return response

    @staticmethod
    def _refused(refusal: idempotency.Refusal) -> Response:
        return error_response(refusal.status, refusal.message, refusal.code)

    @staticmethod
    def _cache_key(request: Request) -> tuple[str, str] | None:
        """What a public answer depends on, for GETs that may get one: anonymous callers."""
        viewer = getattr(request.state, "viewer", ANONYMOUS)
        if request.method != "GET" or viewer.is_authenticated:
            return None
        return request.url.query, negotiate_language(request.headers.get("accept-language"))

    @staticmethod
    def _persisted_query_error(request: Request, error: PersistedQueryError) -> Response:
        """Apollo clients expect an unknown hash as a 200 with PERSISTED_QUERY_NOT_FOUND,
        upon which they send the query text along."""
        language = negotiate_language(request.headers.get("accept-language"))
        status = 200 if error.code == NOT_FOUND_CODE else 400
        return error_response(status, translate(error.message_key, language), error.code)

    @staticmethod
    def _request_error(error: HTTPException) -> Response:
        if isinstance(error.__cause__, InvalidOperationTypeError):  # GET may only read
            return error_response(405, error.reason, "BAD_USER_INPUT", headers={"Allow": "POST"})
        code = _REQUEST_ERROR_CODES.get(error.status_code, "BAD_USER_INPUT")
        return error_response(error.status_code, error.reason, code)

    @staticmethod
    def _cross_site(request: Request) -> Response:
        language = negotiate_language(request.headers.get("accept-language"))
        return error_response(403, translate("auth.cross_site", language), "FORBIDDEN")

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        context = Context(
            request=request,
            response=response,
            db=self.db,
            watchers=self.watchers,
            viewer=getattr(request.state, "viewer", ANONYMOUS),
            partner=getattr(request.state, "partner", None),
            credential=getattr(request.state, "credential", None),
            idempotency=getattr(request.state, "idempotency", None),
            client_address=client_address(request),
            live_feeds=self.live_feeds if isinstance(request, WebSocket) else None,
            language=negotiate_language(request.headers.get("accept-language")),
            request_id=correlation_id.get() or "-",
            links=self.links,
            default_partner_rate=self.default_partner_rate,
        )
        request.state.graphql_context = context
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL with its assets from this server (`graph.graphiql`), never from a CDN."""
        return graphiql.page_response()

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser opening /graphql, never for a persisted query sent by GET."""
        return super().should_render_graphql_ide(request) and request.query_params.get("extensions") is None

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        """The request's operation, with a persisted query's text filled in from its hash."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):  # batching is not enabled; the base class refuses lists
            return data
        query = self.persisted_queries.resolve(data.query, data.extensions)
        return replace(data, query=query)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            request.state.graphql_errors = True
        return await super().process_result(request, result)

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """Pages anywhere may open the socket; `on_ws_connect` decides what they get: a
        foreign page only what a partner key allowing its origin reads, never cookies."""
        return True

    def _is_foreign(self, websocket: HTTPConnection) -> bool:
        origin = websocket.headers.get("origin")
        if origin is None:  # not a browser, so no ambient credentials to abuse
            return False
        return not is_trusted_origin(websocket.headers, self.trusted_origins) and not is_same_origin(
            origin, websocket.headers.get("host")
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Authenticate a WebSocket at ``connection_init``: a partner key in the payload
        (``{"apiKey": "kpk_…"}``), a token (``{"authorization": "Bearer <token>"}``) or else
        the session cookie of the handshake (only from a trusted origin). A page on
        another site needs a key that lists its origin. Anything invalid closes with
        4403; no credentials at all means anonymous."""
        params = context.connection_params or {}
        api_key = params.get("apiKey")
        authorization = params.get("authorization") or params.get("Authorization")
        websocket = context.request
        if api_key is not None:
            if not isinstance(api_key, str) or authorization is not None:
                raise ConnectionRejectionError
            await self._connect_partner(context, api_key)
            return UNSET
        if self._is_foreign(websocket):
            raise ConnectionRejectionError  # cross-site WebSocket hijacking, or a partner without its key
        cookie = websocket.cookies.get(SESSION_COOKIE)
        if authorization is not None:
            if not isinstance(authorization, str):
                raise ConnectionRejectionError
            try:
                authentication = await self.authenticator.from_authorization(authorization)
            except InvalidCredentials:
                raise ConnectionRejectionError from None
            context.credential = authentication.credential
            context.become(authentication.viewer)
        elif cookie:
            if not is_trusted_origin(websocket.headers, self.trusted_origins):
                raise ConnectionRejectionError  # a cookie counts only on our own pages
            by_cookie = await self.authenticator.from_session_cookie(cookie)
            if by_cookie is None:
                raise ConnectionRejectionError
            context.credential = by_cookie.credential
            context.become(by_cookie.viewer)
        return UNSET

    async def _connect_partner(self, context: Context, api_key: str) -> None:
        try:
            partner = await self.authenticator.from_partner_key(api_key)
        except InvalidCredentials:
            raise ConnectionRejectionError from None
        if self._is_foreign(context.request) and request_origin(context.request.headers) not in partner.allowed_origins:
            raise ConnectionRejectionError
        if await throttle(partner, ANONYMOUS, client_address(context.request), self.anonymous_rules) is not None:
            raise ConnectionRejectionError
        context.partner = partner
