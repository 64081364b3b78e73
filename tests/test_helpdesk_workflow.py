"""The helpdesk's workflow over GraphQL: status transitions, assignment, follow-ups on
closed tickets, automatic closing, first-response targets, staff views, phone calls,
ratings, attached articles and draft articles without personal data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.service import get_user_by_email, load_viewer
from kennispunt.content.models import Article
from kennispunt.db import Database, utcnow
from kennispunt.demo import loader
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage, TicketPriority, TicketStatus
from kennispunt.parties.models import MemberRole
from tests.conftest import GraphQLClient, run_cli
from tests.factories import (
    make_article,
    make_internal_note,
    make_party,
    make_ticket,
    make_ticket_reply,
    make_token,
    make_topic,
)
from tests.test_helpdesk import gid, iso, signed_in, stored, ticket_events, year

STATUS = """
mutation ($id: ID!, $status: TicketStatus!) {
  setTicketStatus(input: {ticketId: $id, status: $status}) { ticket { status resolvedAt closedAt } errors { field message code } }
}
"""

ASSIGN = """
mutation ($id: ID!, $assignee: ID) {
  assignTicket(input: {ticketId: $id, assigneeId: $assignee}) { ticket { status assignee { displayName } } errors { field message code } }
}
"""

REPLY = """
mutation ($id: ID!, $body: String!, $articles: [ID!]) {
  replyToTicket(input: {ticketId: $id, body: $body, articleIds: $articles}) {
    message { body articles { title } ticket { number status followUpOf { number status } } }
    errors { field message code }
  }
}
"""

STATE = "query ($id: ID!) { node(id: $id) { ... on Ticket { status resolvedAt closedAt } } }"


async def as_viewer(db: Database, user: User, work: Any) -> Any:
    async with db.transaction() as session:
        return await work(session, await load_viewer(session, user.id))


async def staff_member(
    db: Database, email: str = "bram@example.org", name: str = "Bram Kuipers"
) -> tuple[User, str]:
    return await signed_in(db, email, name, staff=StaffRole.HELPDESK)


async def requester(db: Database) -> tuple[User, str]:
    return await signed_in(db, "sanne@example.org", "Sanne de Boer")


def payload(name: str, value_name: str, value: Any, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {name: {value_name: value, "errors": list(errors)}}}


def error(field: list[str] | None, message: str, code: str) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


async def backdate(db: Database, ticket: Ticket, **values: Any) -> None:
    async with db.transaction() as session:
        await session.execute(update(Ticket).where(Ticket.id == ticket.id).values(**values))


# --- the status workflow -------------------------------------------------------------------


async def test_the_workflow_from_new_to_resolved_and_back(db: Database, gql: GraphQLClient) -> None:
    sanne, sanne_token = await requester(db)
    _, bram = await staff_member(db)
    ticket = await make_ticket(db, sanne)
    tid = gid(ticket)

    assert await gql(STATUS, {"id": tid, "status": "PENDING"}, token=bram) == payload(
        "setTicketStatus", "ticket", {"status": "PENDING", "resolvedAt": None, "closedAt": None}
    )
    await gql(REPLY, {"id": tid, "body": "Hier is de informatie."}, token=sanne_token)
    assert (await gql(STATE, {"id": tid}, token=bram))["data"]["node"][
        "status"
    ] == "OPEN"  # the requester reopens

    resolved = await gql(STATUS, {"id": tid, "status": "RESOLVED"}, token=bram)
    row = await stored(db, Ticket, ticket.id)
    assert resolved == payload(
        "setTicketStatus",
        "ticket",
        {"status": "RESOLVED", "resolvedAt": iso(row.resolved_at), "closedAt": None},
    )
    await gql(REPLY, {"id": tid, "body": "Toch nog een vraag."}, token=sanne_token)
    assert (await gql(STATE, {"id": tid}, token=bram))["data"]["node"] == {
        "status": "OPEN",
        "resolvedAt": None,
        "closedAt": None,
    }
    assert await gql(STATUS, {"id": tid, "status": "NEW"}, token=bram) == payload(
        "setTicketStatus",
        "ticket",
        None,
        error(["status"], "Een ticket kan niet terug naar de status nieuw.", "BAD_USER_INPUT"),
    )
    assert await gql(STATUS, {"id": tid, "status": "OPEN"}, token=sanne_token) == payload(
        "setTicketStatus",
        "ticket",
        None,
        error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN"),
    )
    assert [
        kind_and_payload
        for kind_and_payload in await ticket_events(db, ticket)
        if kind_and_payload[0] != "message_added"
    ] == [
        ("ticket_opened", {"message_id": (await first_message(db, ticket)).id}),
        ("status_changed", {"from": "NEW", "to": "PENDING"}),
        ("status_changed", {"from": "PENDING", "to": "OPEN"}),
        ("status_changed", {"from": "OPEN", "to": "RESOLVED"}),
        ("status_changed", {"from": "RESOLVED", "to": "OPEN"}),
    ]


async def first_message(db: Database, ticket: Ticket) -> TicketMessage:
    async with db.session() as session:
        message = await session.scalar(
            select(TicketMessage).where(TicketMessage.ticket_id == ticket.id).order_by(TicketMessage.id)
        )
    assert message is not None
    return message


async def test_taking_a_ticket_opens_it_and_tells_the_assignee(db: Database, gql: GraphQLClient) -> None:
    sanne, _ = await requester(db)
    bram, bram_token = await staff_member(db)
    joost, joost_token = await staff_member(db, "joost@example.org", "Joost Jansen")
    admin, _ = await signed_in(db, "admin@example.org", "Ada Admin", staff=StaffRole.ADMIN)
    editor, _ = await signed_in(db, "editor@example.org", "Eline Editor", staff=StaffRole.EDITOR)
    ticket = await make_ticket(db, sanne, "Subsidie aanvragen")
    tid = gid(ticket)

    assert await gql(ASSIGN, {"id": tid, "assignee": gid_user(bram)}, token=bram_token) == payload(
        "assignTicket", "ticket", {"status": "OPEN", "assignee": {"displayName": "Bram Kuipers"}}
    )
    assert await gql(ASSIGN, {"id": tid, "assignee": gid_user(joost)}, token=bram_token) == payload(
        "assignTicket", "ticket", {"status": "OPEN", "assignee": {"displayName": "Joost Jansen"}}
    )
    assert await gql(ASSIGN, {"id": tid, "assignee": gid_user(admin)}, token=bram_token) == payload(
        "assignTicket", "ticket", {"status": "OPEN", "assignee": {"displayName": "Ada Admin"}}
    )
    assert await gql(ASSIGN, {"id": tid, "assignee": gid_user(editor)}, token=bram_token) == payload(
        "assignTicket",
        "ticket",
        None,
        error(
            ["assigneeId"],
            "Een ticket kan alleen worden toegewezen aan een medewerker van de helpdesk.",
            "BAD_USER_INPUT",
        ),
    )
    assert await gql(
        ASSIGN, {"id": tid, "assignee": gid_user(sanne)}, token=bram_token, language="en"
    ) == payload(
        "assignTicket",
        "ticket",
        None,
        error(
            ["assigneeId"],
            "A ticket can only be assigned to a member of the helpdesk staff.",
            "BAD_USER_INPUT",
        ),
    )
    assert await gql(ASSIGN, {"id": tid, "assignee": None}, token=joost_token) == payload(
        "assignTicket", "ticket", {"status": "OPEN", "assignee": None}
    )
    assert [event for event in await ticket_events(db, ticket) if event[0] != "ticket_opened"] == [
        ("assigned", {"assignee_id": bram.id}),
        ("status_changed", {"from": "NEW", "to": "OPEN"}),
        ("assigned", {"assignee_id": joost.id}),
        ("assigned", {"assignee_id": admin.id}),
        ("assigned", {"assignee_id": None}),
    ]
    notifications = "{ viewer { notifications { edges { node { kind message ticket { subject } } } } } }"
    assert await gql(notifications, token=joost_token) == {
        "data": {
            "viewer": {
                "notifications": {
                    "edges": [
                        {
                            "node": {
                                "kind": "TICKET_ASSIGNED",
                                "message": f"Ticket {ticket.number} “Subsidie aanvragen” is aan jou toegewezen.",
                                "ticket": {"subject": "Subsidie aanvragen"},
                            }
                        }
                    ]
                }
            }
        }
    }
    # whoever takes a ticket themselves is not told about it
    assert await gql("{ viewer { unreadNotificationCount } }", token=bram_token) == {
        "data": {"viewer": {"unreadNotificationCount": 0}}
    }


def gid_user(user: User) -> str:
    return encode_id("User", user.id)


# --- follow-ups and closing ------------------------------------------------------------


async def test_a_reply_to_a_closed_ticket_opens_a_follow_up(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    sanne, sanne_token = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _, chair = await signed_in(db, "voorzitter@example.org", "Vera V", party=party, role=MemberRole.CHAIR)
    _, bram = await staff_member(db)
    ticket = await make_ticket(db, sanne, "Ledenlijst", party=party, priority=TicketPriority.HIGH)
    await gql(STATUS, {"id": gid(ticket), "status": "CLOSED"}, token=bram)

    result = await gql(REPLY, {"id": gid(ticket), "body": "Het probleem is terug."}, token=sanne_token)

    assert result == payload(
        "replyToTicket",
        "message",
        {
            "body": "Het probleem is terug.",
            "articles": [],
            "ticket": {
                "number": f"KP-{year()}-00002",
                "status": "NEW",
                "followUpOf": {"number": ticket.number, "status": "CLOSED"},
            },
        },
    )
    async with db.session() as session:
        follow_up = await session.scalar(select(Ticket).where(Ticket.follow_up_of_id == ticket.id))
    assert follow_up is not None
    assert (follow_up.subject, follow_up.priority, follow_up.party_id, follow_up.requester_id) == (
        "Ledenlijst",
        TicketPriority.HIGH,
        party.id,
        sanne.id,
    )
    assert await ticket_events(db, follow_up) == [
        (
            "ticket_opened",
            {"message_id": (await first_message(db, follow_up)).id, "follow_up_of_id": ticket.id},
        )
    ]
    assert await gql("{ tickets { edges { node { number messages { totalCount } } } } }", token=chair) == {
        "data": {
            "tickets": {
                "edges": [
                    {"node": {"number": follow_up.number, "messages": {"totalCount": 1}}},
                    {"node": {"number": ticket.number, "messages": {"totalCount": 1}}},
                ]
            }
        }
    }
    assert await gql(STATUS, {"id": gid(ticket), "status": "OPEN"}, token=bram) == payload(
        "setTicketStatus",
        "ticket",
        None,
        error(
            ["ticketId"], "Dit ticket is gesloten. Reageer erop om een vervolgvraag te openen.", "CONFLICT"
        ),
    )


async def test_resolved_tickets_close_after_the_configured_time(db: Database, gql: GraphQLClient) -> None:
    sanne, sanne_token = await requester(db)
    _, bram_token = await staff_member(db)
    early = await make_ticket(db, sanne, "Vroeg opgelost")
    late = await make_ticket(db, sanne, "Laat opgelost")
    open_one = await make_ticket(db, sanne, "Nog open")
    for ticket in (early, late):
        await gql(STATUS, {"id": gid(ticket), "status": "RESOLVED"}, token=bram_token)
    now = utcnow()
    await backdate(db, early, resolved_at=now - timedelta(hours=72, minutes=1))
    await backdate(db, late, resolved_at=now - timedelta(hours=71))
    resolved_at = (await stored(db, Ticket, early.id)).resolved_at

    # reads show it closed before anyone wrote it down
    listing = "{ tickets(status: [CLOSED]) { edges { node { number status closedAt } } } }"
    expected_closed = {
        "data": {
            "tickets": {
                "edges": [
                    {
                        "node": {
                            "number": early.number,
                            "status": "CLOSED",
                            "closedAt": iso(resolved_at + timedelta(hours=72)),
                        }
                    }
                ]
            }
        }
    }
    assert await gql(listing, token=sanne_token) == expected_closed
    assert await gql("{ tickets(status: [RESOLVED]) { edges { node { number } } } }", token=bram_token) == {
        "data": {"tickets": {"edges": [{"node": {"number": late.number}}]}}
    }

    async with db.transaction() as session:
        assert await helpdesk.close_resolved_tickets(session, now) == 1
    async with db.transaction() as session:
        assert await helpdesk.close_resolved_tickets(session, now + timedelta(hours=1)) == 1
    async with db.transaction() as session:
        assert await helpdesk.close_resolved_tickets(session, now + timedelta(hours=1)) == 0

    assert await gql(listing.replace("[CLOSED]", "[CLOSED], orderBy: OLDEST"), token=sanne_token) == {
        "data": {
            "tickets": {
                "edges": [
                    expected_closed["data"]["tickets"]["edges"][0],
                    {
                        "node": {
                            "number": late.number,
                            "status": "CLOSED",
                            "closedAt": iso(
                                (await stored(db, Ticket, late.id)).resolved_at + timedelta(hours=72)
                            ),
                        }
                    },
                ]
            }
        }
    }
    assert (await ticket_events(db, early))[-1] == ("status_changed", {"from": "RESOLVED", "to": "CLOSED"})
    assert (await stored(db, Ticket, open_one.id)).status is TicketStatus.NEW


async def test_a_reply_after_the_closing_time_closes_the_ticket_and_opens_a_follow_up(
    db: Database, gql: GraphQLClient
) -> None:
    sanne, sanne_token = await requester(db)
    _, bram_token = await staff_member(db)
    ticket = await make_ticket(db, sanne)
    await gql(STATUS, {"id": gid(ticket), "status": "RESOLVED"}, token=bram_token)
    await backdate(db, ticket, resolved_at=utcnow() - timedelta(days=4))

    result = await gql(REPLY, {"id": gid(ticket), "body": "Nog iets."}, token=sanne_token)

    assert result["data"]["replyToTicket"]["message"]["ticket"]["followUpOf"] == {
        "number": ticket.number,
        "status": "CLOSED",
    }
    row = await stored(db, Ticket, ticket.id)
    assert row.status is TicketStatus.CLOSED
    assert row.closed_at == row.resolved_at + timedelta(hours=72)
    assert (await ticket_events(db, ticket))[-1] == ("status_changed", {"from": "RESOLVED", "to": "CLOSED"})


async def test_an_operator_closes_resolved_tickets_from_cron(
    db: Database, gql: GraphQLClient, cli_env: Any
) -> None:
    sanne, _ = await requester(db)
    _, bram_token = await staff_member(db)
    ticket = await make_ticket(db, sanne)
    await gql(STATUS, {"id": gid(ticket), "status": "RESOLVED"}, token=bram_token)
    await backdate(db, ticket, resolved_at=utcnow() - timedelta(hours=2))
    result = await run_cli(
        {**cli_env, "KENNISPUNT_HELPDESK_CLOSE_AFTER_HOURS": "1"}, "helpdesk", "close-resolved"
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == "1 resolved ticket closed\n"
    assert (await stored(db, Ticket, ticket.id)).status is TicketStatus.CLOSED


# --- first-response targets --------------------------------------------------------------


async def test_an_unanswered_ticket_past_its_target_is_overdue_until_staff_answer(
    db: Database, gql: GraphQLClient
) -> None:
    sanne, _ = await requester(db)
    bram, bram_token = await staff_member(db)
    urgent = await make_ticket(db, sanne, "Spoed", priority=TicketPriority.URGENT)
    calm = await make_ticket(db, sanne, "Geen haast", priority=TicketPriority.LOW)
    created = (await stored(db, Ticket, urgent.id)).created_at
    assert (await stored(db, Ticket, urgent.id)).first_response_due_at == created + timedelta(hours=2)
    await backdate(
        db,
        urgent,
        created_at=created - timedelta(hours=3),
        first_response_due_at=created - timedelta(hours=1),
    )
    query = "query ($o: Boolean) { tickets(overdue: $o) { edges { node { subject isOverdue } } } }"

    assert await gql(query, {"o": True}, token=bram_token) == {
        "data": {"tickets": {"edges": [{"node": {"subject": "Spoed", "isOverdue": True}}]}}
    }
    assert await gql(query, {"o": False}, token=bram_token) == {
        "data": {"tickets": {"edges": [{"node": {"subject": "Geen haast", "isOverdue": False}}]}}
    }
    await make_internal_note(db, bram, urgent)  # a note is no answer
    assert (await gql(query, {"o": True}, token=bram_token))["data"]["tickets"]["edges"] == [
        {"node": {"subject": "Spoed", "isOverdue": True}}
    ]
    await make_ticket_reply(db, bram, urgent, "We bellen je vandaag.")
    assert await gql(query, {"o": True}, token=bram_token) == {"data": {"tickets": {"edges": []}}}

    priority = """
    mutation ($id: ID!) { setTicketPriority(input: {ticketId: $id, priority: HIGH}) {
      ticket { priority firstResponseDueAt } errors { code } } }
    """
    calm_created = (await stored(db, Ticket, calm.id)).created_at
    assert await gql(priority, {"id": gid(calm)}, token=bram_token) == payload(
        "setTicketPriority",
        "ticket",
        {"priority": "HIGH", "firstResponseDueAt": iso(calm_created + timedelta(hours=8))},
    )


# --- staff views -------------------------------------------------------------------------


async def test_staff_filter_and_sort_the_queue(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    other = await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014")
    sanne, _ = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    piet, _ = await signed_in(db, "piet@example.org", "Piet Jansen", party=other)
    bram, bram_token = await staff_member(db)
    joost, _ = await staff_member(db, "joost@example.org", "Joost Jansen")
    low = await make_ticket(db, sanne, "Laag", priority=TicketPriority.LOW, party=party)
    await make_ticket(db, piet, "Spoed", priority=TicketPriority.URGENT, party=other)
    normal = await make_ticket(db, sanne, "Normaal")
    high = await make_ticket(db, piet, "Hoog", priority=TicketPriority.HIGH)
    await make_ticket(db, sanne, "Ook spoed", priority=TicketPriority.URGENT)
    await as_viewer(db, bram, lambda s, v: helpdesk.assign_ticket(s, v, low.id, joost.id))
    await as_viewer(db, bram, lambda s, v: helpdesk.assign_ticket(s, v, high.id, bram.id))
    await as_viewer(db, bram, lambda s, v: helpdesk.set_ticket_status(s, v, normal.id, TicketStatus.PENDING))

    async def subjects(arguments: str, variables: dict[str, Any] | None = None) -> list[str]:
        declared = ", ".join(f"${name}: ID" for name in sorted(variables or {}))
        header = f"query ({declared})" if declared else "query"
        result = await gql(
            f"{header} {{ tickets({arguments}) {{ edges {{ node {{ subject }} }} }} }}",
            variables or {},
            token=bram_token,
        )
        assert "errors" not in result, result
        return [edge["node"]["subject"] for edge in result["data"]["tickets"]["edges"]]

    assert await subjects("first: 10") == ["Ook spoed", "Hoog", "Normaal", "Spoed", "Laag"]
    assert await subjects("orderBy: OLDEST") == ["Laag", "Spoed", "Normaal", "Hoog", "Ook spoed"]
    assert await subjects("orderBy: PRIORITY") == ["Spoed", "Ook spoed", "Hoog", "Normaal", "Laag"]
    assert await subjects("status: [NEW], orderBy: PRIORITY") == ["Spoed", "Ook spoed"]
    assert await subjects("status: [OPEN, PENDING], orderBy: OLDEST") == ["Laag", "Normaal", "Hoog"]
    assert await subjects("assignee: $u", {"u": gid_user(joost)}) == ["Laag"]
    assert await subjects("unassigned: true, orderBy: OLDEST") == ["Spoed", "Normaal", "Ook spoed"]
    assert await subjects("unassigned: false, orderBy: OLDEST") == ["Laag", "Hoog"]
    assert await subjects("party: $p", {"p": encode_id("Party", other.id)}) == ["Spoed"]
    assert sorted(await subjects('search: "spoed"')) == ["Ook spoed", "Spoed"]
    assert await gql('{ tickets(assignee: "bm90LWFuLWlk") { totalCount } }', token=bram_token) == {
        "data": None,
        "errors": [
            {
                "message": "Dit is geen geldig ID.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["tickets"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


# --- phone calls -------------------------------------------------------------------------

PHONE = """
mutation ($requester: ID!, $subject: String, $body: String!, $ticket: ID) {
  logPhoneCall(input: {requesterId: $requester, subject: $subject, body: $body, ticketId: $ticket}) {
    message { body channel author { displayName } loggedBy { displayName } ticket { number channel status requester { displayName } } }
    errors { field message code }
  }
}
"""


async def test_staff_log_phone_calls_as_tickets_or_messages(db: Database, gql: GraphQLClient) -> None:
    sanne, sanne_token = await requester(db)
    piet, _ = await signed_in(db, "piet@example.org", "Piet Jansen")
    _, bram = await staff_member(db)
    xander, _ = await staff_member(db, "xander@example.org", "Xander de Wit")

    call = {
        "requester": gid_user(sanne),
        "subject": "Telefoon: kandidatenlijst",
        "body": "Belde over de lijst.",
    }
    result = await gql(PHONE, call, token=bram)
    number = f"KP-{year()}-00001"
    assert result == payload(
        "logPhoneCall",
        "message",
        {
            "body": "Belde over de lijst.",
            "channel": "PHONE",
            "author": {"displayName": "Sanne de Boer"},
            "loggedBy": {"displayName": "Bram Kuipers"},
            "ticket": {
                "number": number,
                "channel": "PHONE",
                "status": "NEW",
                "requester": {"displayName": "Sanne de Boer"},
            },
        },
    )
    async with db.session() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    await as_viewer(
        db, xander, lambda s, v: helpdesk.set_ticket_status(s, v, ticket.id, TicketStatus.PENDING)
    )

    again = await gql(
        PHONE,
        {"requester": gid_user(sanne), "body": "Belde terug met de namen.", "ticket": gid(ticket)},
        token=bram,
    )
    assert again["data"]["logPhoneCall"]["message"]["ticket"] == {
        "number": number,
        "channel": "PHONE",
        "status": "OPEN",
        "requester": {"displayName": "Sanne de Boer"},
    }  # the caller answered, so no longer pending
    assert await gql(
        PHONE, {"requester": gid_user(piet), "body": "Iets", "ticket": gid(ticket)}, token=bram
    ) == payload(
        "logPhoneCall",
        "message",
        None,
        error(["requesterId"], "Dit ticket is van iemand anders dan deze beller.", "BAD_USER_INPUT"),
    )
    assert await gql(PHONE, {"requester": gid_user(piet), "body": "Iets"}, token=bram) == payload(
        "logPhoneCall", "message", None, error(["subject"], "Vul dit veld in.", "BAD_USER_INPUT")
    )
    assert await gql(
        PHONE, {"requester": encode_id("User", 999_999), "subject": "x", "body": "Iets"}, token=bram
    ) == payload(
        "logPhoneCall", "message", None, error(["requesterId"], "Deze gebruiker bestaat niet.", "NOT_FOUND")
    )
    assert await gql(PHONE, call, token=sanne_token) == payload(
        "logPhoneCall", "message", None, error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN")
    )
    assert await gql(
        "{ tickets { edges { node { messages { edges { node { channel loggedBy { displayName } } } } } } } }",
        token=sanne_token,
    ) == {
        "data": {
            "tickets": {
                "edges": [
                    {
                        "node": {
                            "messages": {
                                "edges": [
                                    {
                                        "node": {
                                            "channel": "PHONE",
                                            "loggedBy": {"displayName": "Bram Kuipers"},
                                        }
                                    },
                                    {
                                        "node": {
                                            "channel": "PHONE",
                                            "loggedBy": {"displayName": "Bram Kuipers"},
                                        }
                                    },
                                ]
                            }
                        }
                    }
                ]
            }
        }
    }


# --- ratings -----------------------------------------------------------------------------

RATE = """
mutation ($id: ID!, $rating: Int!, $comment: String) {
  rateTicket(input: {ticketId: $id, rating: $rating, comment: $comment}) {
    ticket { rating ratingComment ratedAt } errors { field message code }
  }
}
"""


async def test_the_requester_rates_a_resolved_ticket(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    sanne, sanne_token = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _, chair = await signed_in(db, "voorzitter@example.org", "Vera V", party=party, role=MemberRole.CHAIR)
    _, bram = await staff_member(db)
    ticket = await make_ticket(db, sanne, party=party)
    variables = {"id": gid(ticket), "rating": 5, "comment": "  Snel en duidelijk!  "}

    assert await gql(RATE, variables, token=sanne_token) == payload(
        "rateTicket", "ticket", None, error(["ticketId"], "Dit ticket is nog niet opgelost.", "CONFLICT")
    )
    await gql(STATUS, {"id": gid(ticket), "status": "RESOLVED"}, token=bram)
    for token in (chair, bram):
        assert await gql(RATE, variables, token=token) == payload(
            "rateTicket", "ticket", None, error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN")
        )
    assert await gql(RATE, {**variables, "rating": 6}, token=sanne_token, language="en") == payload(
        "rateTicket", "ticket", None, error(["rating"], "Choose a number from 1 to 5.", "BAD_USER_INPUT")
    )
    result = await gql(RATE, variables, token=sanne_token)
    row = await stored(db, Ticket, ticket.id)
    assert result == payload(
        "rateTicket",
        "ticket",
        {"rating": 5, "ratingComment": "Snel en duidelijk!", "ratedAt": iso(row.rated_at)},
    )
    await gql(STATUS, {"id": gid(ticket), "status": "CLOSED"}, token=bram)
    result = await gql(RATE, {"id": gid(ticket), "rating": 4}, token=sanne_token)
    assert result["data"]["rateTicket"]["ticket"]["rating"] == 4
    assert result["data"]["rateTicket"]["ticket"]["ratingComment"] is None


# --- knowledge: attached articles and draft articles ----------------------------------------


async def test_staff_attach_published_articles_to_an_answer(db: Database, gql: GraphQLClient) -> None:
    sanne, sanne_token = await requester(db)
    _, bram = await staff_member(db)
    topic = await make_topic(db)
    published = await make_article(db, topic, "Een partij oprichten", slug="oprichten")
    second = await make_article(db, topic, "Statuten schrijven", slug="statuten")
    draft = await make_article(db, topic, "Concept", slug="concept", published=False)
    ticket = await make_ticket(db, sanne)

    def aid(article: Article) -> str:
        return encode_id("Article", article.id)

    refused = await gql(
        REPLY,
        {
            "id": gid(ticket),
            "body": "Lees dit.",
            "articles": [aid(published), aid(draft), encode_id("Article", 999_999), aid(published)],
        },
        token=bram,
    )
    assert refused == payload(
        "replyToTicket",
        "message",
        None,
        error(
            ["articleIds", "1"], "Alleen gepubliceerde artikelen kunnen worden meegestuurd.", "BAD_USER_INPUT"
        ),
        error(["articleIds", "2"], "Dit artikel bestaat niet.", "NOT_FOUND"),
        error(["articleIds", "3"], "Dit artikel staat er al bij.", "BAD_USER_INPUT"),
    )
    result = await gql(
        REPLY, {"id": gid(ticket), "body": "Lees dit.", "articles": [aid(second), aid(published)]}, token=bram
    )
    assert result["data"]["replyToTicket"]["message"]["articles"] == [
        {"title": "Statuten schrijven"},
        {"title": "Een partij oprichten"},
    ]
    assert await gql(
        "{ tickets { edges { node { messages { edges { node { articles { slug } } } } } } } }",
        token=sanne_token,
    ) == {
        "data": {
            "tickets": {
                "edges": [
                    {
                        "node": {
                            "messages": {
                                "edges": [
                                    {"node": {"articles": []}},
                                    {"node": {"articles": [{"slug": "statuten"}, {"slug": "oprichten"}]}},
                                ]
                            }
                        }
                    }
                ]
            }
        }
    }
    assert await gql(
        REPLY, {"id": gid(ticket), "body": "Zie ook", "articles": [aid(published)]}, token=sanne_token
    ) == payload(
        "replyToTicket", "message", None, error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN")
    )


DRAFT = """
mutation ($id: ID!, $topic: ID!) {
  draftArticleFromTicket(input: {ticketId: $id, topicId: $topic}) {
    article { title summary body status topic { slug } }
    errors { field message code }
  }
}
"""


async def test_a_resolved_ticket_becomes_a_draft_article_without_personal_data(
    db: Database, gql: GraphQLClient
) -> None:
    jan, _ = await signed_in(db, "jan.devries@example.org", "Jan de Vries")
    bram, bram_token = await staff_member(db)
    _, editor = await signed_in(db, "editor@example.org", "Eline Editor", staff=StaffRole.EDITOR)
    topic = await make_topic(db)
    ticket = await make_ticket(
        db,
        jan,
        "Kascommissie voor Jan de Vries",
        "Beste helpdesk, ik ben Jan de Vries (jan.devries@example.org, 06-12345678). "
        "Wie controleert onze penningmeester?",
    )
    await make_internal_note(db, bram, ticket, "Intern: Jan belde al drie keer.")
    await make_ticket_reply(
        db,
        bram,
        ticket,
        f"Hallo Jan,\n\nDe ledenvergadering benoemt een kascommissie van twee leden. "
        f"Bel gerust 030 123 45 67 of +31 (0)30 1234567 en noem {ticket.number}.\n\nGroet, Bram Kuipers",
    )
    variables = {"id": gid(ticket), "topic": encode_id("Topic", topic.id)}

    assert await gql(DRAFT, variables, token=bram_token) == payload(
        "draftArticleFromTicket",
        "article",
        None,
        error(["ticketId"], "Dit ticket is nog niet opgelost.", "CONFLICT"),
    )
    await as_viewer(db, bram, lambda s, v: helpdesk.set_ticket_status(s, v, ticket.id, TicketStatus.RESOLVED))
    assert await gql(DRAFT, variables, token=editor) == payload(
        "draftArticleFromTicket",
        "article",
        None,
        error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN"),
    )

    assert await gql(DRAFT, variables, token=bram_token) == payload(
        "draftArticleFromTicket",
        "article",
        {
            "title": "Kascommissie voor [naam]",
            "summary": "Uit de helpdesk: Kascommissie voor [naam]",
            "body": "## Vraag\n\n"
            "Beste helpdesk, ik ben [naam] ([e-mailadres], [telefoonnummer]). Wie controleert onze penningmeester?"
            "\n\n## Antwoord\n\n"
            "Hallo [naam],\n\nDe ledenvergadering benoemt een kascommissie van twee leden. "
            "Bel gerust [telefoonnummer] of [telefoonnummer] en noem [ticketnummer].\n\nGroet, [naam]",
            "status": "DRAFT",
            "topic": {"slug": "campagne-voeren"},
        },
    )
    async with db.session() as session:
        article = await session.scalar(select(Article))
    assert article is not None and article.author_id == bram.id
    assert await gql("{ articles(status: [DRAFT]) { edges { node { title } } } }", token=editor) == {
        "data": {"articles": {"edges": [{"node": {"title": "Kascommissie voor [naam]"}}]}}
    }
    assert await gql(DRAFT, {**variables, "topic": encode_id("Topic", 999_999)}, token=bram_token) == payload(
        "draftArticleFromTicket",
        "article",
        None,
        error(["topicId"], "Dit onderwerp bestaat niet.", "NOT_FOUND"),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail sanne.de-boer+kp@lokaal-utrecht.nl vandaag.", "Mail [e-mailadres] vandaag."),
        ("Bel 06-12345678 of 0612345678.", "Bel [telefoonnummer] of [telefoonnummer]."),
        (
            "Bel (030) 123 45 67, +31 6 1234 5678 of 0031 30 123 4567.",
            "Bel [telefoonnummer], [telefoonnummer] of [telefoonnummer].",
        ),
        (
            "Het kost 2.500 euro, op 01-02-2027 om 19:30, postcode 3511 AB.",
            "Het kost 2.500 euro, op 01-02-2027 om 19:30, postcode 3511 AB.",
        ),
        ("Over KP-2027-00042 en kp-2026-12345.", "Over [ticketnummer] en [ticketnummer]."),
        (
            "Groet, Jan de Vries. Jan belde; De Vries ook. de vries",
            "Groet, [naam]. [naam] belde; [naam] ook. [naam]",
        ),
        ("Mehmet Yılmaz en Fatima El Amrani", "[naam] en [naam]"),
        (
            "Groet van noor bos, tussen bos en hei; Bos belt.",
            "Groet van [naam], tussen bos en hei; [naam] belt.",
        ),
    ],
)
def test_strip_personal_data(text: str, expected: str) -> None:
    names = ["Jan de Vries", "Mehmet Yılmaz", "Fatima El Amrani", "Bram Kuipers", "Noor Bos"]
    assert helpdesk.strip_personal_data(text, names) == expected


# --- demo data -------------------------------------------------------------------------------


async def test_the_demo_helpdesk_is_loaded_through_the_services(db: Database, gql: GraphQLClient) -> None:
    summary = await loader.load(db)
    async with db.session() as session:
        jan = await get_user_by_email(session, "jan.devries@example.org")
        bram = await get_user_by_email(session, "helpdesk@example.org")
    assert jan is not None and bram is not None
    jan_token, bram_token = await make_token(db, jan), await make_token(db, bram)
    queue = """
    { tickets(orderBy: PRIORITY) { edges { node {
        subject status priority channel isOverdue rating party { slug } assignee { displayName }
        messages { totalCount }
    } } } }
    """

    assert summary.tickets == 4
    assert await gql(queue, token=bram_token) == {
        "data": {
            "tickets": {
                "edges": [
                    {
                        "node": {
                            "subject": "Integriteitstoets kandidaat-wethouder",
                            "status": "NEW",
                            "priority": "URGENT",
                            "channel": "PHONE",
                            "isOverdue": True,
                            "rating": None,
                            "party": {"slug": "doetinchem-lokaal"},
                            "assignee": None,
                            "messages": {"totalCount": 2},
                        }
                    },
                    {
                        "node": {
                            "subject": "Ondersteuningsverklaringen voor de verkiezingen",
                            "status": "RESOLVED",
                            "priority": "HIGH",
                            "channel": "WEB",
                            "isOverdue": False,
                            "rating": 5,
                            "party": {"slug": "gemeentebelangen-veendam"},
                            "assignee": {"displayName": "Bram Kuipers"},
                            "messages": {"totalCount": 4},
                        }
                    },
                    {
                        "node": {
                            "subject": "Verwerkersovereenkomst voor de ledenadministratie",
                            "status": "PENDING",
                            "priority": "NORMAL",
                            "channel": "WEB",
                            "isOverdue": False,
                            "rating": None,
                            "party": {"slug": "lokaal-rotterdam"},
                            "assignee": {"displayName": "Bram Kuipers"},
                            "messages": {"totalCount": 2},
                        }
                    },
                    {
                        "node": {
                            "subject": "Hoe begin ik een lokale partij?",
                            "status": "NEW",
                            "priority": "LOW",
                            "channel": "WEB",
                            "isOverdue": False,
                            "rating": None,
                            "party": None,
                            "assignee": None,
                            "messages": {"totalCount": 1},
                        }
                    },
                ]
            }
        }
    }
    own = "{ tickets { edges { node { subject messages { edges { node { author { displayName } articles { slug } } } } } } } }"
    assert await gql(own, token=jan_token) == {
        "data": {
            "tickets": {
                "edges": [
                    {
                        "node": {
                            "subject": "Ondersteuningsverklaringen voor de verkiezingen",
                            "messages": {
                                "edges": [
                                    {"node": {"author": {"displayName": "Jan de Vries"}, "articles": []}},
                                    {
                                        "node": {
                                            "author": {"displayName": "Bram Kuipers"},
                                            "articles": [{"slug": "kandidatenlijst-inleveren"}],
                                        }
                                    },
                                    {"node": {"author": {"displayName": "Jan de Vries"}, "articles": []}},
                                ]
                            },
                        }
                    }
                ]
            }
        }
    }
