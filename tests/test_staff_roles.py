"""Staff roles: granted and revoked by admins over GraphQL, the first admin from the CLI."""

from __future__ import annotations

from typing import Any

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import Database
from tests.conftest import GraphQLClient, run_cli
from tests.factories import make_token, make_user

GRANT = """
mutation Grant($user: ID!, $role: StaffRole!) {
  grantStaffRole(input: {userId: $user, role: $role}) { user { id displayName staffRoles } errors { field message code } }
}
"""

REVOKE = """
mutation Revoke($user: ID!, $role: StaffRole!) {
  revokeStaffRole(input: {userId: $user, role: $role}) { user { id displayName staffRoles } errors { field message code } }
}
"""

MY_ROLES = "{ viewer { roles user { staffRoles } } }"
USER_ROLES = "query ($id: ID!) { node(id: $id) { ... on User { displayName staffRoles } } }"


def uid(user: User) -> str:
    return encode_id("User", user.id)


async def signed_in(
    db: Database, email: str, name: str, roles: tuple[StaffRole, ...] = ()
) -> tuple[User, str]:
    user = await make_user(db, email, name, roles)
    return user, await make_token(db, user)


def payload(
    mutation: str, user: User | None, roles: list[str] | None = None, *errors: dict[str, Any]
) -> dict[str, Any]:
    shown = None if user is None else {"id": uid(user), "displayName": user.display_name, "staffRoles": roles}
    return {"data": {mutation: {"user": shown, "errors": list(errors)}}}


def my_roles(*roles: str) -> dict[str, Any]:
    return {"data": {"viewer": {"roles": list(roles), "user": {"staffRoles": list(roles)}}}}


# --- over GraphQL ------------------------------------------------------------------


async def test_an_admin_grants_and_revokes_a_role_that_works_at_once(
    db: Database, gql: GraphQLClient
) -> None:
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    sanne, token = await signed_in(db, "sanne@example.org", "Sanne de Boer")
    variables = {"user": uid(sanne), "role": "EDITOR"}

    assert await gql(GRANT, variables, token=admin) == payload("grantStaffRole", sanne, ["EDITOR"])
    assert await gql(MY_ROLES, token=token) == my_roles("EDITOR")
    assert await gql(GRANT, variables, token=admin) == payload("grantStaffRole", sanne, ["EDITOR"])
    assert await gql(GRANT, {"user": uid(sanne), "role": "HELPDESK"}, token=admin) == payload(
        "grantStaffRole", sanne, ["EDITOR", "HELPDESK"]
    )

    assert await gql(REVOKE, variables, token=admin) == payload("revokeStaffRole", sanne, ["HELPDESK"])
    assert await gql(MY_ROLES, token=token) == my_roles("HELPDESK")
    assert await gql(REVOKE, variables, token=admin) == payload("revokeStaffRole", sanne, ["HELPDESK"])


