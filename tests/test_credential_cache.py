"""Who is behind a credential, remembered for a while (`auth.cache`): cheaper signed-in
requests, and every access change still taking effect at once.

The suite's own server remembers nothing (``credential_cache_seconds=0``), like its
response cache: its tests change access through the services in the test's own
database, which tells no running server. Here a server remembers for a minute, so
whatever takes effect sooner took the path that must make it immediate.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from auth.cache import CredentialCache, Remembered
from graph.ids import encode_id
from kennispunt.accounts import service as accounts
from kennispunt.accounts.access import AccessChange
from kennispunt.accounts.models import AccessToken, StaffRole, User
from kennispunt.db import Database, utcnow
from kennispunt.events.models import Event
from kennispunt.partners.models import PartnerKey
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, RunningServer, count_statements, run_cli, run_server
from tests.factories import make_partner_key, make_token, make_user

VIEWER = "{ viewer { user { displayName } roles } }"
SANNE = {"data": {"viewer": {"user": {"displayName": "Sanne de Boer"}, "roles": []}}}
PUBLIC = "{ topics { slug } }"
MINUTE = 60.0


@pytest.fixture(scope="module")
def remembering(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings.model_copy(update={"credential_cache_seconds": MINUTE})) as running:
        yield running


@pytest.fixture
async def client(remembering: RunningServer) -> AsyncIterator[GraphQLClient]:
    async with httpx.AsyncClient(base_url=remembering.url, timeout=30) as http:
        yield GraphQLClient(http)


async def admin(db: Database) -> str:
    return await make_token(
        db, await make_user(db, "beheer@kennispunt.nl", "Beheer", roles=(StaffRole.ADMIN,))
    )


async def eventually(check: Callable[[], Awaitable[bool]], within: float) -> float:
    """Seconds until ``check`` holds, checked every 20 ms; fails after ``within``."""
    started = time.monotonic()
    while not await check():
        assert time.monotonic() - started < within, f"not within {within} s"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


def test_the_cache_is_on_by_default_only_where_every_change_reaches_it() -> None:
    assert Settings(redis_url="redis://127.0.0.1:6379/0").credential_cache_lifetime == 5.0
    assert Settings(redis_url=None).credential_cache_lifetime == 0.0
    assert Settings(redis_url=None, credential_cache_seconds=2).credential_cache_lifetime == 2.0


async def test_a_signed_in_request_finds_its_viewer_without_the_database(
    db: Database, client: GraphQLClient, remembering: RunningServer
) -> None:
    token = await make_token(db, await make_user(db))
    with count_statements(remembering.db) as first:
        answered = await client(VIEWER, token=token)
    with count_statements(remembering.db) as again:
        remembered = await client(VIEWER, token=token)

    assert answered == remembered == SANNE
    assert again.count == 1  # the user's display name; the token and the viewer are remembered
    assert first.count >= again.count + 2  # the token, the roles and memberships (and a note of its use)


async def test_roles_changed_through_the_api_count_at_once(db: Database, client: GraphQLClient) -> None:
    admin_token = await admin(db)
    user = await make_user(db)
    token = await make_token(db, user)
    grant = (
        "mutation ($user: ID!) { grantStaffRole(input: {userId: $user, role: HELPDESK}) { errors { code } } }"
    )
    revoke = "mutation ($user: ID!) { revokeStaffRole(input: {userId: $user, role: HELPDESK}) { errors { code } } }"

    before = await client(VIEWER, token=token)
    await client(grant, {"user": encode_id("User", user.id)}, token=admin_token)
    granted = await client(VIEWER, token=token)
    await client(revoke, {"user": encode_id("User", user.id)}, token=admin_token)
    revoked = await client(VIEWER, token=token)

    assert before == revoked == SANNE
    assert granted == {"data": {"viewer": {"user": {"displayName": "Sanne de Boer"}, "roles": ["HELPDESK"]}}}


async def test_a_user_blocked_through_the_api_is_refused_at_once(db: Database, client: GraphQLClient) -> None:
    admin_token = await admin(db)
    user = await make_user(db)
    token = await make_token(db, user)
    block = "mutation ($user: ID!) { blockUser(input: {userId: $user}) { errors { code } } }"

    assert await client(VIEWER, token=token) == SANNE
    assert await client(block, {"user": encode_id("User", user.id)}, token=admin_token) == {
        "data": {"blockUser": {"errors": []}}
    }
    refused = await client(VIEWER, token=token, expect_status=401)

    assert refused["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_a_session_signed_out_through_the_api_is_over_at_once(
    db: Database, remembering: RunningServer
) -> None:
    async with db.transaction() as session:
        cookie = await accounts.start_session(session, await make_user(db), days=1)
    headers = {"Cookie": f"kp_session={cookie}", "Origin": remembering.url}
    async with httpx.AsyncClient(base_url=remembering.url) as http:
        before = (await http.post("/graphql", json={"query": VIEWER}, headers=headers)).json()
        signed_out = await http.post("/auth/logout", data={"next": "/"}, headers=headers)
        after = (await http.post("/graphql", json={"query": VIEWER}, headers=headers)).json()

    assert before == SANNE
    assert signed_out.status_code == 303
    assert after == {"data": {"viewer": None}}  # the cookie no longer counts: anonymous


async def test_partner_keys_changed_or_revoked_through_the_api_count_at_once(
    db: Database, client: GraphQLClient, remembering: RunningServer
) -> None:
    admin_token = await admin(db)
    key = await make_partner_key(db, origins=["https://www.utrecht.nl"])
    async with db.session() as session:
        key_id = (await session.scalars(select(PartnerKey.id))).one()
    update = (
        'mutation ($id: ID!) { updatePartnerKey(input: {id: $id, allowedOrigins: ["https://www.ede.nl"]})'
        " { errors { code } } }"
    )
    revoke = "mutation ($id: ID!) { revokePartnerKey(input: {id: $id}) { errors { code } } }"

    async def status(origin: str) -> int:
        response = await client.http.post(
            "/graphql", json={"query": PUBLIC}, headers={"X-Api-Key": key, "Origin": origin}
        )
        return response.status_code

    utrecht_before = await status("https://www.utrecht.nl")
    await client(update, {"id": encode_id("PartnerKey", key_id)}, token=admin_token)
    utrecht_after, ede = await status("https://www.utrecht.nl"), await status("https://www.ede.nl")
    await client(revoke, {"id": encode_id("PartnerKey", key_id)}, token=admin_token)
    revoked = await status("https://www.ede.nl")

    assert (utrecht_before, utrecht_after, ede, revoked) == (200, 403, 200, 401)


async def test_a_token_is_remembered_no_longer_than_it_is_valid(db: Database, client: GraphQLClient) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        issued = await accounts.create_token(
            session, user, "kort", expires_at=utcnow() + timedelta(seconds=1)
        )

    assert await client(VIEWER, token=issued.token) == SANNE
    await asyncio.sleep(1.1)
    refused = await client(VIEWER, token=issued.token, expect_status=401)

    assert refused["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_a_change_no_broker_carries_arrives_with_the_poll_of_the_database(
    db: Database, settings: Settings
) -> None:
    """The test's own database publishes nothing (like the CLI on the embedded default):
    the server's watcher of access changes still reads it within its poll interval."""
    quick = settings.model_copy(update={"credential_cache_seconds": MINUTE, "live_poll_seconds": 0.2})
    token = await make_token(db, user := await make_user(db))
    with run_server(quick) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:

            async def refused() -> bool:
                response = await http.post(
                    "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
                )
                return response.status_code == 401

            assert not await refused()
            async with db.transaction() as session:
                blocked = await session.get(User, user.id)
                assert blocked is not None
                await accounts.block(session, blocked)
            took = await eventually(refused, within=5.0)

    assert took < 5.0  # the poll's doing: the cache alone would have taken a minute


