"""Municipalities, parties, members and the viewer over GraphQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from graph.ids import encode_id
from graph.pagination import encode_cursor
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import Database
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Municipality, Party
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import make_member, make_party, make_token, make_user


async def municipality_id(db: Database, code: str) -> int:
    async with db.session() as session:
        found = await session.scalar(select(Municipality.id).where(Municipality.code == code))
    assert found is not None
    return found


def pid(party: Party) -> str:
    return encode_id("Party", party.id)


def mid(member: Member) -> str:
    return encode_id("Member", member.id)


def uid(user: User) -> str:
    return encode_id("User", user.id)


# --- municipalities -------------------------------------------------------------------


async def test_all_342_municipalities_by_name(gql: GraphQLClient) -> None:
    result = await gql(
        "{ municipalities(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { code name province } } } }"
    )

    assert result == {
        "data": {
            "municipalities": {
                "totalCount": 342,
                "pageInfo": {"hasNextPage": True, "endCursor": encode_cursor(2)},
                "edges": [
                    {"node": {"code": "GM0518", "name": "'s-Gravenhage", "province": "Zuid-Holland"}},
                    {"node": {"code": "GM0796", "name": "'s-Hertogenbosch", "province": "Noord-Brabant"}},
                    {"node": {"code": "GM1680", "name": "Aa en Hunze", "province": "Drenthe"}},
                ],
            }
        }
    }


async def test_the_last_page_of_municipalities(gql: GraphQLClient) -> None:
    result = await gql(
        "query ($after: String) { municipalities(first: 100, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor } } }",
        {"after": encode_cursor(299)},
    )

    connection = result["data"]["municipalities"]
    assert connection["totalCount"] == 342
    assert connection["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    assert [edge["cursor"] for edge in connection["edges"]] == [
        encode_cursor(offset) for offset in range(300, 342)
    ]


async def test_municipalities_are_found_by_part_of_the_name_or_by_cbs_code(
    db: Database, gql: GraphQLClient
) -> None:
    query = "query ($search: String) { municipalities(search: $search) { totalCount edges { node { id code name } } } }"
    amsterdam = {
        "id": encode_id("Municipality", await municipality_id(db, "GM0363")),
        "code": "GM0363",
        "name": "Amsterdam",
    }

    by_name = await gql(query, {"search": "Amster"})
    lower_case = await gql(query, {"search": "  amster "})
    by_code = await gql(query, {"search": "GM0363"})
    code_lower_case = await gql(query, {"search": "gm0363"})
    nothing = await gql(query, {"search": "Atlantis"})
    wildcard = await gql(query, {"search": "%"})

    expected = {"data": {"municipalities": {"totalCount": 1, "edges": [{"node": amsterdam}]}}}
    assert by_name == expected
    assert lower_case == expected
    assert by_code == expected
    assert code_lower_case == expected
    assert nothing == {"data": {"municipalities": {"totalCount": 0, "edges": []}}}
    assert wildcard == {"data": {"municipalities": {"totalCount": 0, "edges": []}}}


async def test_a_search_matching_several_municipalities(gql: GraphQLClient) -> None:
    result = await gql('{ municipalities(search: "hertogenbosch") { edges { node { name } } } }')
    several = await gql('{ municipalities(search: "Nuenen") { edges { node { name } } } }')

    assert result == {"data": {"municipalities": {"edges": [{"node": {"name": "'s-Hertogenbosch"}}]}}}
    assert several == {
        "data": {"municipalities": {"edges": [{"node": {"name": "Nuenen, Gerwen en Nederwetten"}}]}}
    }


# --- parties --------------------------------------------------------------------------


async def test_parties_in_a_municipality(db: Database, gql: GraphQLClient) -> None:
    utrecht_b = await make_party(db, "stadsbelang-utrecht", "Stadsbelang Utrecht", "GM0344", seats=3)
    utrecht_a = await make_party(db, "lokaal-utrecht", "Lokaal Utrecht", "GM0344")
    await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    query = """
    query ($code: String) {
      parties(municipalityCode: $code) {
        totalCount edges { node { id slug name seats municipality { code name } } }
      }
    }
    """

    result = await gql(query, {"code": "GM0344"})
    lower_case = await gql(query, {"code": "gm0344"})
    unknown = await gql(query, {"code": "GM9999"})

    utrecht = {"code": "GM0344", "name": "Utrecht"}
    expected = {
        "data": {
            "parties": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "id": pid(utrecht_a),
                            "slug": "lokaal-utrecht",
                            "name": "Lokaal Utrecht",
                            "seats": None,
                            "municipality": utrecht,
                        }
                    },
                    {
                        "node": {
                            "id": pid(utrecht_b),
                            "slug": "stadsbelang-utrecht",
                            "name": "Stadsbelang Utrecht",
                            "seats": 3,
                            "municipality": utrecht,
                        }
                    },
                ],
            }
        }
    }
    assert result == expected
    assert lower_case == expected
    assert unknown == {"data": {"parties": {"totalCount": 0, "edges": []}}}


async def test_parties_by_name_and_all_parties(db: Database, gql: GraphQLClient) -> None:
    await make_party(db, "stadsbelang-utrecht", "Stadsbelang Utrecht", "GM0344")
    await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    await make_party(db, "groningen-stadsbelang", "Stadsbelang Groningen", "GM0014")

    everything = await gql("{ parties { totalCount edges { node { slug } } } }")
    by_name = await gql('{ parties(search: "stadsBELANG") { totalCount edges { node { slug } } } }')
    both = await gql(
        '{ parties(search: "belang", municipalityCode: "GM0014") { totalCount edges { node { slug } } } }'
    )

    assert everything == {
        "data": {
            "parties": {
                "totalCount": 3,
                "edges": [
                    {"node": {"slug": "amsterdam-anders"}},
                    {"node": {"slug": "groningen-stadsbelang"}},
                    {"node": {"slug": "stadsbelang-utrecht"}},
                ],
            }
        }
    }
    assert by_name == {
        "data": {
            "parties": {
                "totalCount": 2,
                "edges": [
                    {"node": {"slug": "groningen-stadsbelang"}},
                    {"node": {"slug": "stadsbelang-utrecht"}},
                ],
            }
        }
    }
    assert both == {
        "data": {"parties": {"totalCount": 1, "edges": [{"node": {"slug": "groningen-stadsbelang"}}]}}
    }


async def test_party_by_slug_with_its_municipality(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(
        db,
        "lokaal-utrecht",
        "Lokaal Utrecht",
        "GM0344",
        seats=4,
        website="https://lokaal-utrecht.example",
        description="Voor en door Utrechters.",
        founded_on=date(2009, 5, 12),
    )
    utrecht_id = encode_id("Municipality", await municipality_id(db, "GM0344"))

    result = await gql(
        """{ party(slug: "lokaal-utrecht") {
              id slug name seats website description foundedOn
              municipality { id code name province }
           } }"""
    )
    unknown = await gql('{ party(slug: "bestaat-niet") { id } }')

    assert result == {
        "data": {
            "party": {
                "id": pid(party),
                "slug": "lokaal-utrecht",
                "name": "Lokaal Utrecht",
                "seats": 4,
                "website": "https://lokaal-utrecht.example",
                "description": "Voor en door Utrechters.",
                "foundedOn": "2009-05-12",
                "municipality": {
                    "id": utrecht_id,
                    "code": "GM0344",
                    "name": "Utrecht",
                    "province": "Utrecht",
                },
            }
        }
    }
    assert unknown == {"data": {"party": None}}


async def test_parties_and_municipalities_by_node(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    utrecht_id = encode_id("Municipality", await municipality_id(db, "GM0344"))

    result = await gql(
        """query ($ids: [ID!]!) { nodes(ids: $ids) {
             __typename id
             ... on Party { slug }
             ... on Municipality { code parties { edges { node { slug } } } }
           } }""",
        {"ids": [pid(party), utrecht_id]},
    )

    assert result == {
        "data": {
            "nodes": [
                {"__typename": "Party", "id": pid(party), "slug": "lokaal-utrecht"},
                {
                    "__typename": "Municipality",
                    "id": utrecht_id,
                    "code": "GM0344",
                    "parties": {"edges": [{"node": {"slug": "lokaal-utrecht"}}]},
                },
            ]
        }
    }


async def test_parties_of_many_municipalities_load_in_batches(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    for code, town in (("GM1680", "aa-en-hunze"), ("GM0518", "den-haag"), ("GM0796", "den-bosch")):
        for number in range(3):
            await make_party(db, f"{town}-{number}", f"Partij {number} {town}", code)
    query = """
    query ($first: Int) {
      municipalities(first: $first) {
        edges { node { code parties(first: 2) { totalCount pageInfo { hasNextPage } edges { node { slug municipality { code } } } } } }
      }
    }
    """

    with count_statements(server.db) as small:
        five = await gql(query, {"first": 5})
    with count_statements(server.db) as large:
        fifty = await gql(query, {"first": 50})

    def town(code: str, slug: str) -> dict[str, Any]:
        return {
            "code": code,
            "parties": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": True},
                "edges": [
                    {"node": {"slug": f"{slug}-0", "municipality": {"code": code}}},
                    {"node": {"slug": f"{slug}-1", "municipality": {"code": code}}},
                ],
            },
        }

    empty = {"totalCount": 0, "pageInfo": {"hasNextPage": False}, "edges": []}
    assert five["data"]["municipalities"]["edges"][:4] == [
        {"node": town("GM0518", "den-haag")},
        {"node": town("GM0796", "den-bosch")},
        {"node": town("GM1680", "aa-en-hunze")},
        {"node": {"code": "GM0358", "parties": empty}},
    ]
    assert len(fifty["data"]["municipalities"]["edges"]) == 50
    assert fifty["data"]["municipalities"]["edges"][:5] == five["data"]["municipalities"]["edges"]
    assert small.count == large.count


async def test_pages_of_parties_count_their_total_only_when_asked(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    for number in range(3):
        await make_party(db, f"den-haag-{number}", f"Partij {number}", "GM0518")
    counted = """
    query ($first: Int) {
      municipalities(first: $first, search: "GM0518") {
        totalCount edges { node { parties(first: 2) { totalCount pageInfo { hasNextPage } edges { node { slug } } } } }
      }
    }
    """
    uncounted = counted.replace("totalCount ", "")
    through_a_fragment = """
    query ($first: Int) {
      municipalities(first: $first, search: "GM0518") {
        edges { node { parties(first: 2) { ...Counted pageInfo { hasNextPage } edges { node { slug } } } } }
      }
    }
    fragment Counted on PartyConnection { totalCount }
    """

    with count_statements(server.db) as with_totals:
        answered = await gql(counted, {"first": 5})
    with count_statements(server.db) as small:
        five = await gql(uncounted, {"first": 5})
    with count_statements(server.db) as large:
        fifty = await gql(uncounted, {"first": 50})
    # parties(first: 2) of the three: the page is as long with fifty municipalities asked as with five
    assert len(fifty["data"]["municipalities"]["edges"][0]["node"]["parties"]["edges"]) == 2
    by_fragment = await gql(through_a_fragment, {"first": 5})

    page = {
        "pageInfo": {"hasNextPage": True},
        "edges": [{"node": {"slug": "den-haag-0"}}, {"node": {"slug": "den-haag-1"}}],
    }
    assert answered == {
        "data": {
            "municipalities": {"totalCount": 1, "edges": [{"node": {"parties": {"totalCount": 3, **page}}}]}
        }
    }
    assert five == {"data": {"municipalities": {"edges": [{"node": {"parties": page}}]}}}
    assert by_fragment == {
        "data": {"municipalities": {"edges": [{"node": {"parties": {**page, "totalCount": 3}}}]}}
    }
    assert small.count == large.count
    assert small.count == with_totals.count - 2  # neither the municipalities nor the parties counted


# --- members --------------------------------------------------------------------------

MEMBERS = """
query {
  party(slug: "lokaal-utrecht") {
    members { totalCount edges { node { id role status user { displayName } party { slug } } } }
  }
}
"""


async def test_members_are_visible_to_verified_members_of_the_party_and_to_staff(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    other_party = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    chair = await make_user(db, "voorzitter@example.org", "Karin Voorzitter")
    member = await make_user(db, "lid@example.org", "Sanne de Boer")
    pending = await make_user(db, "nieuw@example.org", "Noah Nieuw")
    revoked = await make_user(db, "oud@example.org", "Olaf Oud")
    outsider = await make_user(db, "buur@example.org", "Bart Buur")
    helpdesk = await make_user(db, "helpdesk@example.org", "Henk Helpdesk", roles=(StaffRole.HELPDESK,))
    chair_membership = await make_member(db, chair, party, MemberRole.CHAIR)
    member_membership = await make_member(db, member, party)
    await make_member(db, pending, party, status=MemberStatus.PENDING)
    await make_member(db, revoked, party, status=MemberStatus.REVOKED)
    await make_member(db, outsider, other_party, MemberRole.COUNCIL_MEMBER)

    visible = {
        "data": {
            "party": {
                "members": {
                    "totalCount": 2,
                    "edges": [
                        {
                            "node": {
                                "id": mid(chair_membership),
                                "role": "CHAIR",
                                "status": "VERIFIED",
                                "user": {"displayName": "Karin Voorzitter"},
                                "party": {"slug": "lokaal-utrecht"},
                            }
                        },
                        {
                            "node": {
                                "id": mid(member_membership),
                                "role": "MEMBER",
                                "status": "VERIFIED",
                                "user": {"displayName": "Sanne de Boer"},
                                "party": {"slug": "lokaal-utrecht"},
                            }
                        },
                    ],
                }
            }
        }
    }
    hidden = {"data": {"party": {"members": {"totalCount": 0, "edges": []}}}}

    assert await gql(MEMBERS, token=await make_token(db, member)) == visible
    assert await gql(MEMBERS, token=await make_token(db, helpdesk)) == visible
    assert await gql(MEMBERS) == hidden
    assert await gql(MEMBERS, token=await make_token(db, pending)) == hidden
    assert await gql(MEMBERS, token=await make_token(db, revoked)) == hidden
    assert await gql(MEMBERS, token=await make_token(db, outsider)) == hidden


async def test_members_page(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    users = [await make_user(db, f"lid{number}@example.org", f"Lid nummer {number}") for number in range(3)]
    memberships = [await make_member(db, user, party) for user in users]
    token = await make_token(db, users[0])

    result = await gql(
        """query ($after: String) { party(slug: "lokaal-utrecht") { members(first: 2, after: $after) {
             totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { id } } } } }""",
        {"after": encode_cursor(0)},
        token=token,
    )

    assert result == {
        "data": {
            "party": {
                "members": {
                    "totalCount": 3,
                    "pageInfo": {"hasNextPage": False, "hasPreviousPage": True},
                    "edges": [
                        {"cursor": encode_cursor(1), "node": {"id": mid(memberships[1])}},
                        {"cursor": encode_cursor(2), "node": {"id": mid(memberships[2])}},
                    ],
                }
            }
        }
    }


async def test_member_lists_of_many_parties_load_in_batches(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    admin = await make_user(db, "admin@example.org", "Ada Admin", roles=(StaffRole.ADMIN,))
    token = await make_token(db, admin)
    for number in range(12):
        party = await make_party(db, f"partij-{number:02}", f"Partij {number:02}", "GM0344")
        user = await make_user(db, f"lid{number}@example.org", f"Lid nummer {number}")
        await make_member(db, user, party)
    query = """
    query ($first: Int) {
      parties(first: $first) { edges { node { slug members { totalCount edges { node { user { displayName } party { slug } } } } } } }
    }
    """

    await gql(
        "{ viewer { roles } }", token=token
    )  # the token's first use is recorded once; not counted below
    with count_statements(server.db) as small:
        two = await gql(query, {"first": 2}, token=token)
    with count_statements(server.db) as large:
        twelve = await gql(query, {"first": 12}, token=token)

    assert two["data"]["parties"]["edges"][0] == {
        "node": {
            "slug": "partij-00",
            "members": {
                "totalCount": 1,
                "edges": [
                    {"node": {"user": {"displayName": "Lid nummer 0"}, "party": {"slug": "partij-00"}}}
                ],
            },
        }
    }
    assert len(twelve["data"]["parties"]["edges"]) == 12
    assert small.count == large.count


# --- viewer ---------------------------------------------------------------------------

VIEWER = "{ viewer { user { id displayName } email memberships { id role status party { slug } } roles } }"


async def test_viewer_with_memberships_and_roles(db: Database, gql: GraphQLClient) -> None:
    utrecht = await make_party(db)
    amsterdam = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    user = await make_user(
        db, "Sanne@Example.org", "Sanne de Boer", roles=(StaffRole.MODERATOR, StaffRole.EDITOR)
    )
    verified = await make_member(db, user, utrecht, MemberRole.TREASURER)
    pending = await make_member(db, user, amsterdam, MemberRole.CANDIDATE, MemberStatus.PENDING)

    result = await gql(VIEWER, token=await make_token(db, user))

    assert result == {
        "data": {
            "viewer": {
                "user": {"id": uid(user), "displayName": "Sanne de Boer"},
                "email": "sanne@example.org",
                "memberships": [
                    {
                        "id": mid(verified),
                        "role": "TREASURER",
                        "status": "VERIFIED",
                        "party": {"slug": "lokaal-utrecht"},
                    },
                    {
                        "id": mid(pending),
                        "role": "CANDIDATE",
                        "status": "PENDING",
                        "party": {"slug": "amsterdam-anders"},
                    },
                ],
                "roles": ["EDITOR", "MODERATOR"],
            }
        }
    }


async def test_a_viewer_without_memberships_or_roles(db: Database, gql: GraphQLClient) -> None:
    user = await make_user(db)

    result = await gql(VIEWER, token=await make_token(db, user))

    assert result == {
        "data": {
            "viewer": {
                "user": {"id": uid(user), "displayName": "Sanne de Boer"},
                "email": "lid@example.org",
                "memberships": [],
                "roles": [],
            }
        }
    }


async def test_anonymous_viewer_is_null(gql: GraphQLClient) -> None:
    assert await gql(VIEWER) == {"data": {"viewer": None}}


# --- node for members and users -------------------------------------------------------

MEMBER_NODE = "query ($id: ID!) { node(id: $id) { id ... on Member { role status user { displayName } party { slug } } } }"
USER_NODE = "query ($id: ID!) { node(id: $id) { id ... on User { displayName } } }"


async def test_a_membership_by_node(db: Database, gql: GraphQLClient) -> None:
    utrecht = await make_party(db)
    amsterdam = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    me = await make_user(db, "ik@example.org", "Ilse Ik")
    fellow = await make_user(db, "collega@example.org", "Chris Collega")
    newcomer = await make_user(db, "nieuw@example.org", "Noah Nieuw")
    stranger = await make_user(db, "vreemd@example.org", "Vera Vreemd")
    staff = await make_user(db, "mod@example.org", "Mo Moderator", roles=(StaffRole.MODERATOR,))
    mine = await make_member(
        db, me, utrecht, MemberRole.TREASURER
    )  # not a decider: pending requests stay hidden
    fellows = await make_member(db, fellow, utrecht, MemberRole.ALDERMAN)
    pending = await make_member(db, newcomer, utrecht, status=MemberStatus.PENDING)
    elsewhere = await make_member(db, stranger, amsterdam)
    my_token = await make_token(db, me)

    def shown(member: Member, role: str, status: str, name: str, slug: str) -> dict[str, Any]:
        return {
            "data": {
                "node": {
                    "id": mid(member),
                    "role": role,
                    "status": status,
                    "user": {"displayName": name},
                    "party": {"slug": slug},
                }
            }
        }

    nothing = {"data": {"node": None}}
    assert await gql(MEMBER_NODE, {"id": mid(mine)}, token=my_token) == shown(
        mine, "TREASURER", "VERIFIED", "Ilse Ik", "lokaal-utrecht"
    )
    assert await gql(MEMBER_NODE, {"id": mid(fellows)}, token=my_token) == shown(
        fellows, "ALDERMAN", "VERIFIED", "Chris Collega", "lokaal-utrecht"
    )
    assert await gql(MEMBER_NODE, {"id": mid(pending)}, token=my_token) == nothing
    assert await gql(MEMBER_NODE, {"id": mid(elsewhere)}, token=my_token) == nothing
    assert await gql(MEMBER_NODE, {"id": mid(mine)}) == nothing
    newcomer_token = await make_token(db, newcomer)
    assert await gql(MEMBER_NODE, {"id": mid(pending)}, token=newcomer_token) == shown(
        pending, "MEMBER", "PENDING", "Noah Nieuw", "lokaal-utrecht"
    )
    assert await gql(MEMBER_NODE, {"id": mid(mine)}, token=newcomer_token) == nothing
    assert await gql(MEMBER_NODE, {"id": mid(elsewhere)}, token=await make_token(db, staff)) == shown(
        elsewhere, "MEMBER", "VERIFIED", "Vera Vreemd", "amsterdam-anders"
    )


async def test_a_user_by_node_is_visible_to_themselves_and_staff(db: Database, gql: GraphQLClient) -> None:
    me = await make_user(db, "ik@example.org", "Ilse Ik")
    other = await make_user(db, "ander@example.org", "Anne Ander")
    staff = await make_user(db, "helpdesk@example.org", "Henk Helpdesk", roles=(StaffRole.HELPDESK,))
    my_token = await make_token(db, me)

    assert await gql(USER_NODE, {"id": uid(me)}, token=my_token) == {
        "data": {"node": {"id": uid(me), "displayName": "Ilse Ik"}}
    }
    assert await gql(USER_NODE, {"id": uid(other)}, token=my_token) == {"data": {"node": None}}
    assert await gql(USER_NODE, {"id": uid(me)}) == {"data": {"node": None}}
    assert await gql(USER_NODE, {"id": uid(other)}, token=await make_token(db, staff)) == {
        "data": {"node": {"id": uid(other), "displayName": "Anne Ander"}}
    }
    assert await gql(
        USER_NODE, {"id": encode_id("User", other.id + 1000)}, token=await make_token(db, staff)
    ) == {"data": {"node": None}}
