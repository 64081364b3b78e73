"""Stock Strawberry + broadcaster: the fan-out peer of `bench/bench_fanout.py`.

The same operation text as Kennispunt's ``threadActivity`` subscription and ``postReply``
mutation, on a schema of the same shape, without a database: ``postReply`` publishes
the reply on a broadcaster channel (``memory://``, or PEER_BROADCAST_URL), and every
subscriber's resolver receives it from its own broadcaster subscription and yields it;
Strawberry then resolves the selection for each subscriber, as a stock app does.
Viewer-dependent fields answer what an anonymous viewer would (not following, 0 unread).
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from itertools import count

import strawberry
from broadcaster import Broadcast
from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL

broadcast = Broadcast(os.environ.get("PEER_BROADCAST_URL", "memory://"))
reply_ids = count(1)


@strawberry.type
class Party:
    name: str


@strawberry.type
class User:
    display_name: str
    party: Party | None


@strawberry.type
class ReactionSummary:
    kind: str
    count: int
    viewer_reacted: bool


@strawberry.type
class Reply:
    id: strawberry.ID
    body: str
    body_html: str
    author: User
    reactions: list[ReactionSummary]


@strawberry.type
class Thread:
    title: str
    reply_count: int
    viewer_follows: bool
    unread_count: int


@strawberry.type
class ThreadEvent:
    cursor: str
    kind: str
    thread: Thread
    reply: Reply | None
    occurred_at: datetime


@strawberry.input
class PostReplyInput:
    thread_id: strawberry.ID
    body: str


@strawberry.type
class UserError:
    code: str
    message: str


@strawberry.type
class ReplyPayload:
    reply: Reply | None
    errors: list[UserError]


def event_of(message: dict[str, str | int]) -> ThreadEvent:
    reply = Reply(
        id=strawberry.ID(str(message["id"])),
        body=str(message["body"]),
        body_html=f"<p>{message['body']}</p>\n",
        author=User(display_name="Schrijver", party=Party(name="Lokaal Utrecht")),
        reactions=[],
    )
    thread = Thread(
        title="Hoe werven jullie leden?", reply_count=int(message["id"]), viewer_follows=False, unread_count=0
    )
    return ThreadEvent(
        cursor=f"event:{message['id']}",
        kind="REPLY_ADDED",
        thread=thread,
        reply=reply,
        occurred_at=datetime.now(UTC),
    )


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "Hallo"


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def post_reply(self, input: PostReplyInput) -> ReplyPayload:
        message = {"id": next(reply_ids), "body": input.body}
        await broadcast.publish(channel=f"thread:{input.thread_id}", message=json.dumps(message))
        return ReplyPayload(reply=event_of(message).reply, errors=[])


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def thread_activity(
        self, thread_id: strawberry.ID, after: str | None = None
    ) -> AsyncIterator[ThreadEvent]:
        async with broadcast.subscribe(channel=f"thread:{thread_id}") as subscriber:
            async for event in subscriber:  # type: ignore[union-attr]
                yield event_of(json.loads(event.message))


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    await broadcast.connect()
    yield
    await broadcast.disconnect()


graphql = GraphQL(strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription))
app = Starlette(routes=[Route("/graphql", graphql), WebSocketRoute("/graphql", graphql)], lifespan=lifespan)
