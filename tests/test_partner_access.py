"""What a partner key opens: public content only, for its own origins (CORS), at its own rate."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import websockets

from graph.ids import encode_id
from graph.public_surface import PUBLIC_FIELDS
from graph.schema.schema import build_schema
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_server
from tests.factories import (
    make_partner_key,
    make_token,
    make_topic,
    make_training,
    make_verified_member,
)

PARTNER = "https://www.utrecht.nl"
STRANGER = "https://evil.example"
TOPICS = {"query": "{ topics { slug name } }"}


async def post(http: httpx.AsyncClient, body: dict[str, object], **headers: str) -> httpx.Response:
    return await http.post("/graphql", json=body, headers=headers)


async def test_an_allowed_origin_gets_cors_headers_and_no_cookies(
    db: Database, http: httpx.AsyncClient
) -> None:
    key = await make_partner_key(db, origins=[PARTNER])
    await make_topic(db)

    response = await post(http, TOPICS, **{"X-Api-Key": key, "Origin": PARTNER})

    assert response.status_code == 200
    assert response.json() == {"data": {"topics": [{"slug": "campagne-voeren", "name": "Campagne voeren"}]}}
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert response.headers["access-control-expose-headers"] == "ETag, Retry-After, X-Request-ID"
    assert "access-control-allow-credentials" not in response.headers
    assert "Origin" in response.headers["vary"]
    assert "set-cookie" not in response.headers


async def test_another_origin_gets_no_cors_headers(db: Database, http: httpx.AsyncClient) -> None:
    key = await make_partner_key(db, origins=[PARTNER])

    with_key = await post(http, TOPICS, **{"X-Api-Key": key, "Origin": STRANGER})
    without_key = await post(http, TOPICS, Origin=STRANGER)

    assert with_key.status_code == 403
    assert with_key.json() == {
        "data": None,
        "errors": [
            {
                "message": "Deze API-sleutel mag niet gebruikt worden vanaf https://evil.example.",
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    assert "access-control-allow-origin" not in with_key.headers
    assert without_key.status_code == 200  # public content, but the browser may not read it
    assert "access-control-allow-origin" not in without_key.headers


async def test_kennispunts_own_sites_get_cors_with_cookies(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    own_site = server.url.replace("127.0.0.1", "localhost")  # a trusted origin (KENNISPUNT_ALLOWED_ORIGINS)

    response = await post(http, TOPICS, Origin=own_site)

    assert response.headers["access-control-allow-origin"] == own_site
    assert response.headers["access-control-allow-credentials"] == "true"


async def test_a_key_from_a_server_needs_no_origin(db: Database, http: httpx.AsyncClient) -> None:
    key = await make_partner_key(db, origins=[])
    assert (await post(http, TOPICS, **{"X-Api-Key": key})).json() == {"data": {"topics": []}}


async def test_preflights_are_answered_for_partner_origins_only(
    db: Database, http: httpx.AsyncClient
) -> None:
    await make_partner_key(db, origins=[PARTNER])
    ask = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key",
    }

    allowed = await http.options("/graphql", headers={"Origin": PARTNER, **ask})
    refused = await http.options("/graphql", headers={"Origin": STRANGER, **ask})

    assert allowed.status_code == 204
    assert {
        name: allowed.headers[name] for name in allowed.headers if name.startswith("access-control-")
    } == {
        "access-control-allow-origin": PARTNER,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "Content-Type, X-Api-Key, Authorization, Accept-Language, If-None-Match",
        "access-control-max-age": "600",
        "access-control-expose-headers": "ETag, Retry-After, X-Request-ID",
    }
    assert refused.status_code == 403
    assert "access-control-allow-origin" not in refused.headers


async def test_a_key_reads_public_content_only(db: Database, http: httpx.AsyncClient) -> None:
    key = await make_partner_key(db, origins=[PARTNER])
    headers = {"X-Api-Key": key, "Origin": PARTNER, "Accept-Language": "en"}

    forum = await post(http, {"query": "{ forumCategories { name } viewer { id } }"}, **headers)
    members = await post(http, {"query": '{ party(slug: "x") { name members { totalCount } } }'}, **headers)
    registrations = await post(
        http, {"query": "{ trainings { edges { node { title viewerRegistration { id } } } } }"}, **headers
    )
    with_credentials = await post(http, TOPICS, **headers, Authorization="Bearer kp_something")

    assert forum.json() == {
        "data": None,
        "errors": [
            {
                "message": "An API key gives access to public content only, not to Query.forumCategories, Query.viewer.",
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    assert members.json()["errors"][0]["message"].endswith("not to Party.members.")
    assert registrations.json()["errors"][0]["message"].endswith("not to Training.viewerRegistration.")
    assert with_credentials.status_code == 400
    assert with_credentials.json()["errors"][0]["message"] == "Send an API key or credentials, not both."


async def test_a_key_may_not_write(db: Database, http: httpx.AsyncClient) -> None:
    key = await make_partner_key(db, origins=[PARTNER])
    mutation = 'mutation { requestMembership(input: {partyId: "x", role: MEMBER}) { errors { code } } }'

    response = await post(http, {"query": mutation}, **{"X-Api-Key": key})

    assert response.json()["errors"][0]["extensions"] == {"code": "FORBIDDEN"}


# --- rate limits -------------------------------------------------------------------------


@pytest.fixture
def strict_server(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings.model_copy(update={"anonymous_rate": "3/minute"})) as running:
        yield running


async def test_each_key_has_its_own_rate_and_anonymous_visitors_a_lower_one(
    db: Database, strict_server: RunningServer
) -> None:
    generous = await make_partner_key(db, origins=[PARTNER], name="Gemeente Utrecht", rate="5/minute")
    frugal = await make_partner_key(db, origins=[PARTNER], name="ProDemos", rate="2/minute")
    async with httpx.AsyncClient(base_url=strict_server.url) as http:
        anonymous = [(await post(http, TOPICS)).status_code for _ in range(4)]
        first = [
            (await post(http, TOPICS, **{"X-Api-Key": generous, "Origin": PARTNER})).status_code
            for _ in range(6)
        ]
        second = [(await post(http, TOPICS, **{"X-Api-Key": frugal})).status_code for _ in range(3)]
        limited = await post(
            http, TOPICS, **{"X-Api-Key": frugal, "Origin": PARTNER, "Accept-Language": "en"}
        )
        feed = await http.get("/feeds/articles.atom")

    assert anonymous == [200, 200, 200, 429]
    assert first == [200] * 5 + [429]
    assert second == [200, 200, 429]
    assert limited.status_code == 429
    seconds = int(limited.headers["retry-after"])
    assert 1 <= seconds <= 60
    assert limited.json() == {
        "data": None,
        "errors": [
            {
                "message": f"Too many requests; try again in {seconds} seconds.",
                "extensions": {"code": "RATE_LIMITED", "retryAfter": seconds},
            }
        ],
    }
    assert limited.headers["access-control-allow-origin"] == PARTNER  # so the widget can read why
    assert feed.status_code == 429  # the feeds count as anonymous reads too


# --- live updates over the WebSocket ----------------------------------------------------


SEATS = "subscription ($id: ID!) { trainingUpdated(trainingId: $id) { title seatsLeft } }"
REGISTER = "mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { errors { code } } }"


async def connect(
    server: RunningServer, origin: str, payload: dict[str, object]
) -> websockets.ClientConnection:
    url = server.url.replace("http://", "ws://") + "/graphql"
    connection = await websockets.connect(
        url, subprotocols=["graphql-transport-ws"], additional_headers={"Origin": origin}
    )  # type: ignore[list-item]
    await connection.send(json.dumps({"type": "connection_init", "payload": payload}))
    return connection


async def closed_with(connection: websockets.ClientConnection) -> int | None:
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await connection.recv()
    return closed.value.rcvd.code if closed.value.rcvd else None


async def test_a_partner_page_follows_seats_live_with_its_key(db: Database, server: RunningServer) -> None:
    key = await make_partner_key(db, origins=[PARTNER])
    training = await make_training(db, capacity=5)
    variables = {"id": encode_id("Training", training.id)}

    connection = await connect(server, PARTNER, {"apiKey": key})
    assert json.loads(await connection.recv()) == {"type": "connection_ack"}
    await connection.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SEATS, "variables": variables}})
    )
    first = json.loads(await connection.recv())
    token = await make_token(db, await make_verified_member(db))
    async with httpx.AsyncClient(base_url=server.url) as http:  # someone registers through the API
        await post(http, {"query": REGISTER, "variables": variables}, Authorization=f"Bearer {token}")
    second = json.loads(await connection.recv())
    await connection.close()

    assert first["payload"] == {"data": {"trainingUpdated": {"title": training.title, "seatsLeft": 5}}}
    assert second["payload"] == {"data": {"trainingUpdated": {"title": training.title, "seatsLeft": 4}}}


async def test_foreign_pages_without_a_fitting_key_are_closed(db: Database, server: RunningServer) -> None:
    key = await make_partner_key(db, origins=[PARTNER])

    assert await closed_with(await connect(server, STRANGER, {})) == 4403
    assert await closed_with(await connect(server, STRANGER, {"apiKey": key})) == 4403
    assert await closed_with(await connect(server, PARTNER, {"apiKey": key + "x"})) == 4403


def test_every_public_field_exists_in_the_schema() -> None:
    """A renamed field must not linger in the allowlist under its old name."""
    schema = build_schema()._schema
    missing = [
        f"{type_name}.{field}"
        for type_name, fields in PUBLIC_FIELDS.items()
        for field in fields
        if type_name not in schema.type_map or field not in schema.type_map[type_name].fields  # type: ignore[attr-defined]
    ]
    assert missing == []
