"""Notifications over GraphQL: who is told what, in which language; unread counts, marking read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from graph.ids import encode_id
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import DISPLAY_TIMEZONE, Database
from kennispunt.events.models import Event
from kennispunt.notifications.models import Notification
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Party
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import make_member, make_party, make_token, make_user

# --- helpers -----------------------------------------------------------------------


def nid(notification: Notification) -> str:
    return encode_id("Notification", notification.id)


def mid(member: Member) -> str:
    return encode_id("Member", member.id)


def iso(moment: datetime) -> str:
    return moment.astimezone(DISPLAY_TIMEZONE).isoformat()


async def signed_in(
    db: Database, email: str, name: str, roles: tuple[StaffRole, ...] = ()
) -> tuple[User, str]:
    user = await make_user(db, email, name, roles)
    return user, await make_token(db, user)


async def board_member(
    db: Database, party: Party, email: str, name: str, role: MemberRole = MemberRole.CHAIR
) -> tuple[User, str]:
    user, token = await signed_in(db, email, name)
    await make_member(db, user, party, role)
    return user, token


async def notifications_of(db: Database, user: User) -> list[Notification]:
    async with db.session() as session:
        rows = await session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    return list(rows)


async def member_of(db: Database, user: User, party: Party) -> Member:
    async with db.session() as session:
        member = await session.scalar(
            select(Member).where(Member.user_id == user.id, Member.party_id == party.id)
        )
    assert member is not None
    return member


async def request_directly(
    db: Database, user: User, party: Party, role: MemberRole = MemberRole.MEMBER
) -> Member:
    async with db.transaction() as session:
        return await parties.request_membership(
            session, await accounts.load_viewer(session, user.id), party.id, role
        )


REQUEST = """
mutation Request($party: ID!, $role: MemberRole!) {
  requestMembership(input: {partyId: $party, role: $role}) { errors { code } }
}
"""

DECIDE = """
mutation Decide($member: ID!, $approve: Boolean!) {
  decideMembership(input: {memberId: $member, approve: $approve}) { errors { code } }
}
"""

REVOKE = "mutation Revoke($member: ID!) { revokeMembership(input: {memberId: $member}) { errors { code } } }"

INBOX = """
query Inbox($unreadOnly: Boolean) {
  viewer {
    unreadNotificationCount
    notifications(unreadOnly: $unreadOnly) {
      totalCount
      edges { node { id kind message readAt party { name } member { id status user { displayName } } } }
    }
  }
}
"""

MARK = """
mutation Mark($ids: [ID!], $all: Boolean) {
  markNotificationsRead(input: {ids: $ids, all: $all}) { unreadNotificationCount errors { field message code } }
}
"""


def inbox(*nodes: dict[str, Any], unread: int | None = None) -> dict[str, Any]:
    return {
        "data": {
            "viewer": {
                "unreadNotificationCount": len(nodes) if unread is None else unread,
                "notifications": {"totalCount": len(nodes), "edges": [{"node": node} for node in nodes]},
            }
        }
    }


def marked(count: int | None, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"markNotificationsRead": {"unreadNotificationCount": count, "errors": list(errors)}}}


# --- who is told what --------------------------------------------------------------


async def test_a_request_notifies_the_partys_chair_and_secretary(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    secretary_user, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    _, plain = await board_member(db, party, "lid@example.org", "Lotte Lid", MemberRole.MEMBER)
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")

    assert await gql(REQUEST, {"party": encode_id("Party", party.id), "role": "SECRETARY"}, token=token) == {
        "data": {"requestMembership": {"errors": []}}
    }

    member = await member_of(db, jan, party)
    for user, token_ in ((chair_user, chair), (secretary_user, secretary)):
        [notification] = await notifications_of(db, user)
        node = {
            "id": nid(notification),
            "kind": "MEMBERSHIP_REQUESTED",
            "message": "Jan de Vries wil lid worden van Lokaal Utrecht als secretaris.",
            "readAt": None,
            "party": {"name": "Lokaal Utrecht"},
            "member": {"id": mid(member), "status": "PENDING", "user": {"displayName": "Jan de Vries"}},
        }
        assert await gql(INBOX, token=token_) == inbox(node)
        english = {**node, "message": "Jan de Vries wants to join Lokaal Utrecht as secretary."}
        assert await gql(INBOX, token=token_, language="en") == inbox(english)
    for nobody in (plain, admin, token):
        assert await gql(INBOX, token=nobody) == inbox()


async def test_a_party_without_chair_or_secretary_has_its_requests_go_to_every_admin(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    other_party = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    _, treasurer = await board_member(db, party, "penning@example.org", "Piet Penning", MemberRole.TREASURER)
    _, other_chair = await board_member(db, other_party, "anders@example.org", "Anna Anders")
    _, helpdesk = await signed_in(db, "helpdesk@example.org", "Henk Helpdesk", (StaffRole.HELPDESK,))
    admins = [
        await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,)),
        await signed_in(db, "beheer@example.org", "Bea Beheer", (StaffRole.ADMIN, StaffRole.EDITOR)),
    ]
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")

    await gql(REQUEST, {"party": encode_id("Party", party.id), "role": "COUNCIL_MEMBER"}, token=token)

    member = await member_of(db, jan, party)
    for user, admin in admins:
        [notification] = await notifications_of(db, user)
        assert await gql(INBOX, token=admin, language="en") == inbox(
            {
                "id": nid(notification),
                "kind": "MEMBERSHIP_REQUESTED",
                "message": "Jan de Vries wants to join Lokaal Utrecht as council member.",
                "readAt": None,
                "party": {"name": "Lokaal Utrecht"},
                "member": {"id": mid(member), "status": "PENDING", "user": {"displayName": "Jan de Vries"}},
            }
        )
    for nobody in (treasurer, other_chair, helpdesk, token):
        assert await gql(INBOX, token=nobody) == inbox()


async def test_decisions_and_revocations_notify_the_member(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    member = await request_directly(db, jan, party, MemberRole.SECRETARY)

    await gql(DECIDE, {"member": mid(member), "approve": False}, token=chair)
    await request_directly(db, jan, party, MemberRole.CANDIDATE)
    await gql(DECIDE, {"member": mid(member), "approve": True}, token=chair)
    await gql(REVOKE, {"member": mid(member)}, token=chair)

    rejected, approved, revoked = await notifications_of(db, jan)

    def node(notification: Notification, kind: str, message: str, status: str) -> dict[str, Any]:
        return {
            "id": nid(notification),
            "kind": kind,
            "message": message,
            "readAt": None,
            "party": {"name": "Lokaal Utrecht"},
            "member": {"id": mid(member), "status": status, "user": {"displayName": "Jan de Vries"}},
        }

    assert await gql(INBOX, token=token) == inbox(
        node(revoked, "MEMBERSHIP_REVOKED", "Je lidmaatschap van Lokaal Utrecht is ingetrokken.", "REVOKED"),
        node(
            approved,
            "MEMBERSHIP_APPROVED",
            "Je lidmaatschap van Lokaal Utrecht als kandidaat is goedgekeurd.",
            "REVOKED",
        ),
        node(
            rejected,
            "MEMBERSHIP_REJECTED",
            "Je aanvraag om lid te worden van Lokaal Utrecht is afgewezen.",
            "REVOKED",
        ),
    )
    assert await gql(INBOX, token=token, language="en") == inbox(
        node(revoked, "MEMBERSHIP_REVOKED", "Your membership of Lokaal Utrecht has been revoked.", "REVOKED"),
        node(
            approved,
            "MEMBERSHIP_APPROVED",
            "Your membership of Lokaal Utrecht as candidate has been approved.",
            "REVOKED",
        ),
        node(
            rejected,
            "MEMBERSHIP_REJECTED",
            "Your request to join Lokaal Utrecht has been rejected.",
            "REVOKED",
        ),
    )
    # the chair was told about both requests, and nothing about their own decisions
    assert [n.kind.name for n in await notifications_of(db, chair_user)] == ["MEMBERSHIP_REQUESTED"] * 2


async def test_every_notification_has_an_outbox_event_for_its_recipient(db: Database) -> None:
    party = await make_party(db)
    chair, _ = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    secretary, _ = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    jan = await make_user(db, "jan@example.org", "Jan de Vries")

    await request_directly(db, jan, party)

    async with db.session() as session:
        events = list(await session.scalars(select(Event).order_by(Event.id)))
    notifications = [*await notifications_of(db, chair), *await notifications_of(db, secretary)]
    assert [(e.kind, e.subject_type, e.subject_id, e.payload) for e in events] == [
        ("notification.created", "user", n.user_id, {"notification_id": n.id}) for n in notifications
    ]


async def test_a_failed_request_leaves_no_notification(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, _ = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan, token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await request_directly(db, jan, party)

    assert await gql(REQUEST, {"party": encode_id("Party", party.id), "role": "MEMBER"}, token=token) == {
        "data": {"requestMembership": {"errors": [{"code": "CONFLICT"}]}}
    }
    assert len(await notifications_of(db, chair_user)) == 1


# --- reading and marking read ------------------------------------------------------


async def test_unread_count_and_marking_read(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    members = [
        await request_directly(db, await make_user(db, f"lid{number}@example.org", f"Lid {number}"), party)
        for number in range(3)
    ]
    first, second, third = await notifications_of(db, chair_user)
    count = "{ viewer { unreadNotificationCount } }"
    unread_ids = "query { viewer { notifications(unreadOnly: true) { totalCount edges { node { id } } } } }"

    assert await gql(count, token=chair) == {"data": {"viewer": {"unreadNotificationCount": 3}}}
    assert await gql(MARK, {"ids": [nid(second)]}, token=chair) == marked(2)
    [read] = [n for n in await notifications_of(db, chair_user) if n.read_at is not None]
    assert await gql(MARK, {"ids": [nid(second)]}, token=chair) == marked(2)  # already read: no change
    assert await gql(unread_ids, token=chair) == {
        "data": {
            "viewer": {
                "notifications": {
                    "totalCount": 2,
                    "edges": [{"node": {"id": nid(third)}}, {"node": {"id": nid(first)}}],
                }
            }
        }
    }
    assert read.id == second.id
    assert await gql(MARK, {"all": True}, token=chair) == marked(0)
    assert await gql(count, token=chair) == {"data": {"viewer": {"unreadNotificationCount": 0}}}
    read_at = {n.id: n.read_at for n in await notifications_of(db, chair_user)}
    assert read_at[second.id] == read.read_at  # marking all keeps the first reading time

    def node(notification: Notification, number: int) -> dict[str, Any]:
        moment = read_at[notification.id]
        assert moment is not None
        return {
            "id": nid(notification),
            "kind": "MEMBERSHIP_REQUESTED",
            "message": f"Lid {number} wil lid worden van Lokaal Utrecht als lid.",
            "readAt": iso(moment),
            "party": {"name": "Lokaal Utrecht"},
            "member": {
                "id": mid(members[number]),
                "status": "PENDING",
                "user": {"displayName": f"Lid {number}"},
            },
        }

    assert await gql(INBOX, {"unreadOnly": False}, token=chair) == inbox(
        node(third, 2), node(second, 1), node(first, 0), unread=0
    )
    assert await gql(INBOX, {"unreadOnly": True}, token=chair) == inbox(unread=0)


async def test_marking_read_refuses_what_is_not_yours_and_needs_something_to_mark(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    secretary_user, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    await request_directly(db, await make_user(db, "jan@example.org", "Jan de Vries"), party)
    [mine] = await notifications_of(db, chair_user)
    [theirs] = await notifications_of(db, secretary_user)

    assert await gql(MARK, {"ids": [nid(mine), nid(theirs)]}, token=chair) == marked(
        None, {"field": ["ids", "1"], "message": "Deze melding bestaat niet.", "code": "NOT_FOUND"}
    )
    assert await gql(MARK, {"ids": [encode_id("Member", 1)]}, token=chair, language="en") == marked(
        None, {"field": ["ids", "0"], "message": "This is not a valid ID.", "code": "BAD_USER_INPUT"}
    )
    assert await gql(MARK, {}, token=chair) == marked(
        None,
        {
            "field": ["ids"],
            "message": "Geef de ID's van de meldingen op, of kies 'all'.",
            "code": "BAD_USER_INPUT",
        },
    )
    assert await gql(MARK, {"all": True}) == marked(
        None, {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}
    )
    assert await gql(MARK, {"ids": []}, token=chair) == marked(1)
    # nothing was marked by the refused attempts
    assert [n.read_at for n in await notifications_of(db, chair_user)] == [None]
    assert await gql(MARK, {"all": True}, token=secretary) == marked(0)
    assert [n.read_at for n in await notifications_of(db, chair_user)] == [None]


async def test_a_notification_node_is_visible_to_its_recipient_only(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    _, secretary = await board_member(
        db, party, "secretaris@example.org", "Sam Secretaris", MemberRole.SECRETARY
    )
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", (StaffRole.ADMIN,))
    jan, jans_token = await signed_in(db, "jan@example.org", "Jan de Vries")
    await request_directly(db, jan, party, MemberRole.CANDIDATE)
    [notification] = await notifications_of(db, chair_user)
    query = "query ($id: ID!) { node(id: $id) { id ... on Notification { kind message } } }"
    variables = {"id": nid(notification)}

    assert await gql(query, variables, token=chair) == {
        "data": {
            "node": {
                "id": nid(notification),
                "kind": "MEMBERSHIP_REQUESTED",
                "message": "Jan de Vries wil lid worden van Lokaal Utrecht als kandidaat.",
            }
        }
    }
    for other in (secretary, admin, jans_token, None):
        assert await gql(query, variables, token=other) == {"data": {"node": None}}
    assert await gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [nid(notification)]}, token=admin
    ) == {"data": {"nodes": [None]}}


async def test_a_page_of_50_notifications_takes_as_many_statements_as_a_page_of_5(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    utrecht = await make_party(db)
    amsterdam = await make_party(db, "amsterdam-anders", "Amsterdam Anders", "GM0363")
    chair_user, chair = await board_member(db, utrecht, "voorzitter@example.org", "Karin Voorzitter")
    await make_member(db, chair_user, amsterdam, MemberRole.CHAIR)
    for number in range(50):
        user = await make_user(db, f"lid{number}@example.org", f"Lid nummer {number}")
        await request_directly(db, user, (utrecht, amsterdam)[number % 2])
    query = """
    query ($first: Int) {
      viewer { notifications(first: $first) { edges { node { message party { name } member { user { displayName } } } } } }
    }
    """
    await gql(
        "{ viewer { roles } }", token=chair
    )  # the token's first use is recorded once; not counted below

    with count_statements(server.db) as small:
        five = await gql(query, {"first": 5}, token=chair)
    with count_statements(server.db) as large:
        fifty = await gql(query, {"first": 50}, token=chair)

    assert five["data"]["viewer"]["notifications"]["edges"][:2] == [
        {
            "node": {
                "message": "Lid nummer 49 wil lid worden van Amsterdam Anders als lid.",
                "party": {"name": "Amsterdam Anders"},
                "member": {"user": {"displayName": "Lid nummer 49"}},
            }
        },
        {
            "node": {
                "message": "Lid nummer 48 wil lid worden van Lokaal Utrecht als lid.",
                "party": {"name": "Lokaal Utrecht"},
                "member": {"user": {"displayName": "Lid nummer 48"}},
            }
        },
    ]
    assert len(fifty["data"]["viewer"]["notifications"]["edges"]) == 50
    assert (
        fifty["data"]["viewer"]["notifications"]["edges"][:5]
        == five["data"]["viewer"]["notifications"]["edges"]
    )
    assert small.count == large.count


async def test_pending_and_verified_statuses_show_up_in_the_member_of_a_notification(
    db: Database, gql: GraphQLClient
) -> None:
    """The member in a notification is loaded as it is now, through the party policy."""
    party = await make_party(db)
    chair_user, chair = await board_member(db, party, "voorzitter@example.org", "Karin Voorzitter")
    jan = await make_user(db, "jan@example.org", "Jan de Vries")
    member = await request_directly(db, jan, party)
    await gql(DECIDE, {"member": mid(member), "approve": True}, token=chair)
    query = "{ viewer { notifications { edges { node { member { status } } } } } }"

    assert await gql(query, token=chair) == {
        "data": {"viewer": {"notifications": {"edges": [{"node": {"member": {"status": "VERIFIED"}}}]}}}
    }
    assert (await member_of(db, jan, party)).status is MemberStatus.VERIFIED
    assert len(await notifications_of(db, chair_user)) == 1
