"""The GraphQL endpoint: HTTP (GraphiQL, GET for queries, POST) and WebSocket.

Over HTTP it follows GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/):
the response's media type is negotiated (`graph.media_types`), and a request that is
not well-formed is refused before any GraphQL runs with 4xx and a message in the
caller's language: a body over ``KENNISPUNT_MAX_BODY_BYTES`` (413), JSON that is not
UTF-8, not an object or nested too deeply (`graph.request_limits`), a mutation over GET
and a subscription over any HTTP method (405).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import strawberry
from asgi_correlation_id import correlation_id
from cross_web import (
    AsyncHTTPRequestAdapter,  # what Strawberry's views are written against
    HTTPException,
)
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.types import QueryParams
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from auth.authenticate import Authenticator
from auth.csrf import cookie_request_allowed
from auth.gate import client_address
from graph import graphiql, idempotency, refusals
from graph.context import Context, OperationOutcome
from graph.live.feed import LiveFeeds
from graph.media_types import (
    CONTENT_TYPES,
    GRAPHQL_RESPONSE_JSON,
    JSON,
    never_executed,
    request_error_status,
    response_media_type,
)
from graph.open_sockets import OpenSockets
from graph.persisted import PersistedQueries, PersistedQueryError
from graph.request_limits import (
    BodyTooLarge,
    NestedTooDeeply,
    declared_length_exceeds,
    json_depth_exceeds,
    json_has_lone_surrogate,
    receive_within,
)
from graph.socket_auth import SocketAuthentication
from graph.socket_messages import CLOSE_TRY_AGAIN_LATER, GuardedWebSocketAdapter
from graph.websocket import GuardedTransportWSHandler
from kennispunt import ratelimit
from kennispunt.accounts.viewer import ANONYMOUS
from kennispunt.db import Database
from kennispunt.httpcache import PRIVATE, VARY, ResponseCache, cached_response
from kennispunt.i18n import negotiate_language
from kennispunt.idempotency.service import IdempotentRequest, Outcome, complete, release, valid_key
from kennispunt.links import Links
from kennispunt.settings import Settings
from realtime.watchers import SubjectWatchers

HTTP_OPERATIONS = {
    "GET": frozenset({OperationType.QUERY}),
    "POST": frozenset({OperationType.QUERY, OperationType.MUTATION}),
}
"""What each HTTP method may run; subscriptions need the WebSocket."""
PUBLIC_VARY = {"Vary": f"{VARY}, Accept"}
"""A public GraphQL answer also depends on the media type negotiated from ``Accept``."""


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
        self.socket_auth = SocketAuthentication(authenticator, settings.trusted_origins, self.anonymous_rules)
        self.persisted_queries = persisted_queries
        self.trusted_origins = settings.trusted_origins
        self.public_cache_seconds = settings.public_cache_seconds
        self.response_cache = ResponseCache(settings.response_cache_seconds)
        self.links = Links(settings.website_url)
        self.default_partner_rate = settings.partner_rate
        self.max_body_bytes = settings.max_body_bytes
        self.max_json_depth = settings.max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive_within(receive, self.max_body_bytes))
            if getattr(request.state, "by_cookie", False) and not cookie_request_allowed(
                request.method, request.headers, self.trusted_origins
            ):
                await refusals.cross_site(request)(scope, receive, send)
                return
            try:
                response = await self._respond(request)
            except HTTPException as error:  # a malformed request: not JSON, no query, a mutation over GET
                response = refusals.request_error(request, error)
            except PersistedQueryError as error:
                response = refusals.persisted_query_error(request, error)
            except BodyTooLarge as error:
                response = refusals.refusal(
                    request, refusals.RequestRefused(413, "request.too_large", max=error.limit)
                )
            except refusals.RequestRefused as refused:
                response = refusals.refusal(request, refused)
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
        if self.should_render_graphql_ide(request):  # GraphiQL, or 404 where it is off
            page = await self.run(request)
            page.headers["Cache-Control"] = PRIVATE
            return page
        media_type = response_media_type(request.headers.get("accept"))
        if media_type is None:
            raise refusals.RequestRefused(406, "request.not_acceptable")
        request.state.media_type = media_type
        if declared_length_exceeds(request.headers, self.max_body_bytes):
            raise BodyTooLarge(self.max_body_bytes)  # refused before a byte of it is read
        if request.method == "POST" and idempotency.HEADER in request.headers:
            return await self._run_idempotently(request, request.headers[idempotency.HEADER])
        cache_key = self._cache_key(request)
        cached = self.response_cache.get(cache_key) if cache_key is not None else None
        if cached is not None:
            return cached_response(
                request, cached, CONTENT_TYPES[media_type], self.public_cache_seconds, headers=PUBLIC_VARY
            )
        outcome = OperationOutcome()
        response = await self._run(request, outcome)
        if media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = CONTENT_TYPES[media_type]
            response.status_code = getattr(request.state, "request_error_status", response.status_code)
        public = (
            cache_key is not None
            and response.status_code == 200
            and outcome.public_operation
            and not outcome.had_errors
        )
        if not public:
            response.headers["Cache-Control"] = PRIVATE
            return response
        body = bytes(response.body)
        self.response_cache.put(cache_key, body)
        return cached_response(
            request, body, CONTENT_TYPES[media_type], self.public_cache_seconds, headers=PUBLIC_VARY
        )

    async def _run_idempotently(self, request: Request, key: str) -> Response:
        """A POST with an ``Idempotency-Key``: run once, answer every repeat alike."""
        caller = idempotency.caller_of(
            getattr(request.state, "viewer", ANONYMOUS), getattr(request.state, "partner", None)
        )
        if caller is None:  # anonymous callers write nothing: the key changes nothing
            return await self._private(request, OperationOutcome())
        language = negotiate_language(request.headers.get("accept-language"))
        if not valid_key(key):
            return refusals.idempotency_refusal(request, idempotency.invalid_key(language))
        keyed = IdempotentRequest(caller, key, hashlib.sha256(await request.body()).hexdigest())
        claim = await idempotency.begin(self.db, keyed)
        if claim.outcome is Outcome.REPLAY:
            body = (claim.body or "").encode()
            headers = {"Cache-Control": PRIVATE, "Idempotent-Replayed": "true"}
            media_type = CONTENT_TYPES[getattr(request.state, "media_type", JSON)]
            return Response(body, status_code=claim.status or 200, media_type=media_type, headers=headers)
        if claim.outcome is not Outcome.RUN:
            return refusals.idempotency_refusal(request, idempotency.refusal(claim.outcome, language))
        try:
            response = await self._private(request, OperationOutcome(idempotency=keyed))
        except BaseException:
            await release(self.db, keyed)
            raise
        answer = bytes(getattr(response, "body", b"")).decode()
        if not answer or idempotency.failed_unexpectedly(response.status_code, answer):
            await release(self.db, keyed)
        else:
            await complete(self.db, keyed, response.status_code, answer)
        return response

    async def _private(self, request: Request, outcome: OperationOutcome) -> Response:
        response = await self._run(request, outcome)
        response.headers["Cache-Control"] = PRIVATE
        return response

    async def _run(self, request: Request, outcome: OperationOutcome) -> Response:
        """Run the operation; what it showed ends up in ``outcome`` (see `get_context`)."""
        request.state.graphql_outcome = outcome
        return await self.run(request)

    @staticmethod
    def _cache_key(request: Request) -> tuple[str, str] | None:
        """What a public answer depends on, for GETs that may get one: anonymous callers."""
        viewer = getattr(request.state, "viewer", ANONYMOUS)
        if request.method != "GET" or viewer.is_authenticated:
            return None
        return request.url.query, negotiate_language(request.headers.get("accept-language"))

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        # Over HTTP `_run` left the operation's outcome; a WebSocket's operations each get
        # theirs in `Context.for_operation`.
        outcome: OperationOutcome = getattr(request.state, "graphql_outcome", None) or OperationOutcome()
        context = Context(
            request=request,
            response=response,
            db=self.db,
            watchers=self.watchers,
            viewer=getattr(request.state, "viewer", ANONYMOUS),
            partner=getattr(request.state, "partner", None),
            credential=getattr(request.state, "credential", None),
            idempotency=outcome.idempotency,
            outcome=outcome,
            client_address=client_address(request),
            live_feeds=self.live_feeds if isinstance(request, WebSocket) else None,
            language=negotiate_language(request.headers.get("accept-language")),
            request_id=correlation_id.get() or "-",
            links=self.links,
            default_partner_rate=self.default_partner_rate,
        )
        if isinstance(request, WebSocket):  # who authenticates at connection_init, for the access log
            request.state.graphql_context = context  # one cycle per connection, not per request
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL with its assets from this server (`graph.graphiql`), never from a CDN."""
        return graphiql.page_response()

    def should_render_graphql_ide(self, request: Any) -> bool:
        """GraphiQL for a browser opening /graphql, never for a persisted query sent by GET."""
        return super().should_render_graphql_ide(request) and request.query_params.get("extensions") is None

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """The request's operation, with a persisted query's text filled in from its hash."""
        data = await super().parse_http_body(request)
        if isinstance(data, list):  # never: `parse_json` refuses anything but an object
            return data
        if not isinstance(data.operation_name, (str, type(None))):
            raise refusals.RequestRefused(400, "request.operation_name")
        for value in (data.variables, data.extensions):
            if value is not None and json_depth_exceeds(value, self.max_json_depth):
                raise refusals.RequestRefused(400, "request.json_too_deep", max=self.max_json_depth)
        # Variables are checked with every operation, on both transports (`graph.admission`).
        if json_has_lone_surrogate([data.operation_name, data.extensions]):
            raise refusals.RequestRefused(400, "request.not_unicode")
        query = self.persisted_queries.resolve(data.query, data.extensions)
        return replace(data, query=query)

    def decode_json(self, data: str | bytes) -> object:
        """JSON from a client (HTTP bodies and parameters, WebSocket messages): UTF-8 (a byte
        order mark is ignored), and nesting beyond what the parser follows is a decoding
        error like any other (`NestedTooDeeply`), not a ``RecursionError``."""
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        try:
            return json.loads(text)
        except RecursionError:
            raise NestedTooDeeply(text) from None

    def _decoded(self, data: str | bytes) -> object:
        try:
            return self.decode_json(data)
        except UnicodeDecodeError:
            raise refusals.RequestRefused(400, "request.not_utf8") from None
        except NestedTooDeeply:
            raise refusals.RequestRefused(400, "request.json_too_deep", max=self.max_json_depth) from None
        except json.JSONDecodeError as error:
            raise HTTPException(400, "Unable to parse request body as JSON") from error

    def parse_json(self, data: str | bytes) -> dict[str, Any]:
        """A POST body: one JSON object (batches of operations are not enabled)."""
        value = self._decoded(data)
        if not isinstance(value, dict):
            raise refusals.RequestRefused(400, "request.not_an_object")
        return value

    def parse_query_params(self, params: QueryParams) -> dict[str, Any]:
        """A GET's parameters, ``variables`` and ``extensions`` decoded from JSON (any JSON:
        the base class tells which types it accepts)."""
        decoded: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            if decoded.get(name):
                decoded[name] = self._decoded(decoded[name])
        return decoded

    async def execute_single(  # noqa: PLR0917 - the base class's signature
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Queries over GET and POST, mutations over POST; a subscription only over the WebSocket."""
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=HTTP_OPERATIONS[request_adapter.method],
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.SUBSCRIPTION:
                # No HTTP method runs a subscription here (RFC 9110: an empty Allow).
                raise refusals.RequestRefused(
                    405, "request.subscription_over_http", headers={"Allow": ""}
                ) from error
            raise HTTPException(405, error.as_http_error_reason(request_adapter.method)) from error
        except CannotGetOperationTypeError as error:  # GetOperation() failed: a GraphQL request error
            message = error.as_http_error_reason()
            return ExecutionResult(
                data=None, errors=[GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})]
            )
        except MissingQueryError as error:
            raise HTTPException(400, "No GraphQL query found in the request") from error

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            request.state.graphql_outcome.had_errors = True
        response = await super().process_result(request, result)
        modern = getattr(request.state, "media_type", JSON) == GRAPHQL_RESPONSE_JSON
        if modern and never_executed(result.data, result.errors):
            request.state.request_error_status = request_error_status(result.errors or [])
            response.pop("data", None)
        return response

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """Pages anywhere may open the socket; `on_ws_connect` decides what they get: a
        foreign page only what a partner key allowing its origin reads, never cookies."""
        return True

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Authenticate a WebSocket at ``connection_init`` (`graph.socket_auth`)."""
        await self.socket_auth.connect(context)
        return UNSET
