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
class Authentication:
    viewer: Viewer
    by_cookie: bool = False
    """Cookie-authenticated requests get the cross-site checks (`auth.csrf`)."""


ANONYMOUS_REQUEST = Authentication(ANONYMOUS)


class Authenticator:
    def __init__(self, db: Database, oidc: OIDCClient | None) -> None:
        self.db = db
        self.oidc = oidc

    async def authenticate(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> Authentication:
        authorization = headers.get("authorization")
        if authorization is not None:
            return Authentication(await self.from_authorization(authorization))
        session_token = cookies.get(SESSION_COOKIE)
        if session_token:
            viewer = await self.from_session_cookie(session_token)
            if viewer is not None:
                return Authentication(viewer, by_cookie=True)
        return ANONYMOUS_REQUEST

    async def from_authorization(self, authorization: str) -> Viewer:
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise InvalidCredentials
        if token.startswith(accounts.TOKEN_PREFIX):
            return await self._from_personal_token(token)
        return await self._from_access_token(token)

    async def _from_personal_token(self, token: str) -> Viewer:
        async with self.db.session() as session:
            record = await accounts.find_active_token(session, token)
            if record is None:
                raise InvalidCredentials
            viewer = await accounts.load_viewer(session, record.user_id)
        if accounts.needs_last_used_update(record):
            async with self.db.transaction() as session:
                await accounts.touch_token(session, record.id)
        return viewer

    async def _from_access_token(self, token: str) -> Viewer:
        if self.oidc is None:
            raise InvalidCredentials
        try:
            identity = await self.oidc.validate_access_token(token)
        except TokenInvalid as error:
            logger.info("bearer token refused: %s", error)
            raise InvalidCredentials from None
        async with self.db.session() as session:
            user_id = await session.scalar(
                select(User.id).where(User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject)
            )
            if user_id is not None:
                return await accounts.load_viewer(session, user_id)
        try:  # first contact through an app: the token's claims make the account
            async with self.db.transaction() as session:
                user = await accounts.upsert_identity_user(
                    session, identity.issuer, identity.subject, identity.email, identity.name
                )
                return await accounts.load_viewer(session, user.id)
        except DomainError:
            raise InvalidCredentials from None

    async def from_session_cookie(self, token: str) -> Viewer | None:
        async with self.db.session() as session:
            record = await accounts.find_active_session(session, token)
            if record is None:
                return None
            return await accounts.load_viewer(session, record.user_id)

    async def from_partner_key(self, key: str) -> Partner:
        async with self.db.session() as session:
            partner = await partners.find_partner(session, key.strip())
        if partner is None:
            raise InvalidCredentials
        if partner.needs_touch:
            async with self.db.transaction() as session:
                await partners.touch_key(session, partner.id)
        return partner
