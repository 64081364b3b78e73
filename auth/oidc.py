"""The OpenID Connect relying party: discovery, the authorization-code flow with PKCE,
and validation of ID tokens and bearer access tokens against the provider's JWKS.

Signing keys are cached; a token signed with a key we have not seen makes us fetch the
JWKS again (at most every `JWKS_REFRESH_INTERVAL`), so a provider's key rotation is
picked up without a restart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx2 as httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

SIGNING_ALGORITHMS = [
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
]
JWKS_REFRESH_INTERVAL = 10.0
METADATA_TTL = 3600.0
CLOCK_LEEWAY = 60


class TokenInvalid(Exception):
    """A token that must not be trusted: bad signature, wrong issuer or audience, expired, replayed."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None

    @classmethod
    def from_discovery(cls, document: Mapping[str, Any]) -> ProviderMetadata:
        return cls(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            end_session_endpoint=document.get("end_session_endpoint"),
        )


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in."""

    issuer: str
    subject: str
    email: str | None
    name: str | None
    expires_at: datetime | None = None
    """When the token this identity came from expires (its ``exp``)."""


class OIDCClient:
    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str | None,
        *,
        audience: str | None = None,
        scopes: str = "openid profile email",
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.audience = audience
        self.scopes = scopes
        self._metadata: ProviderMetadata | None = None
        self._metadata_fetched = 0.0
        self._keys: KeySet | None = None
        self._keys_fetched = 0.0
        self._lock = asyncio.Lock()

    async def metadata(self) -> ProviderMetadata:
        if self._metadata is None or time.monotonic() - self._metadata_fetched > METADATA_TTL:
            async with httpx.AsyncClient(timeout=10) as http:
                response = await http.get(f"{self.issuer}/.well-known/openid-configuration")
                response.raise_for_status()
            metadata = ProviderMetadata.from_discovery(response.json())
            if metadata.issuer.rstrip("/") != self.issuer:
                raise TokenInvalid("discovery document names another issuer")
            self._metadata, self._metadata_fetched = metadata, time.monotonic()
        return self._metadata

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        async with self._lock:
            stale = refresh and time.monotonic() - self._keys_fetched > JWKS_REFRESH_INTERVAL
            if self._keys is None or stale:
                metadata = await self.metadata()
                async with httpx.AsyncClient(timeout=10) as http:
                    response = await http.get(metadata.jwks_uri)
                    response.raise_for_status()
                self._keys, self._keys_fetched = KeySet.import_key_set(response.json()), time.monotonic()
            return self._keys

    async def _decode(self, token: str) -> dict[str, Any]:
        """Verify the signature, fetching the JWKS again once for a key we do not know."""
        for refresh in (False, True):
            keys = await self._key_set(refresh=refresh)
            try:
                return dict(jwt.decode(token, keys, algorithms=SIGNING_ALGORITHMS).claims)
            except (JoseError, ValueError) as error:
                if refresh:
                    raise TokenInvalid(f"signature not verified: {error}") from None
        raise AssertionError("unreachable")

    @staticmethod
    def _check_claims(claims: dict[str, Any], **options: Any) -> None:
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY,
            exp={"essential": True},
            sub={"essential": True},
            **options,
        )
        try:
            registry.validate(claims)
        except JoseError as error:
            raise TokenInvalid(f"claims not valid: {error}") from None

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scope=self.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=10,
        )

    async def authorization_url(self, redirect_uri: str, state: str, nonce: str, code_verifier: str) -> str:
        metadata = await self.metadata()
        async with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                metadata.authorization_endpoint, state=state, nonce=nonce, code_verifier=code_verifier
            )
        return str(url)

    async def complete_login(
        self, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> tuple[Identity, str]:
        """Exchange the code and validate the ID token; returns who signed in and the raw ID token."""
        metadata = await self.metadata()
        async with self._client(redirect_uri) as client:
            try:
                tokens = await client.fetch_token(
                    metadata.token_endpoint,
                    code=code,
                    code_verifier=code_verifier,
                    grant_type="authorization_code",
                )
            except Exception as error:  # the provider refused: replayed or unknown code, wrong verifier
                raise TokenInvalid(f"code exchange refused: {error}") from None
        id_token = tokens.get("id_token")
        if not id_token:
            raise TokenInvalid("no ID token in the token response")
        claims = await self._decode(id_token)
        self._check_claims(
            claims,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id},
            nonce={"essential": True, "value": nonce},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise TokenInvalid("ID token for several audiences without us as authorized party")
        return self._identity(claims), id_token

    async def validate_access_token(self, token: str) -> Identity:
        """A bearer JWT access token: signed by the provider, for our audience, in date."""
        if not self.audience:
            raise TokenInvalid("bearer JWTs are not accepted: no audience configured")
        claims = await self._decode(token)
        self._check_claims(
            claims,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.audience},
        )
        return self._identity(claims)

    def _identity(self, claims: Mapping[str, Any]) -> Identity:
        email = claims.get("email")
        name = claims.get("name") or claims.get("preferred_username")
        expiry = claims.get("exp")
        return Identity(
            issuer=self.issuer,
            subject=str(claims["sub"]),
            email=str(email) if email else None,
            name=str(name) if name else None,
            expires_at=datetime.fromtimestamp(expiry, UTC) if isinstance(expiry, int | float) else None,
        )

    async def end_session_url(self, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
        metadata = await self.metadata()
        if not metadata.end_session_endpoint:
            return None
        params = {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token:
            params["id_token_hint"] = id_token
        return str(httpx.URL(metadata.end_session_endpoint, params=params))
