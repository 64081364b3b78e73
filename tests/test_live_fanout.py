"""One resolution of a live event per group of subscribers: everyone gets exactly their
own values, and the SQL of an event does not grow with the number of subscribers
(`graph.live.feed`, `graph.live.facts`, `graph.live.slots`)."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from typing import Any

import httpx

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.service import load_viewer
from kennispunt.db import Database
from kennispunt.forum import posting
from kennispunt.forum.models import ReactionKind
from kennispunt.parties.models import MemberRole
from tests.conftest import RunningServer, count_statements
from tests.factories import (
    make_category,
    make_party,
    make_reply,
    make_thread,
    make_token,
    make_user,
    make_verified_member,
)
from tests.live import Socket, open_socket

ACTIVITY = """
subscription ($thread: ID!, $after: String) {
  threadActivity(threadId: $thread, after: $after) {
    kind
    thread { viewerFollows unreadCount }
    reply { body author { displayName } reactions { kind count viewerReacted } }
  }
}
"""
REPLY = "mutation ($thread: ID!, $body: String!) { postReply(input: {threadId: $thread, body: $body}) { errors { code } } }"
EDIT = "mutation ($id: ID!, $body: String!) { editReply(input: {replyId: $id, body: $body}) { errors { code } } }"


def reactions(*given: str, counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    counts = counts or {}
    return [
        {"kind": kind.name, "count": counts.get(kind.name, 0), "viewerReacted": kind.name in given}
        for kind in ReactionKind
    ]


async def subscribed(stack: AsyncExitStack, server: RunningServer, token: str, thread: str) -> Socket:
    socket = await stack.enter_async_context(open_socket(server.url, {"authorization": f"Bearer {token}"}))
    await socket.subscribe("1", ACTIVITY, {"thread": thread})
    return socket


async def post(server: RunningServer, token: str, query: str, variables: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert "errors" not in response.json() and all(
        not field["errors"] for field in response.json()["data"].values()
    ), response.json()


async def activity(socket: Socket) -> dict[str, Any]:
    message = await socket.receive(timeout=5)
    assert message["type"] == "next", message
    return message["payload"]["data"]["threadActivity"]  # type: ignore[no-any-return]


async def test_each_subscriber_gets_their_own_values_and_no_one_elses(
    db: Database, server: RunningServer
) -> None:
    party_a = await make_party(db)
    party_b = await make_party(db, "dorpsbelang", "Dorpsbelang", "GM0014")
    writer = await make_verified_member(db, "schrijver@example.org", "Daan Schrijver", party=party_a)
    follower = await make_verified_member(db, "volger@example.org", "Fleur Volger", party=party_a)
    reader = await make_verified_member(
        db, "lezer@example.org", "Lars Lezer", party=party_b, role=MemberRole.CHAIR
    )
    thread = await make_thread(db, writer, await make_category(db))
    earlier = await make_reply(db, writer, thread, "Eerste reactie.")
    async with (
        db.transaction() as session
    ):  # the follower follows, has read it all, and agrees with the first reply
        viewer = await load_viewer(session, follower.id)
        await posting.follow_thread(session, viewer, thread.id)
        await posting.mark_thread_read(session, viewer, thread.id)
        await posting.react_to_reply(session, viewer, earlier.id, ReactionKind.AGREE)
    thread_id = encode_id("Thread", thread.id)
    tokens = {user.id: await make_token(db, user) for user in (writer, follower, reader)}

    async with AsyncExitStack() as stack:
        sockets = {
            user_id: await subscribed(stack, server, token, thread_id) for user_id, token in tokens.items()
        }
        await post(server, tokens[writer.id], REPLY, {"thread": thread_id, "body": "Tweede reactie."})
        added = {user_id: await activity(socket) for user_id, socket in sockets.items()}
        await post(
            server,
            tokens[writer.id],
            EDIT,
            {"id": encode_id("Reply", earlier.id), "body": "Eerste, herzien."},
        )
        edited = {user_id: await activity(socket) for user_id, socket in sockets.items()}

    def seen(
        follows: bool,
        unread: int,
        body: str,
        given: tuple[str, ...] = (),
        counts: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        return {
            "kind": "REPLY_ADDED",
            "thread": {"viewerFollows": follows, "unreadCount": unread},
            "reply": {
                "body": body,
                "author": {"displayName": "Daan Schrijver"},
                "reactions": reactions(*given, counts=counts),
            },
        }

    assert added == {
        writer.id: seen(
            True, 0, "Tweede reactie."
        ),  # the author follows what they start, and their own replies are read
        follower.id: seen(True, 1, "Tweede reactie."),
        reader.id: seen(False, 2, "Tweede reactie."),
    }
    agreed = {"AGREE": 1}
    assert edited == {
        writer.id: seen(True, 0, "Eerste, herzien.", counts=agreed) | {"kind": "REPLY_EDITED"},
        follower.id: seen(True, 1, "Eerste, herzien.", ("AGREE",), agreed) | {"kind": "REPLY_EDITED"},
        reader.id: seen(False, 2, "Eerste, herzien.", counts=agreed) | {"kind": "REPLY_EDITED"},
    }


async def statements_for_one_reply(db: Database, server: RunningServer, readers: int) -> int:
    writer = await make_verified_member(db, f"schrijver{readers}@example.org", "Daan Schrijver")
    thread = await make_thread(db, writer, await make_category(db, f"Categorie {readers}"))
    thread_id = encode_id("Thread", thread.id)
    tokens = [
        await make_token(db, await make_verified_member(db, f"lezer{readers}-{n}@example.org", f"Lezer {n}"))
        for n in range(readers)
    ]
    async with AsyncExitStack() as stack:
        sockets = [await subscribed(stack, server, token, thread_id) for token in tokens]
        await post(
            server, tokens[0], REPLY, {"thread": thread_id, "body": "Opwarmen."}
        )  # the token's first use
        await asyncio.gather(*(activity(socket) for socket in sockets))
        with count_statements(server.db) as counted:
            await post(server, tokens[0], REPLY, {"thread": thread_id, "body": "Geteld."})
            received = await asyncio.gather(*(activity(socket) for socket in sockets))
    assert {json.dumps(event["reply"]["body"]) for event in received} == {'"Geteld."'}
    return counted.count


async def test_the_sql_of_an_event_does_not_grow_with_its_subscribers(
    db: Database, server: RunningServer
) -> None:
    few = await statements_for_one_reply(db, server, 2)
    many = await statements_for_one_reply(db, server, 12)

    assert few == many


async def test_a_moderator_is_a_group_of_their_own(db: Database, server: RunningServer) -> None:
    """What a moderator may see (a hidden reply's body) never reaches members sharing a resolution."""
    writer = await make_verified_member(db, "schrijver@example.org", "Daan Schrijver")
    member = await make_verified_member(db, "lid@example.org", "Lid")
    moderator = await make_user(db, "moderator@example.org", "Moderator", (StaffRole.MODERATOR,))
    thread = await make_thread(db, writer, await make_category(db))
    reply = await make_reply(db, writer, thread, "Bel mij op 06-12345678.")
    thread_id = encode_id("Thread", thread.id)
    moderator_token = await make_token(db, moderator)
    async with AsyncExitStack() as stack:
        as_member = await subscribed(stack, server, await make_token(db, member), thread_id)
        as_moderator = await subscribed(stack, server, moderator_token, thread_id)
        await post(
            server,
            moderator_token,
            'mutation ($id: ID!) { hideReply(input: {replyId: $id, reason: "Privacy"}) { errors { code } } }',
            {"id": encode_id("Reply", reply.id)},
        )
        seen_by_member = await activity(as_member)
        seen_by_moderator = await activity(as_moderator)

    assert (seen_by_member["kind"], seen_by_member["reply"]["body"]) == ("REPLY_HIDDEN", "")
    assert (seen_by_moderator["kind"], seen_by_moderator["reply"]["body"]) == (
        "REPLY_HIDDEN",
        "Bel mij op 06-12345678.",
    )
