"""The membership workflow over GraphQL: request, decide, revoke, pending requests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import Database
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Party
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import make_member, make_party, make_token, make_user

# --- helpers -----------------------------------------------------------------------


def pid(party: Party) -> str:
    return encode_id("Party", party.id)


def mid(member: Member | int) -> str:
    return encode_id("Member", member if isinstance(member, int) else member.id)


async def member_of(db: Database, user: User, party: Party) -> Member:
    async with db.session() as session:
        member = await session.scalar(
            select(Member).where(Member.user_id == user.id, Member.party_id == party.id)
        )
    assert member is not None
    return member


async def signed_in(
    db: Database, email: str, name: str, roles: tuple[StaffRole, ...] = ()
) -> tuple[User, str]:
    user = await make_user(db, email, name, roles)
    return user, await make_token(db, user)


async def board_member(
    db: Database, party: Party, email: str, name: str, role: MemberRole = MemberRole.CHAIR
) -> tuple[User, str]:
    """A verified member of ``party`` in ``role``, signed in."""
    user, token = await signed_in(db, email, name)
    await make_member(db, user, party, role)
    return user, token


REQUEST = """
mutation Request($party: ID!, $role: MemberRole!) {
  requestMembership(input: {partyId: $party, role: $role}) {
    member { id role status user { displayName } party { slug } }
    errors { field message code }
  }
}
"""

DECIDE = """
mutation Decide($member: ID!, $approve: Boolean!) {
  decideMembership(input: {memberId: $member, approve: $approve}) {
    member { id role status user { displayName } }
    errors { field message code }
  }
}
"""

REVOKE = """
mutation Revoke($member: ID!) {
  revokeMembership(input: {memberId: $member}) {
    member { id role status user { displayName } }
    errors { field message code }
  }
}
"""

MEMBERS = """
query Members($slug: String!) {
  party(slug: $slug) { members { totalCount edges { node { user { displayName } } } } }
}
"""

PENDING = """
query Pending($slug: String!) {
  party(slug: $slug) { pendingMembers { totalCount edges { node { id role status user { displayName } } } } }
}
"""

MY_MEMBERSHIPS = "{ viewer { memberships { id role status party { slug } } } }"


def payload(mutation: str, member: dict[str, Any] | None, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {mutation: {"member": member, "errors": list(errors)}}}


def error(field: list[str] | None, message: str, code: str) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def shown(member_id: str, role: str, status: str, name: str) -> dict[str, Any]:
    return {"id": member_id, "role": role, "status": status, "user": {"displayName": name}}


def members(*names: str) -> dict[str, Any]:
    return {
        "data": {
            "party": {
                "members": {
                    "totalCount": len(names),
                    "edges": [{"node": {"user": {"displayName": name}}} for name in names],
                }
            }
        }
    }


def pending(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {
            "party": {
                "pendingMembers": {"totalCount": len(nodes), "edges": [{"node": node} for node in nodes]}
            }
        }
    }


FORBIDDEN_NL = error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN")
UTRECHT = {"slug": "lokaal-utrecht"}


# --- requesting --------------------------------------------------------------------


async def test_a_signed_in_user_requests_a_membership(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")

    result = await gql(REQUEST, {"party": pid(party), "role": "SECRETARY"}, token=token)

    member = await member_of(db, jan, party)
    assert (member.status, member.role, member.decided_at) == (
        MemberStatus.PENDING,
        MemberRole.SECRETARY,
        None,
    )
    assert result == payload(
        "requestMembership",
        {
            "id": mid(member),
            "role": "SECRETARY",
            "status": "PENDING",
            "user": {"displayName": "Jan de Vries"},
            "party": UTRECHT,
        },
    )
    assert await gql(MY_MEMBERSHIPS, token=token) == {
        "data": {
            "viewer": {
                "memberships": [
                    {"id": mid(member), "role": "SECRETARY", "status": "PENDING", "party": UTRECHT}
                ]
            }
        }
    }
    assert await gql(MEMBERS, UTRECHT, token=token) == members()


async def test_requesting_needs_a_signed_in_user_and_an_existing_party(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    _, token = await signed_in(db, "jan@example.org", "Jan de Vries")

    assert await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}) == payload(
        "requestMembership", None, error(None, "Log in om dit te doen.", "UNAUTHENTICATED")
    )
    assert await gql(
        REQUEST, {"party": encode_id("Party", party.id + 1000), "role": "MEMBER"}, token=token
    ) == payload("requestMembership", None, error(["partyId"], "Deze partij bestaat niet.", "NOT_FOUND"))
    assert await gql(
        REQUEST, {"party": encode_id("Member", party.id), "role": "MEMBER"}, token=token, language="en"
    ) == payload("requestMembership", None, error(["partyId"], "This is not a valid ID.", "BAD_USER_INPUT"))


async def test_requesting_twice_is_a_conflict(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    variables = {"party": pid(party), "role": "MEMBER"}
    await gql(REQUEST, variables, token=token)

    assert await gql(REQUEST, variables, token=token) == payload(
        "requestMembership",
        None,
        error(["partyId"], "Je hebt al een aanvraag lopen om lid te worden van deze partij.", "CONFLICT"),
    )
    assert await gql(REQUEST, variables, token=token, language="en") == payload(
        "requestMembership",
        None,
        error(["partyId"], "You already have a pending request to join this party.", "CONFLICT"),
    )
    await gql(DECIDE, {"member": mid(await member_of(db, jan, party)), "approve": True}, token=chair)
    assert await gql(REQUEST, variables, token=token) == payload(
        "requestMembership", None, error(["partyId"], "Je bent al lid van deze partij.", "CONFLICT")
    )
    assert await gql(REQUEST, variables, token=token, language="en") == payload(
        "requestMembership", None, error(["partyId"], "You are already a member of this party.", "CONFLICT")
    )


async def test_a_rejected_request_is_reopened_with_the_new_role(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "CHAIR"}, token=token)
    first = await member_of(db, jan, party)
    await gql(DECIDE, {"member": mid(first), "approve": False}, token=secretary)

    again = await gql(REQUEST, {"party": pid(party), "role": "CANDIDATE"}, token=token)

    assert again == payload(
        "requestMembership",
        {
            "id": mid(first),
            "role": "CANDIDATE",
            "status": "PENDING",
            "user": {"displayName": "Jan de Vries"},
            "party": UTRECHT,
        },
    )
    reopened = await member_of(db, jan, party)
    assert reopened.decided_at is None
    assert reopened.created_at > first.created_at
    assert await gql(PENDING, UTRECHT, token=secretary) == pending(
        shown(mid(first), "CANDIDATE", "PENDING", "Jan de Vries")
    )


# --- deciding ----------------------------------------------------------------------


async def test_the_chair_approves_and_the_new_member_sees_the_members(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    _, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "TREASURER"}, token=token)
    member = await member_of(db, jan, party)

    assert await gql(MEMBERS, UTRECHT, token=token) == members()
    assert await gql(PENDING, UTRECHT, token=chair) == pending(
        shown(mid(member), "TREASURER", "PENDING", "Jan de Vries")
    )

    result = await gql(DECIDE, {"member": mid(member), "approve": True}, token=chair)

    assert result == payload("decideMembership", shown(mid(member), "TREASURER", "VERIFIED", "Jan de Vries"))
    decided = await member_of(db, jan, party)
    assert decided.status is MemberStatus.VERIFIED and decided.decided_at is not None
    assert await gql(MEMBERS, UTRECHT, token=token) == members("Karin Voorzitter", "Jan de Vries")
    assert await gql(PENDING, UTRECHT, token=chair) == pending()


async def test_the_secretary_rejects(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)
    member = await member_of(db, jan, party)

    result = await gql(DECIDE, {"member": mid(member), "approve": False}, token=secretary)

    assert result == payload("decideMembership", shown(mid(member), "MEMBER", "REVOKED", "Jan de Vries"))
    rejected = await member_of(db, jan, party)
    assert rejected.decided_at is not None
    assert await gql(MEMBERS, UTRECHT, token=token) == members()
    assert await gql(MY_MEMBERSHIPS, token=token) == {
        "data": {
            "viewer": {
                "memberships": [{"id": mid(member), "role": "MEMBER", "status": "REVOKED", "party": UTRECHT}]
            }
        }
    }


async def test_only_the_partys_chair_or_secretary_or_an_admin_decides(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    other_party = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    _, plain = await board_member(db, party, "lid@example.org", "Lotte Lid", MemberRole.MEMBER)
    _, treasurer = await board_member(db, party, "penning@example.org", "Piet Penning", MemberRole.TREASURER)
    _, other_chair = await board_member(db, other_party, "anders@example.org", "Anna Anders")
    pending_chair_user, pending_chair = await signed_in(db, "wacht@example.org", "Wim Wacht")
    await make_member(db, pending_chair_user, party, MemberRole.CHAIR, MemberStatus.PENDING)
    _, helpdesk = await signed_in(db, "helpdesk@example.org", "Henk Helpdesk", (StaffRole.HELPDESK,))
    _, stranger = await signed_in(db, "vreemd@example.org", "Vera Vreemd")
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)
    member = await member_of(db, jan, party)
    variables = {"member": mid(member), "approve": True}

    for refused in (plain, treasurer, other_chair, pending_chair, helpdesk, stranger):
        assert await gql(DECIDE, variables, token=refused) == payload("decideMembership", None, FORBIDDEN_NL)
        assert await gql(PENDING, UTRECHT, token=refused) == pending()
    assert await gql(DECIDE, variables, token=other_chair, language="en") == payload(
        "decideMembership", None, error(None, "You are not allowed to do this.", "FORBIDDEN")
    )
    assert await gql(DECIDE, variables) == payload(
        "decideMembership", None, error(None, "Log in om dit te doen.", "UNAUTHENTICATED")
    )
    assert await gql(PENDING, UTRECHT) == pending()
    assert (await member_of(db, jan, party)).status is MemberStatus.PENDING


async def test_an_admin_decides_any_request_even_their_own(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    other_party = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    admin_user, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)
    await gql(REQUEST, {"party": pid(other_party), "role": "CANDIDATE"}, token=admin)
    jans = await member_of(db, jan, party)
    admins = await member_of(db, admin_user, other_party)

    assert await gql(PENDING, UTRECHT, token=admin) == pending(
        shown(mid(jans), "MEMBER", "PENDING", "Jan de Vries")
    )
    assert await gql(DECIDE, {"member": mid(jans), "approve": False}, token=admin) == payload(
        "decideMembership", shown(mid(jans), "MEMBER", "REVOKED", "Jan de Vries")
    )
    assert await gql(DECIDE, {"member": mid(admins), "approve": True}, token=admin) == payload(
        "decideMembership", shown(mid(admins), "CANDIDATE", "VERIFIED", "Ada Admin")
    )


async def test_deciding_twice_is_a_conflict(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)
    member = await member_of(db, jan, party)
    await gql(DECIDE, {"member": mid(member), "approve": True}, token=chair)

    decided = payload(
        "decideMembership", None, error(["memberId"], "Over deze aanvraag is al beslist.", "CONFLICT")
    )
    assert await gql(DECIDE, {"member": mid(member), "approve": True}, token=chair) == decided
    assert await gql(DECIDE, {"member": mid(member), "approve": False}, token=secretary) == decided
    assert await gql(
        DECIDE, {"member": mid(member), "approve": False}, token=secretary, language="en"
    ) == payload(
        "decideMembership", None, error(["memberId"], "This request has already been decided.", "CONFLICT")
    )
    assert (await member_of(db, jan, party)).status is MemberStatus.VERIFIED


async def test_deciding_on_a_membership_that_does_not_exist(db: Database, gql: GraphQLClient) -> None:
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))

    assert await gql(DECIDE, {"member": mid(987654), "approve": True}, token=admin) == payload(
        "decideMembership", None, error(["memberId"], "Dit lidmaatschap bestaat niet.", "NOT_FOUND")
    )
    assert await gql(REVOKE, {"member": "geen-id"}, token=admin) == payload(
        "revokeMembership", None, error(["memberId"], "Dit is geen geldig ID.", "BAD_USER_INPUT")
    )


# --- revoking ----------------------------------------------------------------------


async def test_a_revoked_member_loses_access_at_once(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await board_member(db, party, "jan@example.org", "Jan de Vries", MemberRole.COUNCIL_MEMBER)
    member = await member_of(db, jan, party)
    assert await gql(MEMBERS, UTRECHT, token=token) == members("Karin Voorzitter", "Jan de Vries")

    result = await gql(REVOKE, {"member": mid(member)}, token=chair)

    assert result == payload(
        "revokeMembership", shown(mid(member), "COUNCIL_MEMBER", "REVOKED", "Jan de Vries")
    )
    assert await gql(MEMBERS, UTRECHT, token=token) == members()
    assert await gql(MEMBERS, UTRECHT, token=chair) == members("Karin Voorzitter")
    assert await gql(REVOKE, {"member": mid(member)}, token=chair) == payload(
        "revokeMembership",
        None,
        error(["memberId"], "Alleen een geverifieerd lidmaatschap kan worden ingetrokken.", "CONFLICT"),
    )
    assert await gql(REVOKE, {"member": mid(member)}, token=chair, language="en") == payload(
        "revokeMembership",
        None,
        error(["memberId"], "Only a verified membership can be revoked.", "CONFLICT"),
    )
    assert await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token) == payload(
        "requestMembership",
        {
            "id": mid(member),
            "role": "MEMBER",
            "status": "PENDING",
            "user": {"displayName": "Jan de Vries"},
            "party": UTRECHT,
        },
    )


async def test_a_revoked_chair_no_longer_decides(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)

    await gql(REVOKE, {"member": mid(await member_of(db, chair_user, party))}, token=secretary)

    variables = {"member": mid(await member_of(db, jan, party)), "approve": True}
    assert await gql(PENDING, UTRECHT, token=chair) == pending()
    assert await gql(DECIDE, variables, token=chair) == payload("decideMembership", None, FORBIDDEN_NL)


async def test_only_deciders_revoke_and_never_themselves_unless_admin(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await board_member(db, party, "jan@example.org", "Jan de Vries", MemberRole.MEMBER)
    _, other = await board_member(db, party, "lid@example.org", "Lotte Lid", MemberRole.ALDERMAN)
    admin_user, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    await make_member(db, admin_user, party, MemberRole.MEMBER)
    jans, chairs, admins = [await member_of(db, user, party) for user in (jan, chair_user, admin_user)]

    assert await gql(REVOKE, {"member": mid(jans)}, token=other) == payload(
        "revokeMembership", None, FORBIDDEN_NL
    )
    assert await gql(REVOKE, {"member": mid(jans)}, token=token) == payload(
        "revokeMembership", None, FORBIDDEN_NL
    )
    assert await gql(REVOKE, {"member": mid(chairs)}, token=chair) == payload(
        "revokeMembership", None, FORBIDDEN_NL
    )
    assert await gql(REVOKE, {"member": mid(admins)}, token=admin) == payload(
        "revokeMembership", shown(mid(admins), "MEMBER", "REVOKED", "Ada Admin")
    )
    assert (await member_of(db, jan, party)).status is MemberStatus.VERIFIED
    assert (await member_of(db, chair_user, party)).status is MemberStatus.VERIFIED


# --- what deciders see -------------------------------------------------------------


async def test_deciders_see_a_pending_membership_by_node(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    _, treasurer = await board_member(db, party, "penning@example.org", "Piet Penning", MemberRole.TREASURER)
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await gql(REQUEST, {"party": pid(party), "role": "MEMBER"}, token=token)
    query = "query ($id: ID!) { node(id: $id) { ... on Member { status user { displayName } } } }"
    variables = {"id": mid(await member_of(db, jan, party))}

    assert await gql(query, variables, token=secretary) == {
        "data": {"node": {"status": "PENDING", "user": {"displayName": "Jan de Vries"}}}
    }
    assert await gql(query, variables, token=treasurer) == {"data": {"node": None}}


async def test_pending_members_of_many_parties_load_in_batches(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    for number in range(12):
        party = await make_party(db, f"partij-{number:02}", f"Partij {number:02}", "GM0344")
        user = await make_user(db, f"lid{number}@example.org", f"Lid nummer {number}")
        await make_member(db, user, party, status=MemberStatus.PENDING)
    query = """
    query ($first: Int) {
      parties(first: $first) { edges { node { slug pendingMembers { totalCount edges { node { status user { displayName } party { slug } } } } } } }
    }
    """
    await gql(
        "{ viewer { roles } }", token=admin
    )  # the token's first use is recorded once; not counted below

    with count_statements(server.db) as small:
        two = await gql(query, {"first": 2}, token=admin)
    with count_statements(server.db) as large:
        twelve = await gql(query, {"first": 12}, token=admin)

    assert two["data"]["parties"]["edges"][1] == {
        "node": {
            "slug": "partij-01",
            "pendingMembers": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "status": "PENDING",
                            "user": {"displayName": "Lid nummer 1"},
                            "party": {"slug": "partij-01"},
                        }
                    }
                ],
            },
        }
    }
    assert len(twelve["data"]["parties"]["edges"]) == 12
    assert small.count == large.count
