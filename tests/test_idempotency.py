"""A request sent twice with one ``Idempotency-Key`` is carried out once, on both
transports and both databases (Stripe's semantics)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import Database, utcnow
from kennispunt.forum.models import Reply, Thread
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.idempotency.models import IdempotencyKey
from kennispunt.partners.models import PartnerKey
from kennispunt.trainings.models import TrainingRegistration
from tests.conftest import RunningServer
from tests.factories import (
    make_category,
    make_thread,
    make_ticket,
    make_token,
    make_training,
    make_user,
    make_verified_member,
)
from tests.live import open_socket

REPLY = """
mutation ($thread: ID!, $body: String!) {
  postReply(input: {threadId: $thread, body: $body}) { reply { id body } errors { code message } }
}
"""


async def rows(db: Database, model: Any) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def post(
    http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any], key: str | None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


@dataclass
class Forum:
    token: str
    thread: Thread

    @property
    def variables(self) -> dict[str, Any]:
        return {"thread": encode_id("Thread", self.thread.id), "body": "Wij doen mee!"}


async def a_forum(db: Database) -> Forum:
    member = await make_verified_member(db)
    return Forum(await make_token(db, member), await make_thread(db, member, await make_category(db)))


async def test_the_same_key_twice_gets_the_first_response_and_writes_once(
    db: Database, http: httpx.AsyncClient
) -> None:
    forum = await a_forum(db)

    first = await post(http, forum.token, REPLY, forum.variables, "dubbelklik-1")
    second = await post(http, forum.token, REPLY, forum.variables, "dubbelklik-1")
    without_key = await post(http, forum.token, REPLY, forum.variables, None)

    assert first.json()["data"]["postReply"]["errors"] == []
    assert second.json() == first.json()
    assert (first.headers.get("idempotent-replayed"), second.headers["idempotent-replayed"]) == (None, "true")
    assert (
        without_key.json()["data"]["postReply"]["reply"]["id"]
        != first.json()["data"]["postReply"]["reply"]["id"]
    )
    assert await rows(db, Reply) == 2


async def test_the_same_key_with_other_input_is_refused(db: Database, http: httpx.AsyncClient) -> None:
    forum = await a_forum(db)

    await post(http, forum.token, REPLY, forum.variables, "sleutel")
    other = await post(http, forum.token, REPLY, {**forum.variables, "body": "Iets anders."}, "sleutel")
    english = await http.post(
        "/graphql",
        json={"query": REPLY, "variables": {**forum.variables, "body": "Nog iets."}},
        headers={
            "Authorization": f"Bearer {forum.token}",
            "Idempotency-Key": "sleutel",
            "Accept-Language": "en",
        },
    )

    assert other.status_code == 422
    assert other.json() == {
        "data": None,
        "errors": [
            {
                "message": "Deze idempotentiesleutel is al gebruikt voor een ander verzoek.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert (
        english.json()["errors"][0]["message"] == "This idempotency key was already used for another request."
    )
    assert await rows(db, Reply) == 1


async def test_keys_belong_to_their_caller(db: Database, http: httpx.AsyncClient) -> None:
    forum = await a_forum(db)
    other = await make_token(db, await make_verified_member(db, "ander@example.org", "Ander Lid"))

    await post(http, forum.token, REPLY, forum.variables, "gedeeld")
    theirs = await post(http, other, REPLY, forum.variables, "gedeeld")

    assert theirs.json()["data"]["postReply"]["errors"] == []
    assert await rows(db, Reply) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "met\tTab", "ümlaut"])
async def test_a_malformed_key_is_refused(db: Database, http: httpx.AsyncClient, key: str) -> None:
    forum = await a_forum(db)

    response = await http.post(
        "/graphql",
        json={"query": REPLY, "variables": forum.variables},
        headers=[(b"Authorization", f"Bearer {forum.token}".encode()), (b"Idempotency-Key", key.encode())],
    )

    assert (response.status_code, response.json()["errors"][0]["extensions"]) == (
        400,
        {"code": "BAD_USER_INPUT"},
    )
    assert await rows(db, Reply) == 0


async def test_a_failed_mutation_is_answered_alike_and_writes_nothing(
    db: Database, http: httpx.AsyncClient
) -> None:
    forum = await a_forum(db)
    empty = {**forum.variables, "body": "   "}

    first = await post(http, forum.token, REPLY, empty, "leeg")
    second = await post(http, forum.token, REPLY, empty, "leeg")

    assert first.json() == {
        "data": {
            "postReply": {
                "reply": None,
                "errors": [{"code": "BAD_USER_INPUT", "message": "Vul dit veld in."}],
            }
        }
    }
    assert second.json() == first.json()
    assert await rows(db, Reply) == 0


async def test_a_key_older_than_a_day_is_forgotten(db: Database, http: httpx.AsyncClient) -> None:
    forum = await a_forum(db)
    await post(http, forum.token, REPLY, forum.variables, "gisteren")
    async with db.transaction() as session:
        await session.execute(update(IdempotencyKey).values(claimed_at=utcnow() - timedelta(hours=25)))

    again = await post(http, forum.token, REPLY, forum.variables, "gisteren")

    assert again.headers.get("idempotent-replayed") is None
    assert await rows(db, Reply) == 2


# --- at the same time -----------------------------------------------------------------------


@dataclass
class Keyed:
    """A mutation the issue names, the rows it writes, and how to set it up."""

    query: str
    model: Any
    arrange: Callable[[Database], Awaitable[tuple[str, dict[str, Any]]]]


async def thread_starter(db: Database) -> tuple[str, dict[str, Any]]:
    member = await make_verified_member(db)
    return await make_token(db, member), {
        "category": encode_id("ForumCategory", (await make_category(db)).id)
    }


async def replier(db: Database) -> tuple[str, dict[str, Any]]:
    forum = await a_forum(db)
    return forum.token, forum.variables


async def asker(db: Database) -> tuple[str, dict[str, Any]]:
    return await make_token(db, await make_verified_member(db)), {}


async def ticket_replier(db: Database) -> tuple[str, dict[str, Any]]:
    member = await make_verified_member(db)
    ticket = await make_ticket(db, member)
    return await make_token(db, member), {"ticket": encode_id("Ticket", ticket.id)}


async def registrant(db: Database) -> tuple[str, dict[str, Any]]:
    training = await make_training(db, "Campagne voeren", capacity=10)
    return await make_token(db, await make_verified_member(db)), {
        "training": encode_id("Training", training.id)
    }


async def admin(db: Database) -> tuple[str, dict[str, Any]]:
    user: User = await make_user(db, "beheer@example.org", "Beheer", (StaffRole.ADMIN,))
    return await make_token(db, user), {}


KEYED = {
    "startThread": Keyed(
        'mutation ($category: ID!) { startThread(input: {categoryId: $category, title: "Ledenwerving", '
        'body: "Hoe doen jullie dat?"}) { thread { id } errors { code } } }',
        Thread,
        thread_starter,
    ),
    "postReply": Keyed(REPLY, Reply, replier),
    "openTicket": Keyed(
        'mutation { openTicket(input: {subject: "Statuten", body: "Wat moet erin?"}) { ticket { number } errors { code } } }',
        Ticket,
        asker,
    ),
    "replyToTicket": Keyed(
        'mutation ($ticket: ID!) { replyToTicket(input: {ticketId: $ticket, body: "Nog een vraag."}) '
        "{ message { id } errors { code } } }",
        TicketMessage,
        ticket_replier,
    ),
    "registerForTraining": Keyed(
        "mutation ($training: ID!) { registerForTraining(input: {trainingId: $training}) "
        "{ registration { id } errors { code } } }",
        TrainingRegistration,
        registrant,
    ),
    "createPartnerKey": Keyed(
        'mutation { createPartnerKey(input: {name: "Gemeente Utrecht"}) { key errors { code } } }',
        PartnerKey,
        admin,
    ),
}


@pytest.mark.parametrize("name", sorted(KEYED))
async def test_concurrent_requests_with_one_key_write_one_row(
    db: Database, server: RunningServer, name: str
) -> None:
    keyed = KEYED[name]
    token, variables = await keyed.arrange(db)
    before = await rows(db, keyed.model)

    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        answers = await asyncio.gather(
            *(post(http, token, keyed.query, variables, f"tegelijk-{name}") for _ in range(6))
        )

    bodies = [answer.json() for answer in answers]
    assert [answer.status_code for answer in answers] == [200] * 6
    assert bodies[0]["data"][name]["errors"] == []
    assert all(body == bodies[0] for body in bodies)
    assert await rows(db, keyed.model) == before + 1


async def test_over_the_socket_the_key_is_an_extension(db: Database, server: RunningServer) -> None:
    forum = await a_forum(db)
    answers = []
    async with open_socket(server.url, {"authorization": f"Bearer {forum.token}"}) as socket:
        for operation_id in ("1", "2"):
            await socket.subscribe(
                operation_id, REPLY, forum.variables, extensions={"idempotencyKey": "ws-1"}
            )
            answers.append([await socket.receive(), await socket.receive()])
        await socket.subscribe(
            "3", REPLY, {**forum.variables, "body": "Anders."}, extensions={"idempotencyKey": "ws-1"}
        )
        mismatch = await socket.receive()
    over_http = await post(
        httpx.AsyncClient(base_url=server.url), forum.token, REPLY, forum.variables, "ws-1"
    )

    first, second = answers
    assert first[0]["payload"]["data"]["postReply"]["errors"] == []
    assert second == [{**first[0], "id": "2"}, {"id": "2", "type": "complete"}]
    assert mismatch == {
        "id": "3",
        "type": "error",
        "payload": [
            {
                "message": "Deze idempotentiesleutel is al gebruikt voor een ander verzoek.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert over_http.status_code == 422  # one key, one request: the body over HTTP is other input
    assert await rows(db, Reply) == 1
