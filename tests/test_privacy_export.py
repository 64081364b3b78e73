"""Export my data (GDPR Art. 15/20): exactly the person's data, nothing of others, internal
notes only for admins who ask for them; the same over GraphQL and the CLI."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.ids import encode_id
from kennispunt.accounts.models import User
from kennispunt.db import Database
from kennispunt.privacy.export import export_user
from tests.conftest import GraphQLClient, count_statements, run_cli
from tests.factories import make_category, make_reply, make_thread, make_verified_member
from tests.privacy_world import EMAIL, NAME, SECRET_NOTE, PrivacyWorld, build_privacy_world

EXPORT = """
mutation ($input: ExportPersonalDataInput!) {
  exportPersonalData(input: $input) { document errors { field message code } }
}
"""
MOMENT = "<moment>"


def without_moments(value: Any) -> Any:
    """Every moment (a key ending in ``At``) replaced by `MOMENT` once it is checked to be one."""
    if isinstance(value, dict):
        shown = {}
        for key, item in value.items():
            if key.endswith("At") and item is not None:
                assert datetime.fromisoformat(item).utcoffset() is not None, (key, item)
                item = MOMENT
            shown[key] = without_moments(item)
        return shown
    if isinstance(value, list):
        return [without_moments(item) for item in value]
    return value


def expected_export(world: PrivacyWorld, *, internal: bool = False) -> dict[str, Any]:
    messages = [
        {
            "id": world.question.id,
            "byRequester": True,
            "internal": False,
            "channel": "WEB",
            "body": f"Hoe wijzigen we de statuten? Groet, {NAME}",
            "createdAt": MOMENT,
        },
        {
            "id": world.answer.id,
            "byRequester": False,
            "internal": False,
            "channel": "WEB",
            "body": "Via de notaris.",
            "createdAt": MOMENT,
        },
    ]
    if internal:
        messages.append(
            {
                "id": world.note.id,
                "byRequester": False,
                "internal": True,
                "channel": "WEB",
                "body": SECRET_NOTE,
                "createdAt": MOMENT,
            }
        )
    return {
        "format": "kennispunt.personal-data/1",
        "exportedAt": MOMENT,
        "includesInternalNotes": internal,
        "profile": {
            "id": world.person.id,
            "email": EMAIL,
            "displayName": NAME,
            "createdAt": MOMENT,
            "blockedAt": None,
            "staffRoles": [],
        },
        "identities": [],
        "memberships": [
            {
                "id": world.ids["members"][0],
                "party": {"id": world.party.id, "slug": "lokaal-utrecht", "name": "Lokaal Utrecht"},
                "role": "MEMBER",
                "status": "VERIFIED",
                "requestedAt": MOMENT,
                "decidedAt": MOMENT,
            },
            {
                "id": world.ids["members"][1],
                "party": {"id": world.board.id, "slug": "dorpsbelang-b", "name": "Dorpsbelang B"},
                "role": "CANDIDATE",
                "status": "PENDING",
                "requestedAt": MOMENT,
                "decidedAt": None,
            },
        ],
        "forum": {
            "threads": [
                {
                    "id": world.thread.id,
                    "categoryId": world.thread.category_id,
                    "title": "Hoe werven jullie leden?",
                    "body": "Wij zoeken nieuwe leden.",
                    "createdAt": MOMENT,
                    "editedAt": None,
                    "isHidden": False,
                }
            ],
            "replies": [
                {
                    "id": world.own_reply.id,
                    "threadId": world.own_reply.thread_id,
                    "threadTitle": "Folders drukken",
                    "body": "Bij de drukkerij om de hoek.",
                    "createdAt": MOMENT,
                    "editedAt": None,
                    "isHidden": False,
                    "acceptedAt": None,
                }
            ],
            "reactions": [{"replyId": world.others_reply.id, "kind": "THANKS", "createdAt": MOMENT}],
            "follows": [
                {"threadId": world.thread.id, "createdAt": MOMENT},
                {"threadId": world.own_reply.thread_id, "createdAt": MOMENT},
            ],
            "readMarks": [
                {
                    "threadId": world.own_reply.thread_id,
                    "lastReadReplyId": world.own_reply.id,
                    "readAt": MOMENT,
                }
            ],
            "reports": [
                {
                    "id": world.ids["reports"][0],
                    "threadId": world.own_reply.thread_id,
                    "replyId": None,
                    "reason": "Reclame.",
                    "createdAt": MOMENT,
                    "resolvedAt": None,
                }
            ],
        },
        "tickets": [
            {
                "id": world.ticket.id,
                "number": world.ticket.number,
                "subject": "Statuten wijzigen",
                "status": "OPEN",
                "channel": "WEB",
                "partyId": None,
                "createdAt": MOMENT,
                "resolvedAt": None,
                "closedAt": None,
                "rating": None,
                "ratingComment": None,
                "anonymisedAt": None,
                "messages": messages,
            }
        ],
        "trainingRegistrations": [
            {
                "id": world.ids["registrations"][0],
                "training": {"id": world.training.id, "slug": "campagne-voeren", "title": "Campagne voeren"},
                "status": "CONFIRMED",
                "createdAt": MOMENT,
                "updatedAt": MOMENT,
            }
        ],
        "notifications": [
            {
                "id": world.ids["notifications"][0],
                "kind": "FORUM_REPLY",
                "payload": {
                    "thread_id": world.thread.id,
                    "reply_id": world.others_reply.id,
                    "thread_title": "Hoe werven jullie leden?",
                    "author_name": "Piet Jansen",
                },
                "createdAt": MOMENT,
                "readAt": None,
            },
            {
                "id": world.ids["notifications"][1],
                "kind": "TICKET_ANSWERED",
                "payload": {
                    "ticket_id": world.ticket.id,
                    "ticket_number": world.ticket.number,
                    "ticket_subject": "Statuten wijzigen",
                    "message_id": world.answer.id,
                    "author_name": "Hanna Hulp",
                },
                "createdAt": MOMENT,
                "readAt": None,
            },
        ],
        "sessions": [
            {"id": world.ids["sessions"][0], "createdAt": MOMENT, "expiresAt": MOMENT, "revokedAt": None}
        ],
        "accessTokens": [
            {
                "id": world.ids["tokens"][0],
                "name": "laptop",
                "prefix": world.token[:10],
                "createdAt": MOMENT,
                "expiresAt": None,
                "lastUsedAt": None,
                "revokedAt": None,
            }
        ],
        "mailDeliveries": [
            {
                "id": world.ids["deliveries"][0],
                "subject": f"[{world.ticket.number}] Statuten wijzigen",
                "status": "PENDING",
                "createdAt": MOMENT,
                "sentAt": None,
            }
        ],
    }


async def test_an_export_holds_exactly_the_persons_data_and_no_internal_notes(db: Database) -> None:
    world = await build_privacy_world(db)
    async with db.session() as session:
        document = await export_user(session, world.person)

    assert without_moments(document) == expected_export(world)
    text = json.dumps(document, ensure_ascii=False)
    for foreign in ("Kascommissie", "piet@example.org", "Waar laten jullie drukken?", SECRET_NOTE, "hash"):
        assert foreign not in text


async def test_the_export_costs_the_same_statements_for_one_post_or_fifty(db: Database) -> None:
    category = await make_category(db)

    async def statements_for(email: str, posts: int) -> tuple[int, int]:
        person = await make_verified_member(db, email, "Schrijver")
        thread = await make_thread(db, person, category, f"Draad van {email}", "Eerste bericht.")
        for number in range(posts - 1):
            await make_reply(db, person, thread, f"Bericht {number}.")
        async with db.session() as session:
            user = await session.get(User, person.id)
            assert user is not None
            with count_statements(db) as counter:
                document = await export_user(session, user)
        return counter.count, len(json.dumps(document))

    one, one_size = await statements_for("een@example.org", 1)
    fifty, fifty_size = await statements_for("vijftig@example.org", 50)
    assert one == fifty == 14  # one per kind of data (no tickets here: no statement for their messages)
    assert fifty_size > one_size


async def test_a_signed_in_person_exports_their_own_data_over_graphql(
    db: Database, gql: GraphQLClient
) -> None:
    world = await build_privacy_world(db)

    response = await gql(EXPORT, {"input": {}}, token=world.token)

    payload = response["data"]["exportPersonalData"]
    assert payload["errors"] == []
    expected = expected_export(world)
    expected["accessTokens"][0]["lastUsedAt"] = MOMENT  # the request itself used the token
    assert without_moments(payload["document"]) == expected


async def test_only_admins_export_someone_else_or_internal_notes(db: Database, gql: GraphQLClient) -> None:
    world = await build_privacy_world(db)
    person = encode_id("User", world.person.id)

    anonymous = await gql(EXPORT, {"input": {}})
    other = await gql(EXPORT, {"input": {"userId": person}}, token=world.other_token)
    own_notes = await gql(EXPORT, {"input": {"includeInternalNotes": True}}, token=world.token, language="en")
    admin = await gql(
        EXPORT, {"input": {"userId": person, "includeInternalNotes": True}}, token=world.admin_token
    )
    bad_id = await gql(EXPORT, {"input": {"userId": "nonsense"}}, token=world.admin_token)

    def errors(response: dict[str, Any]) -> Any:
        return response["data"]["exportPersonalData"]

    assert errors(anonymous) == {
        "document": None,
        "errors": [{"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}],
    }
    assert errors(other)["errors"][0]["code"] == "FORBIDDEN"
    assert errors(own_notes) == {
        "document": None,
        "errors": [
            {
                "field": ["includeInternalNotes"],
                "message": "Only admins can include internal notes in an export.",
                "code": "FORBIDDEN",
            }
        ],
    }
    expected = expected_export(world, internal=True)
    expected["accessTokens"][0]["lastUsedAt"] = MOMENT  # used by the person's own request above
    assert without_moments(errors(admin)["document"]) == expected
    assert errors(bad_id)["errors"] == [
        {"field": ["userId"], "message": "Dit is geen geldig ID.", "code": "BAD_USER_INPUT"}
    ]


async def test_staff_export_through_the_cli(db: Database, cli_env: dict[str, str], tmp_path: Path) -> None:
    world = await build_privacy_world(db)
    target = tmp_path / "export.json"

    written = await run_cli(
        cli_env,
        "privacy",
        "export",
        "--user",
        EMAIL.upper(),
        "--include-internal-notes",
        "--output",
        str(target),
    )
    printed = await run_cli(cli_env, "privacy", "export", "--user", EMAIL)
    unknown = await run_cli(cli_env, "privacy", "export", "--user", "niemand@example.org")

    assert written.exit_code == 0, written.output
    assert without_moments(json.loads(target.read_text(encoding="utf-8"))) == expected_export(
        world, internal=True
    )
    assert printed.exit_code == 0, printed.output
    assert without_moments(json.loads(printed.stdout)) == expected_export(world)
    assert unknown.exit_code == 1
    assert "error: email: " in unknown.output