async def test_only_admins_manage_roles(db: Database, gql: GraphQLClient) -> None:
    sanne, token = await signed_in(db, "sanne@example.org", "Sanne de Boer")
    _, editor = await signed_in(db, "redactie@example.org", "Redactie", (StaffRole.EDITOR,))
    _, helpdesk = await signed_in(db, "helpdesk@example.org", "Henk Helpdesk", (StaffRole.HELPDESK,))
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    forbidden = {"field": None, "message": "Je hebt geen toestemming om dit te doen.", "code": "FORBIDDEN"}

    for mutation, operation in (("grantStaffRole", GRANT), ("revokeStaffRole", REVOKE)):
        variables = {"user": uid(sanne), "role": "ADMIN"}
        for refused in (token, editor, helpdesk):
            assert await gql(operation, variables, token=refused) == payload(mutation, None, None, forbidden)
        assert await gql(operation, variables) == payload(
            mutation,
            None,
            None,
            {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"},
        )
        assert await gql(
            operation, {"user": encode_id("User", 987654), "role": "EDITOR"}, token=admin
        ) == payload(
            mutation,
            None,
            None,
            {"field": ["userId"], "message": "Deze gebruiker bestaat niet.", "code": "NOT_FOUND"},
        )
    assert await gql(MY_ROLES, token=token) == my_roles()


async def test_the_last_admin_keeps_the_role(db: Database, gql: GraphQLClient) -> None:
    ada, ada_token = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    bea, bea_token = await signed_in(
        db, "beheer@example.org", "Bea Beheer", (StaffRole.ADMIN, StaffRole.EDITOR)
    )
    last = {
        "field": ["role"],
        "message": "Dit is de laatste beheerder; maak eerst iemand anders beheerder.",
        "code": "CONFLICT",
    }

    assert await gql(REVOKE, {"user": uid(ada), "role": "ADMIN"}, token=ada_token) == payload(
        "revokeStaffRole", ada, []
    )
    assert await gql(MY_ROLES, token=ada_token) == my_roles()
    assert await gql(REVOKE, {"user": uid(bea), "role": "ADMIN"}, token=bea_token) == payload(
        "revokeStaffRole", None, None, last
    )
    assert await gql(REVOKE, {"user": uid(bea), "role": "ADMIN"}, token=bea_token, language="en") == payload(
        "revokeStaffRole",
        None,
        None,
        {
            "field": ["role"],
            "message": "This is the last admin; make someone else an admin first.",
            "code": "CONFLICT",
        },
    )
    assert await gql(REVOKE, {"user": uid(bea), "role": "EDITOR"}, token=bea_token) == payload(
        "revokeStaffRole", bea, ["ADMIN"]
    )
    assert await gql(MY_ROLES, token=bea_token) == my_roles("ADMIN")


async def test_staff_roles_of_a_user_are_seen_by_themselves_and_admins(
    db: Database, gql: GraphQLClient
) -> None:
    sanne, token = await signed_in(
        db, "sanne@example.org", "Sanne de Boer", (StaffRole.MODERATOR, StaffRole.EDITOR)
    )
    _, helpdesk = await signed_in(db, "helpdesk@example.org", "Henk Helpdesk", (StaffRole.HELPDESK,))
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    variables = {"id": uid(sanne)}

    def shown(*roles: str) -> dict[str, Any]:
        return {"data": {"node": {"displayName": "Sanne de Boer", "staffRoles": list(roles)}}}

    assert await gql(USER_ROLES, variables, token=token) == shown("EDITOR", "MODERATOR")
    assert await gql(USER_ROLES, variables, token=admin) == shown("EDITOR", "MODERATOR")
    assert await gql(USER_ROLES, variables, token=helpdesk) == shown()


# --- the CLI -----------------------------------------------------------------------


async def test_the_first_admin_comes_from_the_cli(
    db: Database, gql: GraphQLClient, cli_env: dict[str, str]
) -> None:
    _, ada_token = await signed_in(db, "ada@example.org", "Ada Admin")
    bea, _ = await signed_in(db, "bea@example.org", "Bea Beheer")

    granted = await run_cli(cli_env, "admin", "grant", "Ada@Example.org")

    assert (granted.exit_code, granted.stdout) == (0, "Ada@Example.org now has role ADMIN\n")
    assert await gql(MY_ROLES, token=ada_token) == my_roles("ADMIN")
    assert await gql(GRANT, {"user": uid(bea), "role": "ADMIN"}, token=ada_token) == payload(
        "grantStaffRole", bea, ["ADMIN"]
    )
    again = await run_cli(cli_env, "admin", "grant", "ada@example.org")
    assert (again.exit_code, again.stdout) == (0, "ada@example.org already had role ADMIN\n")


async def test_the_cli_revokes_admin_but_never_the_last_one(
    db: Database, gql: GraphQLClient, cli_env: dict[str, str]
) -> None:
    _, ada_token = await signed_in(db, "ada@example.org", "Ada Admin", (StaffRole.ADMIN,))
    await make_user(db, "bea@example.org", "Bea Beheer", (StaffRole.ADMIN,))

    revoked = await run_cli(cli_env, "admin", "revoke", "ada@example.org")
    last = await run_cli(cli_env, "admin", "revoke", "bea@example.org")
    unknown = await run_cli(cli_env, "admin", "grant", "niemand@example.org")

    assert (revoked.exit_code, revoked.stdout) == (0, "ada@example.org no longer has role ADMIN\n")
    assert await gql(MY_ROLES, token=ada_token) == my_roles()
    assert (last.exit_code, last.stdout) == (1, "")
    assert last.stderr == "error: role: This is the last admin; make someone else an admin first.\n"
    assert (unknown.exit_code, unknown.stderr) == (1, "error: email: This user does not exist.\n")
