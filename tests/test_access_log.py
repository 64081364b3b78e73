"""The access log as an operator reads it: ``kennispunt serve`` with JSON logs, one line per
request, of an exact shape, and nothing in it that identifies a person or opens a door."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import websockets
from sqlalchemy import select

from kennispunt.db import Database
from kennispunt.partners.models import PartnerKey
from kennispunt.settings import Settings
from tests.factories import make_partner_key, make_token, make_user
from tests.processes import ServerProcess, serve

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
KEYS = {
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "method",
    "path",
    "operation",
    "status",
    "duration_ms",
    "caller",
    "partner_key",
}


def access_lines(server: ServerProcess) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "kennispunt.access"]


async def wait_for_lines(server: ServerProcess, count: int) -> list[dict[str, Any]]:
    for _ in range(100):
        lines = access_lines(server)
        if len(lines) >= count:
            return lines
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {count} access log lines:\n{server.log()}")


def shape(line: dict[str, Any]) -> dict[str, Any]:
    """The line without what differs per run (checked separately)."""
    assert set(line) == KEYS, line
    assert ISO_WITH_OFFSET.match(line["time"]), line["time"]
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"]), line["request_id"]
    return {key: value for key, value in line.items() if key not in ("time", "duration_ms", "request_id")}


async def test_one_line_per_request_and_nothing_personal(db: Database, settings: Settings) -> None:
    user = await make_user(db, "jan.devries@example.org", "Jan de Vries")
    token = await make_token(db, user)
    key = await make_partner_key(db, origins=[])
    env = {"KENNISPUNT_DATABASE_URL": settings.database_url, "KENNISPUNT_LOG_FORMAT": "json"}
    secret_variables = {"email": "jan.devries@example.org", "note": "geheim-1234"}

    with serve(env) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            anonymous = await http.post(
                "/graphql",
                json={
                    "query": "query Zoek($email: String) { __typename }",
                    "operationName": "Zoek",
                    "variables": secret_variables,
                },
            )
            as_user = await http.get(
                "/graphql",
                params={
                    "query": "query Wie { viewer { user { displayName } } }",
                    "variables": json.dumps(secret_variables),
                },
                headers={"Authorization": f"Bearer {token}"},
            )
            as_partner = await http.get("/embed/kennispunt.js", headers={"X-Api-Key": key})
            refused = await http.post(
                "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer kp_wrong"}
            )
            await http.get("/readyz")
            await http.get("/metrics")
        async with websockets.connect(
            server.url.replace("http://", "ws://") + "/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        ) as socket:
            await socket.send(
                json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
            )
            assert json.loads(await socket.recv()) == {"type": "connection_ack"}
        lines = await wait_for_lines(server, 5)
        log = server.log()

    async with db.session() as session:
        partner_id = await session.scalar(select(PartnerKey.id))
    assert [shape(line) for line in lines] == [
        {
            "level": "INFO",
            "logger": "kennispunt.access",
            "message": f"POST /graphql 200 {lines[0]['duration_ms']:.1f} ms",
            "method": "POST",
            "path": "/graphql",
            "operation": "Zoek",
            "status": 200,
            "caller": "anonymous",
            "partner_key": None,
        },
        {
            "level": "INFO",
            "logger": "kennispunt.access",
            "message": f"GET /graphql 200 {lines[1]['duration_ms']:.1f} ms",
            "method": "GET",
            "path": "/graphql",
            "operation": "Wie",
            "status": 200,
            "caller": "user",
            "partner_key": None,
        },
        {
            "level": "INFO",
            "logger": "kennispunt.access",
            "message": f"GET /embed/kennispunt.js 200 {lines[2]['duration_ms']:.1f} ms",
            "method": "GET",
            "path": "/embed/kennispunt.js",
            "operation": None,
            "status": 200,
            "caller": "partner",
            "partner_key": partner_id,
        },
        {
            "level": "INFO",
            "logger": "kennispunt.access",
            "message": f"POST /graphql 401 {lines[3]['duration_ms']:.1f} ms",
            "method": "POST",
            "path": "/graphql",
            "operation": None,
            "status": 401,
            "caller": "user",
            "partner_key": None,
        },
        {
            "level": "INFO",
            "logger": "kennispunt.access",
            "message": f"WEBSOCKET /graphql 101 {lines[4]['duration_ms']:.1f} ms",
            "method": "WEBSOCKET",
            "path": "/graphql",
            "operation": None,
            "status": 101,
            "caller": "user",
            "partner_key": None,
        },
    ]
    responses = [anonymous, as_user, as_partner, refused]
    assert [line["request_id"] for line in lines[:4]] == [
        response.headers["x-request-id"] for response in responses
    ]
    access = "\n".join(json.dumps(line) for line in lines)
    for never in (
        "jan.devries@example.org",
        "geheim-1234",
        token,
        key,
        "kp_wrong",
        "127.0.0.1",
        "variables",
        "?",
    ):
        assert never not in access, never
    assert "\x1b[" not in log  # no terminal colours, not even in uvicorn's own lines
    assert [line for line in log.splitlines() if "127.0.0.1" in line] == [  # no client address anywhere
        line for line in log.splitlines() if f"Uvicorn running on {server.url}" in line
    ]
    for line in filter(None, log.splitlines()):  # every line is a JSON object with its time
        assert ISO_WITH_OFFSET.match(json.loads(line)["time"]), line
