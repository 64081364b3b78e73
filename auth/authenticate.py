"""Who is calling, from a request's credentials.

- ``Authorization: Bearer kp_…``: a personal access token minted with the CLI;
- ``Authorization: Bearer <JWT>``: an access token from the identity provider, for our audience;
- the session cookie set by the browser login (`auth.routes`);
- ``X-Api-Key: kpk_…``: a partner site's API key (`from_partner_key`), which reads as anonymous.

Credentials that are present but not valid never fall back to anonymous. Valid ones are
remembered for a few seconds (`auth.cache`), and forgotten at once when access changes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select

from auth.cache import CredentialCache, Remembered, cache_key
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
    def __init__(self, db: Database, oidc: OIDCClient | None, cache: CredentialCache | None = None) -> None:
        self.db = db
        self.oidc = oidc
        self.cache = cache if cache is not None else CredentialCache(0)

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
        key = cache_key("token", token)
        remembered = self.cache.value(key, Authentication)
        if remembered is not None:
            return remembered
        generation = self.cache.generation
        async with self.db.session() as session:
            record = await accounts.find_active_token(session, token)
            if record is None:
                raise InvalidCredentials
            viewer = await accounts.load_viewer(session, record.user_id)
        if accounts.needs_last_used_update(record):
            async with self.db.transaction() as session:
                await accounts.touch_token(session, record.id)
        authentication = Authentication(viewer, credential=Credential("token", record.id, record.expires_at))
        self.cache.put(
            key,
            Remembered(authentication, record.user_id, ("token", record.id), record.expires_at),
            generation,
        )
        return authentication

    async def _from_access_token(self, token: str) -> Authentication:
        if self.oidc is None:
            raise InvalidCredentials
        key = cache_key("provider", token)
        remembered = self.cache.value(key, Authentication)
        if remembered is not None:
            return remembered
        try:
            identity = await self.oidc.validate_access_token(token)
        except TokenInvalid as error:
            logger.info("bearer token refused: %s", error)
            raise InvalidCredentials from None
        generation = self.cache.generation
        credential = Credential("provider", expires_at=identity.expires_at)
        authentication = await self._provider_user(
            identity.issuer, identity.subject, identity.email, identity.name, credential
        )
        viewer = authentication.viewer
        self.cache.put(key, Remembered(authentication, viewer.user_id, None, identity.expires_at), generation)
        return authentication

    async def _provider_user(
        self, issuer: str, subject: str, email: str | None, name: str | None, credential: Credential
    ) -> Authentication:
        async with self.db.session() as session:
            user = await session.scalar(
                select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
            )
            if user is not None:
                if user.blocked_at is not None:
                    raise InvalidCredentials
                return Authentication(await accounts.load_viewer(session, user.id), credential=credential)
        try:  # first contact through an app: the token's claims make the account
            async with self.db.transaction() as session:
                user = await accounts.upsert_identity_user(session, issuer, subject, email, name)
                if user.blocked_at is not None:
                    raise InvalidCredentials
                return Authentication(await accounts.load_viewer(session, user.id), credential=credential)
        except DomainError:
            raise InvalidCredentials from None

    async def from_session_cookie(self, token: str) -> Authentication | None:
        key = cache_key("session", token)
        remembered = self.cache.value(key, Authentication)
        if remembered is not None:
            return remembered
        generation = self.cache.generation
        async with self.db.session() as session:
            record = await accounts.find_active_session(session, token)
            if record is None:
                return None
            viewer = await accounts.load_viewer(session, record.user_id)
        credential = Credential("session", record.id, record.expires_at)
        authentication = Authentication(viewer, by_cookie=True, credential=credential)
        self.cache.put(
            key,
            Remembered(authentication, record.user_id, ("session", record.id), record.expires_at),
            generation,
        )
        return authentication

    async def from_partner_key(self, key: str) -> Partner:
        key = key.strip()
        remembered_key = cache_key("partner", key)
        remembered = self.cache.value(remembered_key, Partner)
        if remembered is not None:
            return remembered
        generation = self.cache.generation
        async with self.db.session() as session:
            partner = await partners.find_partner(session, key)
        if partner is None:
            raise InvalidCredentials
        if partner.needs_touch:
            async with self.db.transaction() as session:
                await partners.touch_key(session, partner.id)
        self.cache.put(
            remembered_key, Remembered(partner, None, ("partner", partner.id), partner.expires_at), generation
        )
        return partner
