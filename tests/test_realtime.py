"""Live updates over WebSockets (graphql-transport-ws) against the running server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from graph.ids import encode_id
from tests.conftest import GraphQLClient, RunningServer
from tests.factories import make_token, make_training, make_user, make_verified_member

SEATS = """
subscription ($id: ID!) { trainingUpdated(trainingId: $id) { title seatsLeft } }
"""
REGISTER = """
mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { registration { status } errors { code } } }
"""


@asynccontextmanager
async def graphql_ws(
    server: RunningServer, payload: dict[str, Any] | None = None
) -> AsyncIterator[ClientConnection]:
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as connection:  # type: ignore[list-item]
        await connection.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
        yield connection


async def receive(connection: ClientConnection) -> dict[str, Any]:
    return json.loads(await connection.recv(decode=True))  # type: ignore[no-any-return]


async def test_seats_left_arrive_live(db, gql: GraphQLClient, server: RunningServer) -> None:
    training = await make_training(db, "Debatteren in de raad", capacity=2)
    token = await make_token(db, await make_verified_member(db))
    async with graphql_ws(server) as connection:
        assert await receive(connection) == {"type": "connection_ack"}
        variables = {"id": encode_id("Training", training.id)}
        await connection.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SEATS, "variables": variables}})
        )
        assert await receive(connection) == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"trainingUpdated": {"title": "Debatteren in de raad", "seatsLeft": 2}}},
        }
        result = await gql(REGISTER, variables, token=token)
        assert result == {
            "data": {"registerForTraining": {"registration": {"status": "CONFIRMED"}, "errors": []}}
        }
        assert await receive(connection) == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"trainingUpdated": {"title": "Debatteren in de raad", "seatsLeft": 1}}},
        }


async def test_a_draft_cannot_be_watched(db, server: RunningServer) -> None:
    training = await make_training(db, published=False)
    async with graphql_ws(server) as connection:
        await receive(connection)
        variables = {"id": encode_id("Training", training.id)}
        await connection.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SEATS, "variables": variables}})
        )
        assert await receive(connection) == {
            "id": "1",
            "type": "next",
            "payload": {
                "data": None,
                "errors": [{"message": "Deze training bestaat niet.", "extensions": {"code": "NOT_FOUND"}}],
            },
        }
        assert await receive(connection) == {"id": "1", "type": "complete"}


async def test_an_invalid_token_at_connection_init_is_refused_with_4403(server: RunningServer) -> None:
    async with graphql_ws(server, {"authorization": "Bearer kp_not-a-token"}) as connection:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(connection)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403


async def test_a_valid_token_at_connection_init_is_accepted(db, server: RunningServer) -> None:
    token = await make_token(db, await make_user(db))
    async with graphql_ws(server, {"authorization": f"Bearer {token}"}) as connection:
        assert await receive(connection) == {"type": "connection_ack"}


async def test_the_legacy_graphql_ws_protocol_is_refused(server: RunningServer) -> None:
    """Only graphql-transport-ws: the legacy protocol could skip authentication (CVE-2026-35523)."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-ws"]) as connection:  # type: ignore[list-item]
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(connection)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4406
