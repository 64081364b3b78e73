"""The OpenID Connect test harness works against the real provider (npm oidc-provider).

These tests check the harness, not Kennispunt: a small relying party written here with
authlib and joserfc stands in for the app where a browser flow needs one.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.oidc.harness import (
    OIDCProvider,
    authorization_code_tokens,
    client_credentials_token,
    generate_rsa_jwk,
    login_through_provider,
    logout_through_provider,
    oidc_client,
    resource_for,
    sign_token,
)

AUDIENCE = "kennispunt-api"
RP = "http://rp.test"  # the stand-in relying party, served in process (ASGI transport)
CODE_REDIRECT = "http://127.0.0.1:9/code/callback"  # never requested
CLIENT_ID, SECRET = "kennispunt-web", "web-secret"
SERVICE_ID, SERVICE_SECRET = "kennispunt-service", "service-secret"


@pytest.fixture(autouse=True)
def clean_database() -> None:
    """These tests need no database: this overrides the suite's autouse fixture here."""


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return generate_rsa_jwk("harness-key-1")


@pytest.fixture(scope="module")
def provider(key: dict[str, Any]) -> Iterator[OIDCProvider]:
    clients = [
        oidc_client(
            CLIENT_ID,
            SECRET,
            [f"{RP}/auth/callback", CODE_REDIRECT],
            [f"{RP}/logged-out"],
        ),
        oidc_client(SERVICE_ID, SERVICE_SECRET, token_endpoint_auth_method="client_secret_post"),
    ]
    with OIDCProvider(clients=clients, audience=AUDIENCE, keys=[key]) as op:
        yield op


def verify(token: str, provider: OIDCProvider) -> jwt.Token:
    """Verify a JWT's signature with the JWKS the provider serves now."""
    jwks: Any = provider.jwks()
    return jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["RS256"])


def test_discovery_document(provider: OIDCProvider) -> None:
    document = provider.discovery()
    assert document["issuer"] == provider.issuer
    assert provider.issuer.startswith("http://127.0.0.1:")
    for name in ("authorization", "token", "userinfo", "end_session"):
        assert document[f"{name}_endpoint"].startswith(provider.issuer + "/")
    assert document["jwks_uri"].startswith(provider.issuer + "/")
    assert "S256" in document["code_challenge_methods_supported"]
    assert {"authorization_code", "client_credentials", "refresh_token"} <= set(
        document["grant_types_supported"]
    )
    assert {"openid", "profile", "email"} <= set(document["scopes_supported"])
    assert {"sub", "name", "email", "email_verified"} <= set(document["claims_supported"])


