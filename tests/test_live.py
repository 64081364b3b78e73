"""Live delivery through the outbox: replay after a cursor, broker outages, several instances.

Notifications are the subject here; the forum's and helpdesk's subscriptions run on the
same machinery (`realtime.stream`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest

from graph.ids import encode_id
from kennispunt.accounts.models import User
from kennispunt.db import Database
from kennispunt.parties.models import MemberRole
from kennispunt.settings import Settings
from tests import live
from tests.conftest import RunningServer, run_server
from tests.factories import make_party, make_token, make_user, make_verified_member
from tests.live import redis_server, subscribe

NOTIFICATIONS = """
subscription ($after: String) { notificationReceived(after: $after) { cursor notification { kind message } } }
"""


REQUEST = (
    "mutation ($party: ID!) { requestMembership(input: {partyId: $party, role: MEMBER}) { errors { code } } }"
)


@dataclass
class Party:
    """A party whose chair is told about every membership request: a source of notifications."""

    db: Database
    party_id: int
    chair: User
    asked: int = 0

    async def request_to_join(self, base_url: str, name: str) -> None:
        """Someone new asks to join, through the API of the instance at ``base_url``."""
        self.asked += 1
        user = await make_user(self.db, f"aanvrager{self.asked}@example.org", name)
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(
                f"{base_url}/graphql",
                json={"query": REQUEST, "variables": {"party": encode_id("Party", self.party_id)}},
                headers={"Authorization": f"Bearer {await make_token(self.db, user)}"},
            )
        assert response.json() == {"data": {"requestMembership": {"errors": []}}}


async def party_with_chair(db: Database) -> Party:
    party = await make_party(db)
    chair = await make_verified_member(
        db, "voorzitter@example.org", "Voorzitter", party=party, role=MemberRole.CHAIR
    )
    return Party(db, party.id, chair)


def requested(name: str) -> dict[str, str]:
    return {"kind": "MEMBERSHIP_REQUESTED", "message": f"{name} wil lid worden van Lokaal Utrecht als lid."}


def notification_of(payload: dict) -> dict[str, str]:  # type: ignore[type-arg]
    assert "errors" not in payload, payload
    return payload["data"]["notificationReceived"]["notification"]  # type: ignore[no-any-return]


def cursor_of(payload: dict) -> str:  # type: ignore[type-arg]
    return payload["data"]["notificationReceived"]["cursor"]  # type: ignore[no-any-return]


async def test_a_notification_arrives_live(db: Database, server: RunningServer) -> None:
    party = await party_with_chair(db)
    async with subscribe(server.url, NOTIFICATIONS, token=await make_token(db, party.chair)) as live:
        assert await live.nothing_within(0.2)
        await party.request_to_join(server.url, "Noor Nieuw")
        assert notification_of(await live.next(timeout=2)) == requested("Noor Nieuw")


async def test_only_the_recipient_receives_it(db: Database, server: RunningServer) -> None:
    party = await party_with_chair(db)
    bystander = await make_user(db, "ander@example.org", "Ander")
    async with subscribe(server.url, NOTIFICATIONS, token=await make_token(db, bystander)) as live:
        await party.request_to_join(server.url, "Noor Nieuw")
        assert await live.nothing_within(0.5)


async def test_reconnecting_with_after_delivers_exactly_what_was_missed(
    db: Database, server: RunningServer
) -> None:
    party = await party_with_chair(db)
    token = await make_token(db, party.chair)
    async with subscribe(server.url, NOTIFICATIONS, token=token) as live:
        await party.request_to_join(server.url, "Eerste")
        cursor = cursor_of(await live.next())
    names = [f"Aanvrager {number}" for number in range(20)]
    for name in names:
        await party.request_to_join(server.url, name)
    async with subscribe(server.url, NOTIFICATIONS, {"after": cursor}, token=token) as live:
        assert [notification_of(await live.next()) for _ in names] == [requested(name) for name in names]
        assert await live.nothing_within(0.3)
        await party.request_to_join(server.url, "Live")
        assert notification_of(await live.next(timeout=2)) == requested("Live")


async def test_without_after_only_new_ones_arrive(db: Database, server: RunningServer) -> None:
    party = await party_with_chair(db)
    await party.request_to_join(server.url, "Oud")
    async with subscribe(server.url, NOTIFICATIONS, token=await make_token(db, party.chair)) as live:
        assert await live.nothing_within(0.3)
        await party.request_to_join(server.url, "Nieuw")
        assert notification_of(await live.next(timeout=2)) == requested("Nieuw")


async def test_a_malformed_cursor_is_bad_user_input(db: Database, server: RunningServer) -> None:
    user = await make_user(db)
    async with subscribe(
        server.url, NOTIFICATIONS, {"after": "nonsense"}, token=await make_token(db, user)
    ) as live:
        payload = await live.next()
    assert payload == {
        "data": None,
        "errors": [{"message": "Deze cursor is ongeldig.", "extensions": {"code": "BAD_USER_INPUT"}}],
    }


async def broker_back(app: RunningServer) -> None:
    """Until the app's Redis listener has reconnected."""
    backend = app.app.state.broadcast._backend
    for _ in range(200):
        if backend.connected.is_set():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the Redis listener did not reconnect within 10 s")


