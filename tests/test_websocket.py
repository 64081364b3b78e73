"""The WebSocket holds to the limits of HTTP, refuses malformed messages, and ends what
depends on a revoked credential, on every instance (`graph.websocket`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import websockets

from graph.ids import encode_id
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database, utcnow
from kennispunt.parties import service as parties
from kennispunt.parties.models import MemberRole
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_cli, run_server
from tests.factories import (
    make_category,
    make_member,
    make_partner_key,
    make_party,
    make_thread,
    make_token,
    make_training,
    make_user,
    make_verified_member,
)
from tests.live import Socket, open_socket
from tests.test_live import server_process

TOPICS = "{ topics { slug } }"
NOTIFICATIONS = "subscription { notificationReceived { cursor } }"
SEATS = "subscription ($id: ID!) { trainingUpdated(trainingId: $id) { seatsLeft } }"
THREAD = "subscription ($id: ID!) { threadActivity(threadId: $id) { kind } }"


@pytest.fixture(scope="module")
def limited(settings: Settings) -> Iterator[RunningServer]:
    """A server with small limits, so that tests reach them quickly."""
    small = {
        "anonymous_rate": "3/minute",
        "user_points_per_hour": 3,
        "max_sockets_per_address": 3,
        "max_operations_per_socket": 2,
        "ws_init_timeout_seconds": 0.5,
        "max_ws_message_bytes": 2048,
        "max_json_depth": 8,
    }
    with run_server(settings.model_copy(update=small)) as running:
        yield running


async def answers(
    socket: Socket, operation_id: str, query: str, variables: dict[str, Any] | None = None
) -> list[Any]:
    """What the server sends for one operation, up to its end."""
    await socket.subscribe(operation_id, query, variables)
    messages = []
    while True:
        message = await socket.receive()
        assert message["id"] == operation_id
        messages.append(message)
        if message["type"] in ("complete", "error"):
            return messages


def refusal(error: dict[str, Any]) -> str:
    return str(error["extensions"]["code"])


# --- the limits of HTTP ------------------------------------------------------------------


async def test_an_anonymous_visitor_counts_the_same_over_both_transports(limited: RunningServer) -> None:
    async with httpx.AsyncClient(base_url=limited.url) as http:
        over_http = await http.post("/graphql", json={"query": TOPICS})
        async with open_socket(limited.url) as socket:
            second = await answers(socket, "1", TOPICS)
            third = await answers(socket, "2", TOPICS)
            fourth = await answers(socket, "3", TOPICS)
        after = await http.post("/graphql", json={"query": TOPICS})

    assert over_http.json() == {"data": {"topics": []}}
    assert second == [
        {"id": "1", "type": "next", "payload": {"data": {"topics": []}}},
        {"id": "1", "type": "complete"},
    ]
    assert third == [
        {"id": "2", "type": "next", "payload": {"data": {"topics": []}}},
        {"id": "2", "type": "complete"},
    ]
    [refused] = fourth
    error = refused["payload"][0]
    assert (refused["type"], refusal(error)) == ("error", "RATE_LIMITED")
    assert (
        error["message"]
        == f"Te veel verzoeken; probeer het over {error['extensions']['retryAfter']} seconden opnieuw."
    )
    assert after.status_code == 429


async def test_a_partner_key_counts_its_rate_over_the_socket(db: Database, limited: RunningServer) -> None:
    key = await make_partner_key(db, origins=[], rate="2/minute")
    async with open_socket(limited.url, {"apiKey": key}) as socket:  # the connection counts once
        allowed = await answers(socket, "1", TOPICS)
        refused = await answers(socket, "2", TOPICS)

    assert allowed[-1] == {"id": "1", "type": "complete"}
    assert [refusal(error) for error in refused[0]["payload"]] == ["RATE_LIMITED"]


async def test_a_signed_in_user_pays_points_over_the_socket_too(db: Database, limited: RunningServer) -> None:
    token = await make_token(db, await make_user(db))
    async with httpx.AsyncClient(base_url=limited.url) as http:
        await http.post("/graphql", json={"query": TOPICS}, headers={"Authorization": f"Bearer {token}"})
    async with open_socket(limited.url, {"authorization": f"Bearer {token}"}) as socket:
        spent = [await answers(socket, str(number), "{ rateLimit { remaining } }") for number in (1, 2)]
        refused = await answers(socket, "3", TOPICS)

    assert [messages[0]["payload"] for messages in spent] == [
        {"data": {"rateLimit": {"remaining": 1}}},
        {"data": {"rateLimit": {"remaining": 0}}},
    ]
    assert [refusal(error) for error in refused[0]["payload"]] == ["RATE_LIMITED"]


async def test_the_cost_limit_holds_over_the_socket(server: RunningServer) -> None:
    query = "{ municipalities(first: 100) { edges { node { parties(first: 100) { totalCount } } } } }"
    async with open_socket(server.url) as socket:
        [refused] = await answers(socket, "1", query)

    assert refused == {
        "id": "1",
        "type": "error",
        "payload": [
            {
                "message": "De query vraagt te veel op: 10100 objecten, hoogstens 10000. Vraag kleinere pagina's op.",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_COMPLEX", "cost": 10100, "limit": 10000},
            }
        ],
    }


async def test_sockets_per_address_are_capped(limited: RunningServer) -> None:
    async with open_socket(limited.url), open_socket(limited.url), open_socket(limited.url):
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with open_socket(limited.url):
                pass
    async with open_socket(limited.url):  # closed ones no longer count
        pass

    assert refused.value.response.status_code == 403


async def test_operations_per_socket_are_capped(db: Database, limited: RunningServer) -> None:
    training = encode_id("Training", (await make_training(db, "Campagne voeren", capacity=10)).id)
    async with open_socket(limited.url) as socket:
        for operation_id in ("1", "2"):
            await socket.subscribe(operation_id, SEATS, {"id": training})
            assert (await socket.receive())["payload"] == {"data": {"trainingUpdated": {"seatsLeft": 10}}}
        [refused] = await answers(socket, "3", SEATS, {"id": training})
        await socket.connection.send(json.dumps({"id": "1", "type": "complete"}))
        await socket.subscribe("4", SEATS, {"id": training})
        again = await socket.receive()

    assert refused == {
        "id": "3",
        "type": "error",
        "payload": [
            {
                "message": "Op deze verbinding lopen al 2 operaties; beëindig er eerst een.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert again == {"id": "4", "type": "next", "payload": {"data": {"trainingUpdated": {"seatsLeft": 10}}}}


async def test_a_socket_without_connection_init_is_closed(limited: RunningServer) -> None:
    url = limited.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as connection:  # type: ignore[list-item]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(connection.recv(), 5)

    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4408, "Connection initialisation timeout")


# --- malformed messages --------------------------------------------------------------------


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


@pytest.mark.parametrize(
    ("message", "closed_with"),
    [
        ("x" * 3000, (1009, "Message too big")),
        ("[1, 2]", (4400, "Invalid message")),
        ('"subscribe"', (4400, "Invalid message")),
        ("{not json", (4400, "Invalid message")),
        ("[" * 2000 + "]" * 2000, (1009, "Message too big")),
        ("[" * 1000 + "]" * 1000, (4400, "Invalid message")),
        (
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": TOPICS, "variables": nested(10)}}
            ),
            (4400, "Message nested too deeply"),
        ),
        (
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": 12}}),
            (4400, "Invalid subscribe message"),
        ),
        (
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": TOPICS, "variables": [1]}}),
            (4400, "Invalid subscribe message"),
        ),
        (
            json.dumps({"id": 1, "type": "subscribe", "payload": {"query": TOPICS}}),
            (4400, "Invalid subscribe message"),
        ),
        (json.dumps({"id": "1", "type": "subscribe"}), (4400, "Invalid subscribe message")),
        (json.dumps({"type": 7}), (4400, "Invalid message")),
    ],
)
async def test_a_malformed_message_closes_the_socket_with_its_reason(
    limited: RunningServer, message: str, closed_with: tuple[int, str]
) -> None:
    async with open_socket(limited.url) as socket:
        await socket.connection.send(message)
        assert await socket.closed() == closed_with


# --- revocation ----------------------------------------------------------------------------


async def test_a_revoked_token_closes_the_socket_on_another_instance(
    db: Database, settings: Settings
) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        issued = await accounts.create_token(session, user, "app")
    with server_process(settings.database_url, settings.redis_url) as other:
        async with open_socket(other, {"authorization": f"Bearer {issued.token}"}) as socket:
            await socket.subscribe("1", NOTIFICATIONS)
            env = {
                "KENNISPUNT_DATABASE_URL": settings.database_url,
                "KENNISPUNT_REDIS_URL": settings.redis_url or "",
            }
            revoked = await run_cli(env, "token", "revoke", str(issued.record.id))
            assert revoked.exit_code == 0, revoked.output
            assert await socket.closed(timeout=5) == (4403, "Access revoked")


async def test_a_token_that_expires_closes_its_socket(db: Database, server: RunningServer) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        issued = await accounts.create_token(
            session, user, "kort", expires_at=utcnow() + timedelta(seconds=1.5)
        )
    async with open_socket(server.url, {"authorization": f"Bearer {issued.token}"}) as socket:
        await socket.subscribe("1", NOTIFICATIONS)
        assert await socket.closed(timeout=5) == (4403, "Credentials expired")


async def test_a_revoked_partner_key_and_a_blocked_user_close_their_sockets(
    db: Database, server: RunningServer
) -> None:
    admin = await make_token(db, await make_user(db, "admin@example.org", "Beheer", (StaffRole.ADMIN,)))
    key = await make_partner_key(db, origins=[])
    blocked = await make_user(db, "blok@example.org", "Geblokkeerd")
    blocked_token = await make_token(db, blocked)
    async with httpx.AsyncClient(base_url=server.url) as http:
        listing = await http.post(
            "/graphql",
            json={"query": "{ partnerKeys { edges { node { id } } } }"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        partner_key_id = listing.json()["data"]["partnerKeys"]["edges"][0]["node"]["id"]
        async with (
            open_socket(server.url, {"apiKey": key}) as partner,
            open_socket(server.url, {"authorization": f"Bearer {blocked_token}"}) as person,
        ):
            await partner.subscribe("1", SEATS, {"id": encode_id("Training", 999)})
            await person.subscribe("1", NOTIFICATIONS)
            revoke = await http.post(
                "/graphql",
                json={
                    "query": "mutation ($id: ID!) { revokePartnerKey(input: {id: $id}) { errors { code } } }",
                    "variables": {"id": partner_key_id},
                },
                headers={"Authorization": f"Bearer {admin}"},
            )
            block = await http.post(
                "/graphql",
                json={
                    "query": "mutation ($id: ID!) { blockUser(input: {userId: $id}) { user { blockedAt } errors { code } } }",
                    "variables": {"id": encode_id("User", blocked.id)},
                },
                headers={"Authorization": f"Bearer {admin}"},
            )
            assert await partner.closed(timeout=5) == (4403, "Access revoked")
            assert await person.closed(timeout=5) == (4403, "Access revoked")
        signed_in_again = await http.post(
            "/graphql", json={"query": TOPICS}, headers={"Authorization": f"Bearer {blocked_token}"}
        )

    assert revoke.json() == {"data": {"revokePartnerKey": {"errors": []}}}
    assert block.json()["data"]["blockUser"]["errors"] == []
    assert block.json()["data"]["blockUser"]["user"]["blockedAt"] is not None
    assert signed_in_again.status_code == 401


async def test_a_changed_partner_key_keeps_only_the_sockets_it_still_grants(
    db: Database, server: RunningServer
) -> None:
    """A key's origins changed: the socket from the origin it no longer lists closes, the
    other goes on; rotated with a grace period, the old secret's socket goes on too."""
    admin = await make_token(db, await make_user(db, "admin@example.org", "Beheer", (StaffRole.ADMIN,)))
    key = await make_partner_key(db, origins=["https://www.utrecht.nl", "https://www.amsterdam.nl"])
    admin_headers = {"Authorization": f"Bearer {admin}"}

    async def topics_over(socket: Socket, operation_id: str) -> dict[str, Any]:
        await socket.subscribe(operation_id, TOPICS)
        answer = await socket.receive()
        assert await socket.receive() == {"id": operation_id, "type": "complete"}
        return answer

    async with httpx.AsyncClient(base_url=server.url) as http:
        listing = await http.post(
            "/graphql", json={"query": "{ partnerKeys { edges { node { id } } } }"}, headers=admin_headers
        )
        key_id = listing.json()["data"]["partnerKeys"]["edges"][0]["node"]["id"]
        async with (
            open_socket(server.url, {"apiKey": key}, {"Origin": "https://www.amsterdam.nl"}) as dropped,
            open_socket(server.url, {"apiKey": key}, {"Origin": "https://www.utrecht.nl"}) as kept,
        ):
            changed = await http.post(
                "/graphql",
                json={
                    "query": "mutation ($id: ID!) { updatePartnerKey(input: {id: $id, "
                    'allowedOrigins: ["https://www.utrecht.nl"]}) { errors { code } } }',
                    "variables": {"id": key_id},
                },
                headers=admin_headers,
            )
            assert changed.json() == {"data": {"updatePartnerKey": {"errors": []}}}
            assert await dropped.closed(timeout=5) == (4403, "Access revoked")
            after_change = await topics_over(kept, "1")
            rotated = await http.post(
                "/graphql",
                json={
                    "query": "mutation ($id: ID!) { rotatePartnerKey(input: {id: $id, graceHours: 1}) "
                    "{ errors { code } } }",
                    "variables": {"id": key_id},
                },
                headers=admin_headers,
            )
            assert rotated.json() == {"data": {"rotatePartnerKey": {"errors": []}}}
            await asyncio.sleep(0.5)  # the access change reaches the socket registry
            after_rotation = await topics_over(kept, "2")

    assert after_change == {"id": "1", "type": "next", "payload": {"data": {"topics": []}}}
    assert after_rotation == {"id": "2", "type": "next", "payload": {"data": {"topics": []}}}


