"""Signing in end to end against a real OpenID Connect provider (oidc-provider) on loopback."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import websockets
from sqlalchemy import select, update

import auth.oidc
from kennispunt.accounts.models import LoginAttempt, User
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import RunningServer, free_port, run_server
from tests.oidc.harness import (
    OIDCProvider,
    client_credentials_token,
    generate_rsa_jwk,
    login_through_provider,
    oidc_client,
    sign_token,
)

CLIENT_ID, CLIENT_SECRET, AUDIENCE = "kennispunt", "s3cret-for-tests", "kennispunt-api"
VIEWER = {"query": "{ viewer { user { displayName } } }"}


@dataclass
class World:
    provider: OIDCProvider
    app: RunningServer

    def token(self, key: dict[str, Any] | None = None, **claims: Any) -> str:
        now = int(time.time())
        defaults = {
            "iss": self.provider.issuer,
            "aud": AUDIENCE,
            "sub": "app-user",
            "iat": now,
            "exp": now + 300,
        }
        return sign_token(
            key or self.provider.keys[0], {**defaults, **claims, "email": "app-user@example.org"}
        )


@pytest.fixture(scope="module")
def world(settings: Settings) -> Iterator[World]:
    port = free_port()
    app_url = f"http://127.0.0.1:{port}"
    client = oidc_client(
        CLIENT_ID,
        CLIENT_SECRET,
        redirect_uris=[f"{app_url}/auth/callback"],
        post_logout_redirect_uris=[f"{app_url}/"],
    )
    with OIDCProvider(clients=[client], audience=AUDIENCE) as provider:
        app_settings = settings.model_copy(
            update={
                "oidc_issuer": provider.issuer,
                "oidc_client_id": CLIENT_ID,
                "oidc_client_secret": CLIENT_SECRET,
                "oidc_audience": AUDIENCE,
            }
        )
        with run_server(app_settings, port=port) as app:
            yield World(provider, app)


def browser_client(**options: Any) -> httpx.AsyncClient:
    """An HTTP client that, like browsers, treats http://127.0.0.1 as a secure context:
    Secure cookies are sent back there (httpx itself only sends them over https)."""
    client = httpx.AsyncClient(timeout=30, **options)

    async def loopback_is_secure(_response: httpx.Response) -> None:
        for cookie in client.cookies.jar:
            if cookie.domain == "127.0.0.1":
                cookie.secure = False

    client.event_hooks["response"].append(loopback_is_secure)
    return client


@pytest.fixture
async def browser(world: World) -> Any:
    async with browser_client() as client:
        yield client


def session_cookie(response: httpx.Response) -> str:
    cookie = next(
        value
        for key, value in response.headers.multi_items()
        if key == "set-cookie" and value.startswith("kp_session=")
    )
    return cookie.split(";")[0].removeprefix("kp_session=")


async def ask_viewer(
    http: httpx.AsyncClient, world: World, *, cookie: str | None = None, token: str | None = None
) -> httpx.Response:
    headers = {"Origin": world.app.url}
    if cookie:
        headers["Cookie"] = f"kp_session={cookie}"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await http.post(f"{world.app.url}/graphql", json=VIEWER, headers=headers)


async def test_signing_in_through_the_provider(
    db: Database, world: World, browser: httpx.AsyncClient
) -> None:
    callback = await login_through_provider(
        browser, f"{world.app.url}/auth/login?next=/graphql", "jan.de-vries"
    )
    assert (callback.status_code, callback.headers["location"]) == (303, "/graphql")
    set_cookie = next(
        v for k, v in callback.headers.multi_items() if k == "set-cookie" and v.startswith("kp_session=")
    )
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Secure" in set_cookie

    response = await ask_viewer(browser, world, cookie=session_cookie(callback))
    assert response.json() == {"data": {"viewer": {"user": {"displayName": "Jan De Vries"}}}}
    async with db.session() as session:
        user = await session.scalar(select(User).where(User.email == "jan.de-vries@example.org"))
    assert user is not None and (user.oidc_issuer, user.oidc_subject) == (
        world.provider.issuer,
        "jan.de-vries",
    )


async def test_signing_in_again_finds_the_same_user(
    db: Database, world: World, browser: httpx.AsyncClient
) -> None:
    for _ in range(2):
        await login_through_provider(browser, f"{world.app.url}/auth/login", "sanne")
    async with db.session() as session:
        assert len((await session.scalars(select(User).where(User.oidc_subject == "sanne"))).all()) == 1


async def test_next_never_leads_to_another_site(world: World, browser: httpx.AsyncClient) -> None:
    callback = await login_through_provider(
        browser, f"{world.app.url}/auth/login?next=https://evil.example/", "sanne"
    )
    assert (callback.status_code, callback.headers["location"]) == (303, "/")


@pytest.mark.parametrize("next_url", ["http://[::1", "http://[abc]/", "http://127.0.0.1:99999/"])
async def test_a_next_the_standard_library_cannot_read_leads_home(
    world: World, browser: httpx.AsyncClient, next_url: str
) -> None:
    """``urlsplit`` raises ValueError on these; the login used to answer 500."""
    login = await browser.get(
        f"{world.app.url}/auth/login", params={"next": next_url}, follow_redirects=False
    )
    callback = await login_through_provider(browser, str(login.request.url), "sanne")
    assert (callback.status_code, callback.headers["location"]) == (303, "/")


async def test_a_state_beyond_ascii_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    """``hmac.compare_digest`` raises TypeError on str with non-ASCII characters; it was a 500."""
    response = await browser.get(
        f"{world.app.url}/auth/callback", params={"state": "\u00e9t\u00e9", "code": "abc"}
    )
    assert response.status_code == 400
    assert "Inloggen is niet gelukt" in response.text


async def test_a_replayed_callback_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    callback = await login_through_provider(browser, f"{world.app.url}/auth/login", "sanne")
    assert callback.status_code == 303
    replay = await browser.get(
        str(callback.request.url), headers={"Cookie": callback.request.headers.get("cookie", "")}
    )
    assert replay.status_code == 400
    assert "Inloggen is niet gelukt" in replay.text
    assert "kp_session=" not in replay.headers.get("set-cookie", "")


async def test_a_state_that_does_not_match_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    start = await browser.get(f"{world.app.url}/auth/login", follow_redirects=False)
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    wrong = await browser.get(f"{world.app.url}/auth/callback", params={"state": state + "x", "code": "abc"})
    assert wrong.status_code == 400
    unknown = await browser.get(
        f"{world.app.url}/auth/callback",
        params={"state": "forged", "code": "abc"},
        headers={"Cookie": "kp_login_state=forged"},
    )
    assert unknown.status_code == 400


async def test_a_replayed_code_is_refused(world: World, browser: httpx.AsyncClient) -> None:
    callback = await login_through_provider(browser, f"{world.app.url}/auth/login", "sanne")
    code = parse_qs(urlsplit(str(callback.request.url)).query)["code"][0]
    fresh = await browser.get(f"{world.app.url}/auth/login", follow_redirects=False)
    state = parse_qs(urlsplit(fresh.headers["location"]).query)["state"][0]
    replay = await browser.get(f"{world.app.url}/auth/callback", params={"state": state, "code": code})
    assert replay.status_code == 400


async def test_an_id_token_with_another_nonce_is_refused(
    db: Database, world: World, browser: httpx.AsyncClient
) -> None:
    """As if the ID token belonged to another login: the nonce we stored differs."""

    class SwapNonce(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/auth/callback":
                async with db.transaction() as session:
                    await session.execute(update(LoginAttempt).values(nonce="another-nonce"))
            return await self.inner.handle_async_request(request)

    async with browser_client(transport=SwapNonce()) as client:
        callback = await login_through_provider(client, f"{world.app.url}/auth/login", "sanne")
    assert callback.status_code == 400


async def test_logout_ends_the_session_here_and_at_the_provider(
    world: World, browser: httpx.AsyncClient
) -> None:
    callback = await login_through_provider(browser, f"{world.app.url}/auth/login", "sanne")
    cookie = session_cookie(callback)
    response = await browser.post(
        f"{world.app.url}/auth/logout",
        data={"next": "/"},
        headers={"Cookie": f"kp_session={cookie}", "Origin": world.app.url},
    )
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == world.provider.endpoint("end_session")
    params = parse_qs(location.query)
    assert params["client_id"] == [CLIENT_ID] and params["post_logout_redirect_uri"] == [f"{world.app.url}/"]
    assert "id_token_hint" in params
    assert (await ask_viewer(browser, world, cookie=cookie)).json() == {"data": {"viewer": None}}


async def test_a_provider_access_token_for_our_audience_is_accepted(
    world: World, browser: httpx.AsyncClient
) -> None:
    response = await ask_viewer(browser, world, token=world.token())
    assert response.json() == {"data": {"viewer": {"user": {"displayName": "app-user"}}}}


UNAUTHENTICATED = {
    "data": None,
    "errors": [
        {
            "message": "Het toegangstoken is onbekend, verlopen of ingetrokken.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ],
}


@pytest.mark.parametrize(
    "case",
    [
        "other audience",
        "expired",
        "not yet valid",
        "unknown key",
        "other issuer",
        "from the provider for another api",
    ],
)
async def test_bearer_tokens_that_must_not_be_trusted(
    world: World, browser: httpx.AsyncClient, case: str
) -> None:
    now = int(time.time())
    token = {
        "other audience": lambda: world.token(aud="another-api"),
        "expired": lambda: world.token(iat=now - 3600, exp=now - 600),
        "not yet valid": lambda: world.token(nbf=now + 600),
        "unknown key": lambda: world.token(generate_rsa_jwk("rogue")),
        "other issuer": lambda: world.token(iss="https://evil.example"),
        "from the provider for another api": lambda: client_credentials_token(
            world.provider, CLIENT_ID, CLIENT_SECRET, audience="another-api"
        ),
    }[case]()
    response = await ask_viewer(browser, world, token=token)
    assert (response.status_code, response.json()) == (401, UNAUTHENTICATED)


async def test_a_rotated_signing_key_is_picked_up_without_a_restart(
    world: World, browser: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth.oidc, "JWKS_REFRESH_INTERVAL", 0.0)
    old_key, new_key = world.provider.keys[0], generate_rsa_jwk("key-2")
    assert (await ask_viewer(browser, world, token=world.token(old_key))).status_code == 200
    assert (await ask_viewer(browser, world, token=world.token(new_key))).status_code == 401
    world.provider.restart(keys=[new_key, old_key])
    try:
        response = await ask_viewer(browser, world, token=world.token(new_key))
        assert response.json() == {"data": {"viewer": {"user": {"displayName": "app-user"}}}}
    finally:
        world.provider.restart(keys=[old_key])


async def test_a_websocket_signs_in_with_a_provider_token(world: World) -> None:
    url = world.app.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {world.token()}"}})
        )
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        expired = world.token(iat=int(time.time()) - 3600, exp=int(time.time()) - 600)
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {expired}"}})
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
