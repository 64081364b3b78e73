"""Who is calling, from a request's credentials.

- ``Authorization: Bearer kp_…``: a personal access token minted with the CLI;
- ``Authorization: Bearer <JWT>``: an access token from the identity provider, for our audience;
- the session cookie set by the browser login (`auth.routes`);
- ``X-Api-Key: kpk_…``: a partner site's API key (`from_partner_key`), which reads as anonymous.

Credentials that are present but not valid never fall back to anonymous.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select

from auth.oidc import OIDCClient, TokenInvalid
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import User
from kennispunt.accounts.viewer import ANONYMOUS, Viewer
from kennispunt.db import Database
from kennispunt.errors import DomainError
from kennispunt.partners import service as partners
from kennispunt.partners.service import Partner

logger = logging.getLogger(__name__)

SESSION_COOKIE = "kp_session"


class InvalidCredentials(Exception):
    """The request carried credentials, and they are not valid."""


@dataclass(frozen=True)
class Credential:
    """What a signed-in caller presented, so that what outlives the request (an open
    WebSocket) can end with it: a revoked token or session, or its expiry."""

    kind: Literal["token", "session", "provider"]
    id: int | None = None
    """The token's or session's id; None for a provider's JWT."""
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Authentication:
    viewer: Viewer
    by_cookie: bool = False
    """Cookie-authenticated requests get the cross-site checks (`auth.csrf`)."""
    credential: Credential | None = None


ANONYMOUS_REQUEST = Authentication(ANONYMOUS)


class Authenticator:
    def __init__(self, db: Database, oidc: OIDCClient | None) -> None:
        self.db = db
        self.oidc = oidc

    async def authenticate(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> Authentication:
        authorization = headers.get("authorization")
        if authorization is not None:
            return await self.from_authorization(authorization)
        session_token = cookies.get(SESSION_COOKIE)
        if session_token:
            authentication = await self.from_session_cookie(session_token)
            if authentication is not None:
                return authentication
        return ANONYMOUS_REQUEST

    async def from_authorization(self, authorization: str) -> Authentication:
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise InvalidCredentials
        if token.startswith(accounts.TOKEN_PREFIX):
            return await self._from_personal_token(token)
        return await self._from_access_token(token)

    async def _from_personal_token(self, token: str) -> Authentication:
        async with self.db.session() as session:
            record = await accounts.find_active_token(session, token)
            if record is None:
                raise InvalidCredentials
            viewer = await accounts.load_viewer(session, record.user_id)
        if accounts.needs_last_used_update(record):
            async with self.db.transaction() as session:
                await accounts.touch_token(session, record.id)
        return Authentication(viewer, credential=Credential("token", record.id, record.expires_at))

    async def _from_access_token(self, token: str) -> Authentication:
        if self.oidc is None:
            raise InvalidCredentials
        try:
            identity = await self.oidc.validate_access_token(token)
        except TokenInvalid as error:
            logger.info("bearer token refused: %s", error)
            raise InvalidCredentials from None
        credential = Credential("provider", expires_at=identity.expires_at)
        async with self.db.session() as session:
            user = await session.scalar(
                select(User).where(User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject)
            )
            if user is not None:
                if user.blocked_at is not None:
                    raise InvalidCredentials
                return Authentication(await accounts.load_viewer(session, user.id), credential=credential)
        try:  # first contact through an app: the token's claims make the account
            async with self.db.transaction() as session:
                user = await accounts.upsert_identity_user(
                    session, identity.issuer, identity.subject, identity.email, identity.name
                )
                if user.blocked_at is not None:
                    raise InvalidCredentials
                return Authentication(await accounts.load_viewer(session, user.id), credential=credential)
        except DomainError:
            raise InvalidCredentials from None

    async def from_session_cookie(self, token: str) -> Authentication | None:
        async with self.db.session() as session:
            record = await accounts.find_active_session(session, token)
            if record is None:
                return None
            viewer = await accounts.load_viewer(session, record.user_id)
        return Authentication(viewer, by_cookie=True, credential=Credential("session", record.id, record.expires_at))

    async def from_partner_key(self, key: str) -> Partner:
        async with self.db.session() as session:
            partner = await partners.find_partner(session, key.strip())
        if partner is None:
            raise InvalidCredentials
        if partner.needs_touch:
            async with self.db.transaction() as session:
                await partners.touch_key(session, partner.id)
        return partner
