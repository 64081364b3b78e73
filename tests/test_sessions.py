"""Browser sessions: the cookie, cross-site request forgery, logout, demo sign-in."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import websockets

from auth.csrf import safe_next
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import User
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_server
from tests.factories import make_user

VIEWER = {"query": "{ viewer { user { displayName } } }"}
SIGNED_IN = {"data": {"viewer": {"user": {"displayName": "Sanne de Boer"}}}}
ANONYMOUS = {"data": {"viewer": None}}


async def start_session(db: Database, user: User) -> str:
    async with db.transaction() as session:
        return await accounts.start_session(session, user, days=1)


def cookie_headers(token: str, origin: str | None, content_type: str = "application/json") -> dict[str, str]:
    headers = {"Cookie": f"kp_session={token}", "Content-Type": content_type}
    if origin is not None:
        headers["Origin"] = origin
    return headers


async def test_a_session_cookie_signs_in_requests_from_our_own_pages(
    db, http: httpx.AsyncClient, server: RunningServer
) -> None:
    token = await start_session(db, await make_user(db))
    response = await http.post(
        "/graphql", content=json.dumps(VIEWER), headers=cookie_headers(token, server.url)
    )
    assert (response.status_code, response.json()) == (200, SIGNED_IN)


async def test_reading_by_get_needs_no_origin(db, http: httpx.AsyncClient) -> None:
    token = await start_session(db, await make_user(db))
    response = await http.get("/graphql", params=VIEWER, headers={"Cookie": f"kp_session={token}"})
    assert (response.status_code, response.json()) == (200, SIGNED_IN)


@pytest.mark.parametrize(
    ("origin", "content_type"),
    [
        (None, "application/json"),  # no Origin and no Referer
        ("https://evil.example", "application/json"),
        ("SERVER", "text/plain"),  # what a plain HTML form or a simple fetch can send
        ("SERVER", "application/x-www-form-urlencoded"),
    ],
)
async def test_cookie_requests_from_elsewhere_are_refused(
    db, http: httpx.AsyncClient, server: RunningServer, origin: str | None, content_type: str
) -> None:
    token = await start_session(db, await make_user(db))
    origin = server.url if origin == "SERVER" else origin
    response = await http.post(
        "/graphql", content=json.dumps(VIEWER), headers=cookie_headers(token, origin, content_type)
    )
    assert response.status_code == 403
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Dit verzoek komt niet van een toegestane website.",
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }


async def test_an_unknown_or_expired_cookie_is_anonymous(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    response = await http.post(
        "/graphql", content=json.dumps(VIEWER), headers=cookie_headers("made-up", server.url)
    )
    assert (response.status_code, response.json()) == (200, ANONYMOUS)


async def test_logout_ends_the_session(db, http: httpx.AsyncClient, server: RunningServer) -> None:
    token = await start_session(db, await make_user(db))
    page = await http.get("/auth/logout")
    assert page.status_code == 200 and '<form method="post" action="/auth/logout">' in page.text

    refused = await http.post("/auth/logout", data={"next": "/"}, headers={"Cookie": f"kp_session={token}"})
    assert refused.status_code == 403  # a form on another site cannot sign people out

    response = await http.post(
        "/auth/logout",
        data={"next": "https://evil.example/"},
        headers={"Cookie": f"kp_session={token}", "Origin": server.url},
    )
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert 'kp_session=""' in response.headers["set-cookie"]
    after = await http.post("/graphql", content=json.dumps(VIEWER), headers=cookie_headers(token, server.url))
    assert after.json() == ANONYMOUS


async def test_a_websocket_signs_in_with_the_cookie_from_our_own_origin(db, server: RunningServer) -> None:
    token = await start_session(db, await make_user(db))
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Cookie": f"kp_session={token}", "Origin": server.url}
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": VIEWER}))
        assert json.loads(await ws.recv()) == {"id": "1", "type": "next", "payload": SIGNED_IN}


async def test_a_websocket_from_another_site_never_gets_the_cookie(db, server: RunningServer) -> None:
    """Pages on other sites may only connect with a partner key (tests/test_partner_access.py)."""
    token = await start_session(db, await make_user(db))
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Cookie": f"kp_session={token}", "Origin": "https://evil.example"}
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_a_websocket_with_the_cookie_but_no_origin_is_closed_4403(db, server: RunningServer) -> None:
    token = await start_session(db, await make_user(db))
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Cookie": f"kp_session={token}"}
    async with websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers=headers
    ) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_dev_login_does_not_exist_outside_demo_mode(http: httpx.AsyncClient) -> None:
    assert (await http.get("/auth/dev")).status_code == 404
    assert (await http.post("/auth/dev", data={"email": "lid@example.org"})).status_code == 404


@pytest.fixture
def demo_server(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings.model_copy(update={"demo_mode": True})) as running:
        yield running


async def test_dev_login_in_demo_mode(db, demo_server: RunningServer) -> None:
    await make_user(db)
    async with httpx.AsyncClient(base_url=demo_server.url) as http:
        page = await http.get("/auth/dev")
        assert page.status_code == 200
        assert (
            '<input type="hidden" name="email" value="lid@example.org"><button type="submit">Sanne de Boer</button>'
            in page.text
        )

        response = await http.post(
            "/auth/dev", data={"email": "lid@example.org"}, headers={"Origin": demo_server.url}
        )
        assert (response.status_code, response.headers["location"]) == (303, "/graphql")
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie

        signed_in = await http.post("/graphql", json=VIEWER, headers={"Origin": demo_server.url})
        assert signed_in.json() == SIGNED_IN


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        (None, "/"),
        ("/trainingen?x=1", "/trainingen?x=1"),
        ("https://kennispunt.example/artikelen", "https://kennispunt.example/artikelen"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("https://kennispunt.example.evil.example/", "/"),
    ],
)
def test_next_only_leads_to_trusted_pages(next_url: str | None, expected: str) -> None:
    assert safe_next(next_url, frozenset({"https://kennispunt.example"})) == expected