async def test_redis_going_away_loses_nothing(
    db: Database, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Writes succeed while Redis is down; subscribers keep receiving (from the database),
    live delivery through Redis resumes when it is back, and a reconnect with `after`
    gets exactly what was missed. Each outage is logged once as it begins and once as
    it ends, with no traceback for the commits in between."""
    caplog.set_level(logging.INFO, logger="realtime")
    party = await party_with_chair(db)
    token = await make_token(db, party.chair)
    with (
        redis_server() as redis,
        run_server(settings.model_copy(update={"redis_url": redis.url, "live_poll_seconds": 0.5})) as app,
    ):
        async with subscribe(app.url, NOTIFICATIONS, token=token) as live:
            await party.request_to_join(app.url, "Met Redis")
            assert notification_of(await live.next(timeout=2)) == requested("Met Redis")

            redis.stop()
            await party.request_to_join(app.url, "Zonder Redis")  # the write does not notice
            assert notification_of(await live.next(timeout=5)) == requested("Zonder Redis")

            redis.start()
            await broker_back(app)
            await party.request_to_join(app.url, "Weer met Redis")
            assert notification_of(await live.next(timeout=5)) == requested("Weer met Redis")

        async with subscribe(app.url, NOTIFICATIONS, token=token) as live:
            await party.request_to_join(app.url, "Begin")
            cursor = cursor_of(await live.next(timeout=5))
        names = [f"Aanvrager {number}" for number in range(20)]
        for name in names[:10]:
            await party.request_to_join(app.url, name)
        redis.stop()
        for name in names[10:]:
            await party.request_to_join(app.url, name)
        redis.start()
        async with subscribe(app.url, NOTIFICATIONS, {"after": cursor}, token=token) as live:
            assert [notification_of(await live.next()) for _ in names] == [requested(name) for name in names]
            assert await live.nothing_within(0.3)
        await broker_back(app)

    broker = f"broker {redis.url} "
    outage_lines = [
        (record.levelname, record.getMessage().removeprefix(broker).split()[0])
        for record in caplog.records
        if record.getMessage().startswith(broker)
    ]
    assert outage_lines == [("WARNING", "unreachable"), ("INFO", "reachable")] * 2
    tracebacks = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("realtime", "kennispunt.db"))
        and (record.exc_info or record.levelno >= logging.ERROR)
    ]
    assert tracebacks == []


@contextmanager
def server_process(database_url: str, redis_url: str | None) -> Iterator[str]:
    """``kennispunt serve`` as a process of its own: another instance of the platform."""
    with live.server_process(database_url, redis_url) as server:
        yield server.url


async def test_a_change_on_one_instance_reaches_a_subscriber_on_another(
    db: Database, settings: Settings
) -> None:
    party = await party_with_chair(db)
    with (
        server_process(settings.database_url, settings.redis_url) as a,
        server_process(settings.database_url, settings.redis_url) as b,
    ):
        async with subscribe(a, NOTIFICATIONS, token=await make_token(db, party.chair)) as live:
            await party.request_to_join(b, "Noor Nieuw")
            assert notification_of(await live.next()) == requested("Noor Nieuw")
