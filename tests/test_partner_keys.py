"""Partner API keys: issued, changed, rotated and revoked by admins, through the API and the CLI."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select, update

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database, utcnow
from kennispunt.partners.models import PartnerKey
from kennispunt.partners.service import hash_key
from tests.conftest import GraphQLClient, run_cli
from tests.factories import make_token, make_user

CREATE = """
mutation ($input: CreatePartnerKeyInput!) {
  createPartnerKey(input: $input) {
    key
    partnerKey { name prefix allowedOrigins rate isActive hasPreviousKey revokedAt }
    errors { field message code }
  }
}
"""
ROTATE = """
mutation ($id: ID!, $grace: Int!) {
  rotatePartnerKey(input: {id: $id, graceHours: $grace}) {
    key partnerKey { hasPreviousKey } errors { field code }
  }
}
"""
REVOKE = (
    "mutation ($id: ID!) { revokePartnerKey(input: {id: $id}) { partnerKey { isActive } errors { code } } }"
)
UPDATE = """
mutation ($input: UpdatePartnerKeyInput!) {
  updatePartnerKey(input: $input) { partnerKey { name allowedOrigins rate } errors { field message code } }
}
"""
LIST = "query ($all: Boolean!) { partnerKeys(includeRevoked: $all) { totalCount edges { node { name isActive } } } }"
PUBLIC = "{ topics { slug } }"


async def admin_token(db: Database) -> str:
    return await make_token(
        db, await make_user(db, "beheer@kennispunt.nl", "Beheer", roles=(StaffRole.ADMIN,))
    )


async def create(gql: GraphQLClient, token: str, **input: object) -> dict[str, object]:
    response = await gql(CREATE, {"input": input}, token=token)
    return response["data"]["createPartnerKey"]  # type: ignore[no-any-return]


async def status_with_key(http: httpx.AsyncClient, key: str) -> int:
    return (await http.post("/graphql", json={"query": PUBLIC}, headers={"X-Api-Key": key})).status_code


async def test_an_admin_creates_a_key_that_is_shown_once_and_stored_hashed(
    db: Database, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    token = await admin_token(db)

    created = await create(
        gql,
        token,
        name=" Gemeente Utrecht ",
        allowedOrigins=["https://www.Utrecht.nl/", "https://www.utrecht.nl"],
    )

    key = created["key"]
    assert isinstance(key, str) and key.startswith("kpk_") and len(key) > 40
    assert created["partnerKey"] == {
        "name": "Gemeente Utrecht",
        "prefix": key[:12],
        "allowedOrigins": ["https://www.utrecht.nl"],
        "rate": "1200/minute",
        "isActive": True,
        "hasPreviousKey": False,
        "revokedAt": None,
    }
    assert created["errors"] == []
    async with db.session() as session:
        stored = (await session.scalars(select(PartnerKey))).one()
    assert stored.key_hash == hash_key(key) and key not in (stored.key_hash, stored.prefix)
    assert await status_with_key(http, key) == 200
    listed = await gql(LIST, {"all": False}, token=token)
    assert listed["data"]["partnerKeys"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Gemeente Utrecht", "isActive": True}}],
    }


async def test_bad_input_is_explained_per_field_and_nothing_is_stored(
    db: Database, gql: GraphQLClient
) -> None:
    token = await admin_token(db)

    created = await create(
        gql,
        token,
        name="X",
        allowedOrigins=["https://ok.example", "www.utrecht.nl", "https://a.example/pad"],
        rate="veel",
    )

    assert created == {
        "key": None,
        "partnerKey": None,
        "errors": [
            {"field": ["name"], "message": "Gebruik minstens 2 tekens.", "code": "BAD_USER_INPUT"},
            {
                "field": ["allowedOrigins", "1"],
                "message": "“www.utrecht.nl” is geen origin; geef schema en host, zoals https://www.utrecht.nl.",
                "code": "BAD_USER_INPUT",
            },
            {
                "field": ["allowedOrigins", "2"],
                "message": "“https://a.example/pad” is geen origin; geef schema en host, zoals https://www.utrecht.nl.",
                "code": "BAD_USER_INPUT",
            },
            {
                "field": ["rate"],
                "message": "Geef een limiet zoals 1200/minute of 100/second;5000/hour.",
                "code": "BAD_USER_INPUT",
            },
        ],
    }
    async with db.session() as session:
        assert (await session.scalars(select(PartnerKey))).all() == []


async def test_an_admin_changes_origins_and_rate(db: Database, gql: GraphQLClient) -> None:
    token = await admin_token(db)
    created = await gql(CREATE, {"input": {"name": "ProDemos"}}, token=token)
    async with db.session() as session:
        key_id = (await session.scalars(select(PartnerKey.id))).one()
    assert created["data"]["createPartnerKey"]["partnerKey"]["allowedOrigins"] == []

    changed = await gql(
        UPDATE,
        {
            "input": {
                "id": encode_id("PartnerKey", key_id),
                "allowedOrigins": ["https://prodemos.nl"],
                "rate": "60/minute",
            }
        },
        token=token,
        language="en",
    )

    assert changed["data"]["updatePartnerKey"] == {
        "partnerKey": {"name": "ProDemos", "allowedOrigins": ["https://prodemos.nl"], "rate": "60/minute"},
        "errors": [],
    }
    unknown = await gql(
        UPDATE,
        {"input": {"id": encode_id("PartnerKey", key_id + 99), "name": "Iets"}},
        token=token,
        language="en",
    )
    assert unknown["data"]["updatePartnerKey"]["errors"] == [
        {"field": ["id"], "message": "This partner key does not exist.", "code": "NOT_FOUND"}
    ]


async def test_rotation_with_grace_keeps_the_old_key_working_until_it_expires(
    db: Database, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    token = await admin_token(db)
    old_key = (await create(gql, token, name="Gemeente Zwolle"))["key"]
    async with db.session() as session:
        key_id = (await session.scalars(select(PartnerKey.id))).one()
    partner_id = encode_id("PartnerKey", key_id)

    rotated = (await gql(ROTATE, {"id": partner_id, "grace": 24}, token=token))["data"]["rotatePartnerKey"]

    new_key = rotated["key"]
    assert rotated["partnerKey"] == {"hasPreviousKey": True} and new_key != old_key
    assert await status_with_key(http, new_key) == 200
    assert await status_with_key(http, str(old_key)) == 200
    async with db.transaction() as session:  # the grace period runs out
        await session.execute(
            update(PartnerKey).values(previous_key_expires_at=utcnow() - timedelta(seconds=1))
        )
    assert await status_with_key(http, str(old_key)) == 401
    assert await status_with_key(http, new_key) == 200

    again = (await gql(ROTATE, {"id": partner_id, "grace": 0}, token=token))["data"]["rotatePartnerKey"]
    assert again["partnerKey"] == {"hasPreviousKey": False}
    assert await status_with_key(http, new_key) == 401
    too_long = (await gql(ROTATE, {"id": partner_id, "grace": 10_000}, token=token))["data"][
        "rotatePartnerKey"
    ]
    assert too_long == {
        "key": None,
        "partnerKey": None,
        "errors": [{"field": ["graceHours"], "code": "BAD_USER_INPUT"}],
    }


async def test_a_revoked_key_is_refused_at_once(
    db: Database, gql: GraphQLClient, http: httpx.AsyncClient
) -> None:
    token = await admin_token(db)
    key = str((await create(gql, token, name="Gemeente Ede", allowedOrigins=["https://ede.nl"]))["key"])
    async with db.session() as session:
        key_id = (await session.scalars(select(PartnerKey.id))).one()

    revoked = await gql(REVOKE, {"id": encode_id("PartnerKey", key_id)}, token=token)

    assert revoked["data"]["revokePartnerKey"] == {"partnerKey": {"isActive": False}, "errors": []}
    response = await http.post(
        "/graphql", json={"query": PUBLIC}, headers={"X-Api-Key": key, "Origin": "https://ede.nl"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "De API-sleutel is onbekend of ingetrokken.",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ],
    }
    assert "access-control-allow-origin" not in response.headers
    assert (await gql(LIST, {"all": False}, token=token))["data"]["partnerKeys"]["totalCount"] == 0
    assert (await gql(LIST, {"all": True}, token=token))["data"]["partnerKeys"] == {
        "totalCount": 1,
        "edges": [{"node": {"name": "Gemeente Ede", "isActive": False}}],
    }


async def test_only_admins_manage_keys(db: Database, gql: GraphQLClient) -> None:
    editor = await make_token(
        db, await make_user(db, "redactie@kennispunt.nl", "Redactie", roles=(StaffRole.EDITOR,))
    )

    refused = await create(gql, editor, name="Gemeente Utrecht")
    anonymous = (await gql(CREATE, {"input": {"name": "Gemeente Utrecht"}}))["data"]["createPartnerKey"]

    assert refused == {
        "key": None,
        "partnerKey": None,
        "errors": [
            {"field": None, "message": "Je hebt geen toestemming om dit te doen.", "code": "FORBIDDEN"}
        ],
    }
    assert anonymous["errors"] == [
        {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}
    ]
    assert (await gql(LIST, {"all": True}, token=editor))["data"]["partnerKeys"] == {
        "totalCount": 0,
        "edges": [],
    }


async def test_the_cli_issues_lists_rotates_and_revokes_keys(
    db: Database, http: httpx.AsyncClient, cli_env: dict[str, str]
) -> None:
    created = await run_cli(
        cli_env,
        "partner",
        "create",
        "Gemeente Utrecht",
        "--origin",
        "https://www.utrecht.nl",
        "--rate",
        "300/minute",
    )
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert key.startswith("kpk_") and await status_with_key(http, key) == 200
    async with db.session() as session:
        key_id = (await session.scalars(select(PartnerKey.id))).one()

    listed = await run_cli(cli_env, "partner", "list")
    line, used_at = listed.stdout.rstrip("\n").rsplit("\t", 1)
    assert line == f"{key_id}\t{key[:12]}…\tGemeente Utrecht\tactive\t300/minute\thttps://www.utrecht.nl"
    assert used_at.startswith("last used 20")  # the request above used it
    assert key not in listed.stdout

    rotated = await run_cli(cli_env, "partner", "rotate", str(key_id))
    assert rotated.exit_code == 0, rotated.output
    new_key = rotated.stdout.strip()
    assert await status_with_key(http, key) == 401 and await status_with_key(http, new_key) == 200

    revoked = await run_cli(cli_env, "partner", "revoke", str(key_id))
    assert revoked.stdout == f"partner key {key_id} revoked\n"
    assert await status_with_key(http, new_key) == 401

    bad = await run_cli(cli_env, "partner", "create", "Gemeente Ede", "--origin", "ede.nl")
    assert bad.exit_code == 1
    assert bad.output == (
        "error: allowed_origins.0: “ede.nl” is not an origin; give scheme and host, like https://www.utrecht.nl.\n"
    )
