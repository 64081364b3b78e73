"""Who is calling: anonymous, or a personal access token minted with the CLI."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from graph.ids import encode_id
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import AccessToken, StaffRole
from kennispunt.db import Database, utcnow
from tests.conftest import GraphQLClient, run_cli
from tests.factories import make_token, make_user

VIEWER = "{ viewer { user { id displayName } roles } }"

INVALID_NL = {
    "data": None,
    "errors": [
        {
            "message": "Het toegangstoken is onbekend, verlopen of ingetrokken.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ],
}
INVALID_EN = {
    "data": None,
    "errors": [
        {
            "message": "The access token is unknown, expired or revoked.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ],
}


async def post(http: httpx.AsyncClient, authorization: str, language: str | None = None) -> httpx.Response:
    headers = {"Authorization": authorization}
    if language:
        headers["Accept-Language"] = language
    return await http.post("/graphql", json={"query": VIEWER}, headers=headers)


def assert_unauthenticated(response: httpx.Response, expected: dict[str, object] = INVALID_NL) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert response.json() == expected


async def test_an_anonymous_request_has_no_viewer(gql: GraphQLClient) -> None:
    assert await gql(VIEWER) == {"data": {"viewer": None}}


async def test_a_valid_token_signs_the_user_in(db: Database, gql: GraphQLClient) -> None:
    user = await make_user(db, "sanne@example.org", "Sanne de Boer")
    token = await make_token(db, user)

    result = await gql(VIEWER, token=token)

    assert result == {
        "data": {
            "viewer": {
                "user": {"id": encode_id("User", user.id), "displayName": "Sanne de Boer"},
                "roles": [],
            }
        }
    }


async def test_the_scheme_is_case_insensitive_and_use_is_recorded(
    db: Database, http: httpx.AsyncClient
) -> None:
    user = await make_user(db)
    token = await make_token(db, user)

    response = await post(http, f"bearer   {token}")

    assert response.status_code == 200
    assert response.json()["data"]["viewer"]["user"]["displayName"] == "Sanne de Boer"
    async with db.session() as session:
        record = await session.scalar(select(AccessToken).where(AccessToken.user_id == user.id))
    assert record is not None and record.last_used_at is not None


async def test_roles_granted_after_the_token_was_minted_count_at_once(
    db: Database, gql: GraphQLClient
) -> None:
    user = await make_user(db)
    token = await make_token(db, user)
    assert (await gql(VIEWER, token=token))["data"]["viewer"]["roles"] == []

    async with db.transaction() as session:
        await accounts.grant_role(session, user, StaffRole.HELPDESK)

    assert (await gql(VIEWER, token=token))["data"]["viewer"]["roles"] == ["HELPDESK"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer kp_onbekend-token",
        "Bearer zonder-voorvoegsel",
        "Bearer",
        "",
        "Basic c2FubmU6Z2VoZWlt",
        "Token kp_iets",
    ],
)
async def test_invalid_credentials_are_refused_not_ignored(
    http: httpx.AsyncClient, authorization: str
) -> None:
    assert_unauthenticated(await post(http, authorization))


async def test_the_refusal_speaks_english_on_request(http: httpx.AsyncClient) -> None:
    assert_unauthenticated(await post(http, "Bearer kp_onbekend", "en-GB,en;q=0.9"), INVALID_EN)


async def test_a_get_request_with_a_bad_token_is_refused_too(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql", params={"query": "{ topics { id } }"}, headers={"Authorization": "Bearer kp_x"}
    )

    assert_unauthenticated(response)


async def test_a_revoked_token_is_refused(db: Database, gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        issued = await accounts.create_token(session, user, "laptop")
    other = await make_token(db, user, "telefoon")
    assert (await gql(VIEWER, token=issued.token))["data"]["viewer"] is not None

    async with db.transaction() as session:
        await accounts.revoke_token(session, issued.record.id)

    assert_unauthenticated(await post(http, f"Bearer {issued.token}"))
    assert (await gql(VIEWER, token=other))["data"]["viewer"]["user"]["displayName"] == "Sanne de Boer"


async def test_an_expired_token_is_refused(db: Database, gql: GraphQLClient, http: httpx.AsyncClient) -> None:
    user = await make_user(db)
    async with db.transaction() as session:
        expired = await accounts.create_token(
            session, user, "oud", expires_at=utcnow() - timedelta(seconds=1)
        )
        valid = await accounts.create_token(session, user, "nieuw", expires_at=utcnow() + timedelta(days=1))

    assert_unauthenticated(await post(http, f"Bearer {expired.token}"))
    assert (await gql(VIEWER, token=valid.token))["data"]["viewer"]["user"]["displayName"] == "Sanne de Boer"


async def test_a_token_stops_working_when_its_user_is_deleted(db: Database, http: httpx.AsyncClient) -> None:
    user = await make_user(db)
    token = await make_token(db, user)
    async with db.transaction() as session:
        await session.delete(await session.get(type(user), user.id))

    assert_unauthenticated(await post(http, f"Bearer {token}"))


# --- the CLI --------------------------------------------------------------------------


async def test_the_cli_mints_a_token_that_works_and_stores_only_its_hash(
    db: Database, gql: GraphQLClient, cli_env: dict[str, str]
) -> None:
    user = await make_user(db, "sanne@example.org", "Sanne de Boer", roles=(StaffRole.EDITOR,))

    result = await run_cli(cli_env, "token", "create", "--user", "Sanne@Example.org", "--name", "laptop")

    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("kp_") and len(token) > 40
    assert "shown once" in result.stderr
    assert await gql(VIEWER, token=token) == {
        "data": {
            "viewer": {
                "user": {"id": encode_id("User", user.id), "displayName": "Sanne de Boer"},
                "roles": ["EDITOR"],
            }
        }
    }
    async with db.session() as session:
        records = list(await session.scalars(select(AccessToken)))
    assert len(records) == 1
    record = records[0]
    assert (record.user_id, record.name, record.revoked_at) == (user.id, "laptop", None)
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in (record.token_hash, record.prefix, record.name)]
    assert not any(token in value for value in stored)
    assert len(record.prefix) < len(token) // 3


async def test_the_cli_lists_and_revokes_tokens(
    db: Database, http: httpx.AsyncClient, cli_env: dict[str, str]
) -> None:
    await make_user(db, "sanne@example.org", "Sanne de Boer")
    token = (await run_cli(cli_env, "token", "create", "--user", "sanne@example.org")).stdout.strip()
    async with db.session() as session:
        record = await session.scalar(select(AccessToken))
    assert record is not None

    listed = await run_cli(cli_env, "token", "list", "--user", "sanne@example.org")
    revoked = await run_cli(cli_env, "token", "revoke", str(record.id))
    listed_after = await run_cli(cli_env, "token", "list", "--user", "sanne@example.org")

    assert listed.exit_code == 0 and token not in listed.stdout
    assert listed.stdout.startswith(f"{record.id}\t{token[:10]}…\tcli\tactive\t")
    assert revoked.exit_code == 0 and revoked.stdout == f"token {record.id} revoked\n"
    assert "\tcli\trevoked\t" in listed_after.stdout
    assert_unauthenticated(await post(http, f"Bearer {token}"))


async def test_the_cli_refuses_an_unknown_user(cli_env: dict[str, str]) -> None:
    result = await run_cli(cli_env, "token", "create", "--user", "niemand@example.org")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: email: This user does not exist.\n"
