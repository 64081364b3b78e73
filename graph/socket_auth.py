"""Who a WebSocket is, decided once at ``connection_init`` (`GraphQLView.on_ws_connect`)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.websocket_origin import is_same_origin

from auth.authenticate import SESSION_COOKIE, Authenticator, InvalidCredentials
from auth.csrf import is_trusted_origin, request_origin
from auth.gate import client_address, throttle
from graph.context import Context
from kennispunt import ratelimit
from kennispunt.accounts.viewer import ANONYMOUS


@dataclass(frozen=True)
class SocketAuthentication:
    authenticator: Authenticator
    trusted_origins: frozenset[str]
    anonymous_rules: tuple[ratelimit.Rule, ...]
    """What an anonymous caller may do, which a partner key is throttled by too."""

    def _is_foreign(self, websocket: HTTPConnection) -> bool:
        origin = websocket.headers.get("origin")
        if origin is None:  # not a browser, so no ambient credentials to abuse
            return False
        return not is_trusted_origin(websocket.headers, self.trusted_origins) and not is_same_origin(
            origin, websocket.headers.get("host")
        )

    async def connect(self, context: Context) -> None:
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
            return
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

    async def _connect_partner(self, context: Context, api_key: str) -> None:
        try:
            partner = await self.authenticator.from_partner_key(api_key)
        except InvalidCredentials:
            raise ConnectionRejectionError from None
        origin = request_origin(context.request.headers) if self._is_foreign(context.request) else None
        if origin is not None and origin not in partner.allowed_origins:
            raise ConnectionRejectionError
        if (
            await throttle(partner, ANONYMOUS, client_address(context.request), self.anonymous_rules)
            is not None
        ):
            raise ConnectionRejectionError
        context.partner, context.partner_origin = partner, origin
