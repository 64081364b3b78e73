"""Erase my account (GDPR Art. 17): no trace of the name and e-mail in any table, the search
index or stored mail; posts stay under "Verwijderde gebruiker"; sockets close at once; the
person can sign in again as someone new."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select, text

from graph.ids import encode_id
from kennispunt import search
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import Database
from kennispunt.mail.models import QuarantinedMail
from kennispunt.models import metadata
from kennispunt.notifications.models import Notification
from kennispunt.parties.models import Member
from kennispunt.trainings.models import RegistrationStatus, TrainingRegistration
from tests.conftest import GraphQLClient, RunningServer, run_cli
from tests.factories import make_token, make_user
from tests.live import open_socket
from tests.privacy_world import EMAIL, NAME, build_privacy_world

ERASE = """
mutation ($input: EraseAccountInput!) {
  eraseAccount(input: $input) { erasedUserId errors { field message code } }
}
"""
POSTS = """
query ($thread: ID!, $reply: ID!) {
  thread: node(id: $thread) { ... on Thread { title author { displayName party { name } } } }
  reply: node(id: $reply) { ... on Reply { body author { displayName } } }
}
"""
ISSUER = "https://login.example.org"


async def traces(db: Database, *needles: str) -> list[str]:
    """Every row of every table, the search index and stored mail that holds one of ``needles``."""
    found = []
    lowered = [needle.lower() for needle in needles]
    async with db.session() as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                shown = repr(tuple(v.decode("latin-1") if isinstance(v, bytes) else v for v in row)).lower()
                found += [f"{table.name}: {shown}" for needle in lowered if needle in shown]
        index = (
            "document::text" if session.get_bind().dialect.name == "postgresql" else "title, summary, body"
        )
        for row in (await session.execute(text(f"SELECT kind, {index} FROM {search.TABLE}"))).all():
            found += [f"{search.TABLE}: {row}" for needle in lowered if needle in str(row).lower()]
    return found


async def test_after_erasure_no_trace_is_left_and_posts_read_deleted_user(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    world = await build_privacy_world(db)
    async with db.transaction() as session:
        await accounts.upsert_identity_user(session, ISSUER, "sub-sanne", EMAIL, NAME)
        session.add(
            QuarantinedMail(
                envelope_from=EMAIL, envelope_to="vraag@kennispunt.nl", reason="geen ticket", raw=b"x"
            )
        )
    stems = search.stems(NAME)
    assert await traces(db, NAME, EMAIL, *stems)  # there was something to erase

    async with open_socket(server.url, {"authorization": f"Bearer {world.token}"}) as socket:
        await socket.subscribe("1", "subscription { notificationReceived { cursor } }")
        mistyped = await gql(ERASE, {"input": {"confirmEmail": "ander@example.org"}}, token=world.token)
        erased = await gql(ERASE, {"input": {"confirmEmail": f" {EMAIL.upper()} "}}, token=world.token)
        closed = await socket.closed(timeout=5)

    assert mistyped == {
        "data": {
            "eraseAccount": {
                "erasedUserId": None,
                "errors": [
                    {
                        "field": ["confirmEmail"],
                        "message": "Typ het e-mailadres van het account om het verwijderen te bevestigen.",
                        "code": "BAD_USER_INPUT",
                    }
                ],
            }
        }
    }
    assert erased == {
        "data": {"eraseAccount": {"erasedUserId": encode_id("User", world.person.id), "errors": []}}
    }
    assert closed == (4403, "Access revoked")
    assert await traces(db, NAME, EMAIL, *stems) == []

    posts = {"thread": encode_id("Thread", world.thread.id), "reply": encode_id("Reply", world.own_reply.id)}
    dutch = await gql(POSTS, posts, token=world.other_token)
    english = await gql(POSTS, posts, token=world.other_token, language="en")
    assert dutch == {
        "data": {
            "thread": {
                "title": "Hoe werven jullie leden?",
                "author": {"displayName": "Verwijderde gebruiker", "party": None},
            },
            "reply": {
                "body": "Bij de drukkerij om de hoek.",
                "author": {"displayName": "Verwijderde gebruiker"},
            },
        }
    }
    assert english["data"]["thread"]["author"]["displayName"] == "Deleted user"
    async with httpx.AsyncClient(base_url=server.url) as http:
        with_old_token = await http.post(
            "/graphql",
            json={"query": "{ viewer { email } }"},
            headers={"Authorization": f"Bearer {world.token}"},
        )
    assert with_old_token.status_code == 401

    async with db.session() as session:
        assert list(await session.scalars(select(Member).where(Member.user_id == world.person.id))) == []
        places = await session.scalars(
            select(TrainingRegistration.status).where(TrainingRegistration.user_id == world.person.id)
        )
        assert list(places) == [RegistrationStatus.CANCELLED]
        names = [
            notification.payload.get("author_name") or notification.payload.get("requester_name")
            for notification in await session.scalars(select(Notification).order_by(Notification.id))
            if notification.kind.name in ("FORUM_REPLY", "MEMBERSHIP_REQUESTED")
        ]
    assert names == ["Verwijderde gebruiker", "Verwijderde gebruiker"]  # Piet's and the chair's

    async with db.transaction() as session:  # signing in again makes a new account
        again = await accounts.upsert_identity_user(session, ISSUER, "sub-sanne", EMAIL, NAME)
    assert again.id != world.person.id
    assert (again.email, again.display_name) == (EMAIL, NAME)


async def test_only_the_person_and_admins_erase_and_the_last_admin_stays(
    db: Database, gql: GraphQLClient
) -> None:
    admin = await make_user(db, "beheer@example.org", "Beheer", (StaffRole.ADMIN,))
    admin_token = await make_token(db, admin)
    person = await make_user(db, "lid@example.org", "Sanne de Boer")
    other_token = await make_token(db, await make_user(db, "ander@example.org", "Ander Lid"))
    target = encode_id("User", person.id)

    def outcome(response: dict[str, Any]) -> Any:
        return response["data"]["eraseAccount"]

    anonymous = await gql(ERASE, {"input": {"confirmEmail": "lid@example.org"}})
    by_other = await gql(
        ERASE, {"input": {"userId": target, "confirmEmail": "lid@example.org"}}, token=other_token
    )
    last_admin = await gql(
        ERASE, {"input": {"confirmEmail": "beheer@example.org"}}, token=admin_token, language="en"
    )
    by_admin = await gql(
        ERASE, {"input": {"userId": target, "confirmEmail": "lid@example.org"}}, token=admin_token
    )
    twice = await gql(
        ERASE, {"input": {"userId": target, "confirmEmail": "lid@example.org"}}, token=admin_token
    )

    assert outcome(anonymous)["errors"][0]["code"] == "UNAUTHENTICATED"
    assert outcome(by_other)["errors"][0]["code"] == "FORBIDDEN"
    assert outcome(last_admin) == {
        "erasedUserId": None,
        "errors": [
            {
                "field": ["role"],
                "message": "This is the last admin; make someone else an admin first.",
                "code": "CONFLICT",
            }
        ],
    }
    assert outcome(by_admin) == {"erasedUserId": target, "errors": []}
    assert outcome(twice)["errors"][0]["code"] == "NOT_FOUND"


async def test_an_admin_erases_an_account_through_the_cli(db: Database, cli_env: dict[str, str]) -> None:
    person = await make_user(db, "lid@example.org", "Sanne de Boer")

    result = await run_cli(cli_env, "privacy", "erase", "--user", "lid@example.org", "--yes")
    unknown = await run_cli(cli_env, "privacy", "erase", "--user", "lid@example.org", "--yes")

    assert result.exit_code == 0, result.output
    assert result.stdout == f"user {person.id} erased; 0 tickets anonymised; 0 posts removed\n"
    assert unknown.exit_code == 1
    async with db.session() as session:
        user = await session.get(User, person.id)
    assert user is not None and user.erased_at is not None
    assert (user.email, user.display_name) == (f"erased-{person.id}@erased.invalid", "Verwijderde gebruiker")


async def test_asked_for_the_posts_go_too_and_replies_by_others_stay(
    db: Database, gql: GraphQLClient
) -> None:
    world = await build_privacy_world(db)
    erase = {"confirmEmail": EMAIL, "removePosts": True}
    words = ("werven", "zoeken", "drukkerij", *search.stems("zoeken"))  # their thread and reply
    assert await traces(db, *words)

    erased = await gql(ERASE, {"input": erase}, token=world.token)

    assert erased["data"]["eraseAccount"]["errors"] == []
    posts = {"thread": encode_id("Thread", world.thread.id), "reply": encode_id("Reply", world.own_reply.id)}
    assert await gql(POSTS, posts, token=world.other_token) == {
        "data": {
            "thread": {
                "title": "[verwijderd]",
                "author": {"displayName": "Verwijderde gebruiker", "party": None},
            },
            "reply": {"body": "[verwijderd]", "author": {"displayName": "Verwijderde gebruiker"}},
        }
    }
    others = await gql(
        POSTS, {**posts, "reply": encode_id("Reply", world.others_reply.id)}, token=world.other_token
    )
    assert others["data"]["reply"] == {
        "body": "Met een ledenavond.",
        "author": {"displayName": "Piet Jansen"},
    }
    assert await traces(db, *words) == []  # nor in the search index
    async with db.session() as session:
        titles = [
            notification.payload.get("thread_title")
            for notification in await session.scalars(select(Notification).order_by(Notification.id))
            if notification.kind.name == "FORUM_REPLY"
        ]
    assert titles == ["Folders drukken"]  # Piet's own thread, where the reply was