@pytest.mark.skipif(not os.environ.get("KENNISPUNT_REDIS_URL"), reason="needs Redis (KENNISPUNT_REDIS_URL)")
async def test_a_token_revoked_with_the_cli_is_refused_as_soon_as_redis_delivers(
    db: Database, client: GraphQLClient, cli_env: dict[str, str]
) -> None:
    token = await make_token(db, await make_user(db, "sanne@example.org"))
    async with db.session() as session:
        token_id = (await session.scalars(select(AccessToken.id))).one()
    assert await client(VIEWER, token=token) == SANNE

    revoked = await run_cli(cli_env, "token", "revoke", str(token_id))

    async def refused() -> bool:
        response = await client.http.post(
            "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
        )
        return response.status_code == 401

    assert revoked.exit_code == 0
    assert await eventually(refused, within=2.0) < 2.0  # the broker's doing; the poll is every 5 s


def test_what_was_read_before_an_access_change_is_not_remembered_after_it() -> None:
    """A request that read a token while it was being revoked must not store the old answer."""
    cache = CredentialCache(MINUTE)
    generation = cache.generation  # the request starts its read
    cache.apply(
        Event(kind=AccessChange.TOKEN_REVOKED, subject_type="access", subject_id=1, payload={"token_id": 7})
    )
    cache.put("token:old", Remembered("Sanne", 1, ("token", 7), None), generation)  # its read ends
    cache.put("token:new", Remembered("Sanne", 1, ("token", 8), None), cache.generation)

    assert (cache.get("token:old"), cache.get("token:new")) == (
        None,
        Remembered("Sanne", 1, ("token", 8), None),
    )
