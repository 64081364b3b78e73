"""The GraphQL endpoint: HTTP (GraphiQL, GET for queries, POST) and WebSocket."""

from __future__ import annotations

import json
from typing import Any

import strawberry
from asgi_correlation_id import correlation_id
from broadcaster import Broadcast
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from auth.authenticate import SESSION_COOKIE, Authenticator, InvalidCredentials
from auth.csrf import cookie_request_allowed, is_trusted_origin
from graph.context import Context
from kennispunt.accounts.viewer import ANONYMOUS
from kennispunt.db import Database
from kennispunt.i18n import negotiate_language, translate
from kennispunt.settings import Settings

_REQUEST_ERROR_CODES = {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND"}


def _error_response(status_code: int, message: str, code: str, headers: dict[str, str] | None = None) -> Response:
    """A refusal before any GraphQL runs, in the same JSON shape as every other error."""
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(json.dumps(body), status_code=status_code, media_type="application/json", headers=headers)


class GraphQLView(GraphQL[Context, None]):
    def __init__(
        self,
        schema: strawberry.Schema,
        db: Database,
        broadcast: Broadcast,
        authenticator: Authenticator,
        settings: Settings,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            # graphql-transport-ws only: the legacy graphql-ws protocol is refused.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            # browsers on other sites may not open WebSockets here at all
            allowed_origins=sorted(settings.trusted_origins),
        )
        self.db = db
        self.broadcast = broadcast
        self.authenticator = authenticator
        self.trusted_origins = settings.trusted_origins
        self.live_poll_seconds = settings.live_poll_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            try:
                authentication = await self.authenticator.authenticate(request.headers, request.cookies)
            except InvalidCredentials:
                await self._unauthenticated(request)(scope, receive, send)
                return
            if authentication.by_cookie and not cookie_request_allowed(
                request.method, request.headers, self.trusted_origins
            ):
                await self._cross_site(request)(scope, receive, send)
                return
            scope.setdefault("state", {})["viewer"] = authentication.viewer
            try:
                response = await self.run(request)
            except HTTPException as error:  # a malformed request: not JSON, no query, a mutation over GET
                response = self._request_error(error)
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    @staticmethod
    def _request_error(error: HTTPException) -> Response:
        if isinstance(error.__cause__, InvalidOperationTypeError):  # GET may only read
            return _error_response(405, error.reason, "BAD_USER_INPUT", headers={"Allow": "POST"})
        code = _REQUEST_ERROR_CODES.get(error.status_code, "BAD_USER_INPUT")
        return _error_response(error.status_code, error.reason, code)

    @staticmethod
    def _unauthenticated(request: Request) -> Response:
        language = negotiate_language(request.headers.get("accept-language"))
        return _error_response(
            401,
            translate("auth.invalid_token", language),
            "UNAUTHENTICATED",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )

    @staticmethod
    def _cross_site(request: Request) -> Response:
        language = negotiate_language(request.headers.get("accept-language"))
        return _error_response(403, translate("auth.cross_site", language), "FORBIDDEN")

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        viewer = getattr(request.state, "viewer", ANONYMOUS)
        return Context(
            request=request,
            response=response,
            db=self.db,
            broadcast=self.broadcast,
            viewer=viewer,
            language=negotiate_language(request.headers.get("accept-language")),
            request_id=correlation_id.get() or "-",
            live_poll_seconds=self.live_poll_seconds,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Authenticate a WebSocket at ``connection_init``: a token in the payload
        (``{"authorization": "Bearer <token>"}``) or else the session cookie of the
        handshake (only from a trusted origin). Invalid credentials close with 4403;
        none means anonymous."""
        params = context.connection_params or {}
        authorization = params.get("authorization") or params.get("Authorization")
        cookie = context.request.cookies.get(SESSION_COOKIE)
        if authorization is not None:
            if not isinstance(authorization, str):
                raise ConnectionRejectionError
            try:
                context.become(await self.authenticator.from_authorization(authorization))
            except InvalidCredentials:
                raise ConnectionRejectionError from None
        elif cookie:
            if not is_trusted_origin(context.request.headers, self.trusted_origins):
                raise ConnectionRejectionError  # cross-site WebSocket hijacking
            viewer = await self.authenticator.from_session_cookie(cookie)
            if viewer is None:
                raise ConnectionRejectionError
            context.become(viewer)
        return UNSET
