"""Forum replies arrive live over WebSockets, on every instance, and none is ever lost."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.service import load_viewer
from kennispunt.db import Database
from kennispunt.forum.models import ForumCategory, Thread
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_server
from tests.factories import make_category, make_thread, make_token, make_user, make_verified_member
from tests.live import redis_server, subscribe
from tests.test_live import server_process

ACTIVITY = """
subscription ($thread: ID!, $after: String) {
  threadActivity(threadId: $thread, after: $after) {
    cursor kind thread { title } reply { body bodyHtml author { displayName party { name } } }
  }
}
"""
NEW_THREADS = """
subscription ($category: ID!) { categoryActivity(categoryId: $category) { kind thread { title author { displayName } } } }
"""
REPLY = "mutation ($thread: ID!, $body: String!) { postReply(input: {threadId: $thread, body: $body}) { errors { code } } }"
HIDE = (
    'mutation ($id: ID!) { hideReply(input: {replyId: $id, reason: "Persoonsgegevens"}) { errors { code } } }'
)


@dataclass
class Forum:
    """A thread in a category, and verified members who read and write in it."""

    db: Database
    category: ForumCategory
    thread: Thread
    members: list[tuple[User, str]] = field(default_factory=list)

    @property
    def thread_id(self) -> str:
        return encode_id("Thread", self.thread.id)

    async def member(self, name: str) -> tuple[User, str]:
        user = await make_verified_member(self.db, f"{name.lower().replace(' ', '.')}@example.org", name)
        token = await make_token(self.db, user)
        self.members.append((user, token))
        return user, token

    async def post(self, base_url: str, token: str, body: str) -> str:
        """A reply through the API of the instance at ``base_url``; returns its global ID."""
        query = REPLY.replace("errors { code }", "reply { id } errors { code }")
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.post(
                f"{base_url}/graphql",
                json={"query": query, "variables": {"thread": self.thread_id, "body": body}},
                headers={"Authorization": f"Bearer {token}"},
            )
        result = response.json()["data"]["postReply"]
        assert result["errors"] == [], result
        return result["reply"]["id"]  # type: ignore[no-any-return]


async def forum_with_thread(db: Database) -> Forum:
    category = await make_category(db)
    author = await make_verified_member(db, "auteur@example.org", "Anna Auteur")
    forum = Forum(db, category, await make_thread(db, author, category, "Hoe werven jullie leden?"))
    return forum


def reply_added(body: str, author: str, html: str | None = None) -> dict[str, Any]:
    return {
        "kind": "REPLY_ADDED",
        "thread": {"title": "Hoe werven jullie leden?"},
        "reply": {
            "body": body,
            "bodyHtml": html if html is not None else f"<p>{body}</p>\n",
            "author": {"displayName": author, "party": {"name": "Lokaal Utrecht"}},
        },
    }


def event(payload: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in payload, payload
    activity = dict(payload["data"]["threadActivity"])
    activity.pop("cursor")
    return activity


async def test_two_members_see_a_reply_arrive(db: Database, server: RunningServer) -> None:
    forum = await forum_with_thread(db)
    _, reader_one = await forum.member("Bram Lezer")
    _, reader_two = await forum.member("Carla Lezer")
    _, writer = await forum.member("Daan Schrijver")
    variables = {"thread": forum.thread_id}
    async with (
        subscribe(server.url, ACTIVITY, variables, reader_one) as one,
        subscribe(server.url, ACTIVITY, variables, reader_two) as two,
    ):
        assert await one.nothing_within(0.2)
        await forum.post(server.url, writer, "Wij houden **elke maand** een open avond.")
        expected = reply_added(
            "Wij houden **elke maand** een open avond.",
            "Daan Schrijver",
            "<p>Wij houden <strong>elke maand</strong> een open avond.</p>\n",
        )
        assert event(await one.next(timeout=3)) == expected
        assert event(await two.next(timeout=3)) == expected


async def test_someone_outside_the_forum_cannot_subscribe(db: Database, server: RunningServer) -> None:
    forum = await forum_with_thread(db)
    outsider = await make_token(db, await make_user(db, "buiten@example.org", "Buitenstaander"))
    for token, code, message in (
        # the same refusal as postReply's (forum.members_only), not the generic one
        (outsider, "FORBIDDEN", "Het forum is alleen voor geverifieerde leden van een lokale partij."),
        (None, "UNAUTHENTICATED", "Log in om dit te doen."),
    ):
        async with subscribe(server.url, ACTIVITY, {"thread": forum.thread_id}, token) as live:
            assert await live.next() == {
                "data": None,
                "errors": [{"message": message, "extensions": {"code": code}}],
            }


async def test_a_hidden_reply_reaches_subscribers_as_reply_hidden_without_its_body(
    db: Database, server: RunningServer
) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    _, writer = await forum.member("Daan Schrijver")
    moderator = await make_token(
        db, await make_user(db, "moderator@example.org", "Mo Derator", (StaffRole.MODERATOR,))
    )
    reply_id = await forum.post(server.url, writer, "Bel mij op 06-12345678.")
    variables = {"thread": forum.thread_id}
    async with (
        subscribe(server.url, ACTIVITY, variables, reader) as member_view,
        subscribe(server.url, ACTIVITY, variables, moderator) as moderator_view,
    ):
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"{server.url}/graphql",
                json={"query": HIDE, "variables": {"id": reply_id}},
                headers={"Authorization": f"Bearer {moderator}"},
            )
        assert response.json() == {"data": {"hideReply": {"errors": []}}}
        hidden = reply_added("", "Daan Schrijver", "") | {"kind": "REPLY_HIDDEN"}
        assert event(await member_view.next(timeout=3)) == hidden
        assert event(await moderator_view.next(timeout=3)) == reply_added(
            "Bel mij op 06-12345678.", "Daan Schrijver"
        ) | {"kind": "REPLY_HIDDEN"}


async def test_a_revoked_member_stops_receiving(db: Database, server: RunningServer) -> None:
    forum = await forum_with_thread(db)
    reader, reader_token = await forum.member("Bram Lezer")
    _, writer = await forum.member("Daan Schrijver")
    async with subscribe(server.url, ACTIVITY, {"thread": forum.thread_id}, reader_token) as live:
        await forum.post(server.url, writer, "Eerste.")
        assert event(await live.next(timeout=3))["reply"]["body"] == "Eerste."
        admin = await make_user(db, "beheer@example.org", "Beheer", (StaffRole.ADMIN,))
        async with (
            db.transaction() as session
        ):  # as an admin does it; the test's own connection has no broker
            member = await session.scalar(select(Member).where(Member.user_id == reader.id))
            assert member is not None
            await parties.revoke_membership(session, await load_viewer(session, admin.id), member.id)
        await forum.post(server.url, writer, "Tweede.")
        assert json.loads(await asyncio.wait_for(live.connection.recv(), 10)) == {
            "id": "1",
            "type": "complete",
        }


async def test_reconnecting_with_after_delivers_exactly_the_missed_replies(
    db: Database, server: RunningServer
) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    writers = [(await forum.member(f"Schrijver {number}"))[1] for number in range(5)]
    async with subscribe(server.url, ACTIVITY, {"thread": forum.thread_id}, reader) as live:
        await forum.post(server.url, writers[0], "Voor de onderbreking.")
        cursor = (await live.next(timeout=3))["data"]["threadActivity"]["cursor"]
    bodies = [f"Reactie {number}" for number in range(20)]
    for number, body in enumerate(bodies):
        await forum.post(server.url, writers[number % 5], body)
    async with subscribe(server.url, ACTIVITY, {"thread": forum.thread_id, "after": cursor}, reader) as live:
        assert [event(await live.next())["reply"]["body"] for _ in bodies] == bodies
        assert await live.nothing_within(0.3)


async def test_nothing_is_lost_when_redis_stops_and_starts_in_the_middle(
    db: Database, settings: Settings
) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    writers = [(await forum.member(f"Schrijver {number}"))[1] for number in range(5)]
    with (
        redis_server() as redis,
        run_server(settings.model_copy(update={"redis_url": redis.url, "live_poll_seconds": 0.5})) as app,
    ):
        async with subscribe(app.url, ACTIVITY, {"thread": forum.thread_id}, reader) as live:
            await forum.post(app.url, writers[0], "Voor de onderbreking.")
            cursor = (await live.next(timeout=3))["data"]["threadActivity"]["cursor"]
        bodies = [f"Reactie {number}" for number in range(20)]
        for number, body in enumerate(bodies):
            if number == 10:
                redis.stop()
            await forum.post(app.url, writers[number % 5], body)
        redis.start()
        async with subscribe(app.url, ACTIVITY, {"thread": forum.thread_id, "after": cursor}, reader) as live:
            assert [event(await live.next())["reply"]["body"] for _ in bodies] == bodies
            assert await live.nothing_within(0.3)
            await forum.post(app.url, writers[0], "Live na herstel.")
            assert event(await live.next(timeout=5))["reply"]["body"] == "Live na herstel."


async def test_a_reply_posted_on_one_instance_reaches_a_subscriber_on_another(
    db: Database, settings: Settings
) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    _, writer = await forum.member("Daan Schrijver")
    with (
        server_process(settings.database_url, settings.redis_url) as a,
        server_process(settings.database_url, settings.redis_url) as b,
    ):
        async with subscribe(a, ACTIVITY, {"thread": forum.thread_id}, reader) as live:
            await forum.post(b, writer, "Via de andere server.")
            assert event(await live.next()) == reply_added("Via de andere server.", "Daan Schrijver")


async def test_watching_a_category_shows_new_threads(db: Database, server: RunningServer) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    _, starter = await forum.member("Eva Starter")
    start = """mutation ($category: ID!) { startThread(input: {categoryId: $category, title: "Wie heeft ervaring met debatten?",
               body: "Graag tips."}) { errors { code } } }"""
    async with subscribe(
        server.url, NEW_THREADS, {"category": encode_id("ForumCategory", forum.category.id)}, reader
    ) as live:
        async with httpx.AsyncClient() as http:
            response = await http.post(
                f"{server.url}/graphql",
                json={
                    "query": start,
                    "variables": {"category": encode_id("ForumCategory", forum.category.id)},
                },
                headers={"Authorization": f"Bearer {starter}"},
            )
        assert response.json() == {"data": {"startThread": {"errors": []}}}
        assert await live.next(timeout=3) == {
            "data": {
                "categoryActivity": {
                    "kind": "THREAD_STARTED",
                    "thread": {
                        "title": "Wie heeft ervaring met debatten?",
                        "author": {"displayName": "Eva Starter"},
                    },
                }
            }
        }