async def test_an_ended_session_closes_its_socket(db: Database, server: RunningServer) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        cookie = await accounts.start_session(session, user, days=1)
    headers = {"Cookie": f"kp_session={cookie}", "Origin": server.url}
    async with open_socket(server.url, headers=headers) as socket:
        await socket.subscribe("1", NOTIFICATIONS)
        async with httpx.AsyncClient(base_url=server.url) as http:
            logout = await http.post("/auth/logout", headers=headers)
        assert logout.status_code == 303
        assert await socket.closed(timeout=5) == (4403, "Access revoked")


async def test_a_revoked_membership_completes_the_thread_subscription_at_once(
    db: Database, server: RunningServer
) -> None:
    party = await make_party(db)
    chair = await make_user(db, "voorzitter@example.org", "Voorzitter")
    await make_member(db, chair, party, MemberRole.CHAIR)
    reader = await make_verified_member(db, "lezer@example.org", "Lezer", party=party)
    reader_token = await make_token(db, reader)
    thread = await make_thread(db, reader, await make_category(db), "Vraag over kandidatenlijst")
    async with open_socket(server.url, {"authorization": f"Bearer {reader_token}"}) as socket:
        await socket.subscribe("1", THREAD, {"id": encode_id("Thread", thread.id)})
        await socket.subscribe("2", NOTIFICATIONS)
        async with db.session() as session:
            member_id = next(m.id for m in await parties.memberships_of_user(session, reader.id))
        async with httpx.AsyncClient(base_url=server.url) as http:
            revoked = await http.post(
                "/graphql",
                json={
                    "query": "mutation ($id: ID!) { revokeMembership(input: {memberId: $id}) { errors { code } } }",
                    "variables": {"id": encode_id("Member", member_id)},
                },
                headers={"Authorization": f"Bearer {await make_token(db, chair)}"},
            )
        assert revoked.json() == {"data": {"revokeMembership": {"errors": []}}}
        received = [await socket.receive(timeout=5), await socket.receive(timeout=5)]

    assert {"id": "1", "type": "complete"} in received  # without waiting for a reply in the thread
    assert any(message["id"] == "2" and message["type"] == "next" for message in received)  # told of it