def test_jwks_publishes_the_given_key_without_private_parts(
    provider: OIDCProvider, key: dict[str, Any]
) -> None:
    keys = provider.jwks()["keys"]
    assert [k["kid"] for k in keys] == [key["kid"]]
    assert keys[0]["n"] == key["n"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(keys[0])


def test_client_credentials_token_is_a_jwt_for_the_audience(provider: OIDCProvider) -> None:
    token = client_credentials_token(
        provider, SERVICE_ID, SERVICE_SECRET, AUDIENCE, auth_method="client_secret_post"
    )
    decoded = verify(token, provider)
    assert decoded.header["kid"] == "harness-key-1"
    assert decoded.header["typ"] == "at+jwt"
    assert decoded.claims["aud"] == AUDIENCE
    assert decoded.claims["iss"] == provider.issuer
    assert decoded.claims["client_id"] == SERVICE_ID
    assert decoded.claims["exp"] > time.time()


def test_client_credentials_token_for_another_audience(provider: OIDCProvider) -> None:
    token = client_credentials_token(provider, CLIENT_ID, SECRET, "another-api")
    assert verify(token, provider).claims["aud"] == "another-api"
    uri_audience = "https://api.example.org"
    assert resource_for(uri_audience) == uri_audience
    token = client_credentials_token(provider, CLIENT_ID, SECRET, uri_audience)
    assert verify(token, provider).claims["aud"] == uri_audience


async def test_code_flow_gives_id_token_and_api_access_token(provider: OIDCProvider) -> None:
    nonce = secrets.token_urlsafe(8)
    tokens = await authorization_code_tokens(
        provider, CLIENT_ID, SECRET, CODE_REDIRECT, "alice", audience=AUDIENCE, nonce=nonce
    )
    id_token = verify(tokens["id_token"], provider).claims
    assert id_token["iss"] == provider.issuer
    assert id_token["aud"] == CLIENT_ID
    assert id_token["nonce"] == nonce
    assert id_token["sub"] == "alice"
    assert id_token["email"] == "alice@example.org"
    assert id_token["email_verified"] is True
    assert id_token["name"] == "Alice"

    access = verify(tokens["access_token"], provider)
    assert access.header["typ"] == "at+jwt"
    assert access.claims["aud"] == AUDIENCE
    assert access.claims["iss"] == provider.issuer
    assert access.claims["sub"] == "alice"
    assert access.claims["client_id"] == CLIENT_ID


async def test_login_with_an_email_address(provider: OIDCProvider) -> None:
    tokens = await authorization_code_tokens(
        provider, CLIENT_ID, SECRET, CODE_REDIRECT, "jan.de-vries@gemeente.example"
    )
    claims = verify(tokens["id_token"], provider).claims
    assert claims["sub"] == "jan.de-vries@gemeente.example"
    assert claims["email"] == "jan.de-vries@gemeente.example"
    assert claims["name"] == "Jan De Vries"
    # without an audience the access token is the provider's own, for its userinfo endpoint
    async with httpx.AsyncClient() as http:
        userinfo = await http.get(
            provider.endpoint("userinfo"), headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
    assert userinfo.status_code == 200, userinfo.text
    assert userinfo.json()["email"] == "jan.de-vries@gemeente.example"


async def test_pkce_is_required(provider: OIDCProvider) -> None:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CODE_REDIRECT,
        "scope": "openid",
        "state": "s",
        "nonce": "n",
    }
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{provider.endpoint('authorization')}?{urlencode(params)}")
    assert response.is_redirect
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["invalid_request"]
    assert "PKCE" in query["error_description"][0]


def test_a_token_signed_by_another_key_does_not_verify(provider: OIDCProvider) -> None:
    stranger = generate_rsa_jwk("not-the-providers")
    now = int(time.time())
    forged = sign_token(
        stranger, {"iss": provider.issuer, "aud": AUDIENCE, "sub": "mallory", "iat": now, "exp": now + 60}
    )
    assert jwt.decode(forged, KeySet.import_key_set({"keys": [stranger]})).claims["sub"] == "mallory"
    with pytest.raises((JoseError, ValueError)):
        verify(forged, provider)


def test_restart_with_new_keys_rotates_the_jwks() -> None:
    old, new = generate_rsa_jwk("rotate-old"), generate_rsa_jwk("rotate-new")
    client = oidc_client(SERVICE_ID, SERVICE_SECRET)
    with OIDCProvider(clients=[client], keys=[old]) as op:
        issuer = op.issuer
        before = client_credentials_token(op, SERVICE_ID, SERVICE_SECRET)
        assert [k["kid"] for k in op.jwks()["keys"]] == ["rotate-old"]

        op.restart(keys=[new, old])  # new key signs, old one still published
        assert op.issuer == issuer
        assert [k["kid"] for k in op.jwks()["keys"]] == ["rotate-new", "rotate-old"]
        during = client_credentials_token(op, SERVICE_ID, SERVICE_SECRET)
        assert verify(during, op).header["kid"] == "rotate-new"
        assert verify(before, op).claims["aud"] == AUDIENCE

        op.restart(keys=[new])  # old key retired
        assert [k["kid"] for k in op.jwks()["keys"]] == ["rotate-new"]
        with pytest.raises((JoseError, ValueError)):
            verify(before, op)
    assert not op.running


# --- a stand-in relying party, to drive the browser flow -------------------------------


def relying_party(provider: OIDCProvider) -> Starlette:
    """Sign-in with authlib: PKCE, state, nonce; a cookie with the subject on success."""
    pending: dict[str, tuple[str, str]] = {}
    id_tokens: dict[str, str] = {}

    def oauth() -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            CLIENT_ID,
            SECRET,
            scope="openid profile email",
            redirect_uri=f"{RP}/auth/callback",
            code_challenge_method="S256",
        )

    async def login(request: Request) -> Response:
        verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(12)
        async with oauth() as client:
            url, state = client.create_authorization_url(
                provider.endpoint("authorization"), code_verifier=verifier, nonce=nonce
            )
        pending[state] = (verifier, nonce)
        return RedirectResponse(url, status_code=302)

    async def callback(request: Request) -> Response:
        verifier, nonce = pending.pop(request.query_params["state"])
        async with oauth() as client:
            token = await client.fetch_token(
                provider.endpoint("token"),
                authorization_response=str(request.url),
                code_verifier=verifier,
            )
        claims = verify(token["id_token"], provider).claims
        assert claims["nonce"] == nonce and claims["aud"] == CLIENT_ID
        id_tokens[claims["sub"]] = token["id_token"]
        response = RedirectResponse("/", status_code=303)
        response.set_cookie("rp_session", claims["sub"], httponly=True, samesite="lax")
        return response

    async def logout(request: Request) -> Response:
        sub = request.cookies["rp_session"]
        query = urlencode({"id_token_hint": id_tokens[sub], "post_logout_redirect_uri": f"{RP}/logged-out"})
        response = RedirectResponse(f"{provider.endpoint('end_session')}?{query}", status_code=302)
        response.delete_cookie("rp_session")
        return response

    async def logged_out(request: Request) -> Response:
        return JSONResponse({"logged_out": True})

    return Starlette(
        routes=[
            Route("/auth/login", login),
            Route("/auth/callback", callback),
            Route("/auth/logout", logout),
            Route("/logged-out", logged_out),
        ]
    )


async def test_login_and_logout_through_the_providers_forms(provider: OIDCProvider) -> None:
    rp = httpx.ASGITransport(app=relying_party(provider))
    async with httpx.AsyncClient(mounts={RP: rp}, timeout=10) as http:
        callback = await login_through_provider(http, f"{RP}/auth/login", "bob")
        assert callback.request.url.path == "/auth/callback"
        assert callback.status_code == 303
        assert callback.headers["location"] == "/"
        assert "rp_session=bob" in callback.headers["set-cookie"]
        assert http.cookies.get("rp_session", domain="rp.test") == "bob"
        assert any(c.name.startswith("oidc_op_") for c in http.cookies.jar)  # provider session

        # the next login forgets the provider's session: the form asks again
        callback = await login_through_provider(http, f"{RP}/auth/login", "carol")
        assert "rp_session=carol" in callback.headers["set-cookie"]

        done = await logout_through_provider(http, f"{RP}/auth/logout", return_prefix="/logged-out")
        assert done.status_code == 200
        assert done.json() == {"logged_out": True}
