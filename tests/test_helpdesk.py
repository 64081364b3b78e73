"""The helpdesk over GraphQL: asking, answering and internal notes (the contract), who sees
which ticket, internal notes that never leak, validation, numbers under concurrency and
the cost of a staff ticket list."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from graph.ids import encode_id
from kennispunt import ratelimit
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.service import load_viewer
from kennispunt.db import DISPLAY_TIMEZONE, Database, utcnow
from kennispunt.events.models import Event
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.parties.models import MemberRole, MemberStatus, Party
from tests.conftest import GraphQLClient, RunningServer, count_statements, limits_changed
from tests.factories import (
    make_internal_note,
    make_member,
    make_party,
    make_ticket,
    make_ticket_reply,
    make_token,
    make_user,
)

# --- helpers -----------------------------------------------------------------------


def gid(obj: Ticket | TicketMessage | User | Party) -> str:
    names = {Ticket: "Ticket", TicketMessage: "TicketMessage", User: "User", Party: "Party"}
    return encode_id(names[type(obj)], obj.id)


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(DISPLAY_TIMEZONE).isoformat() if moment else None


def year() -> int:
    return utcnow().astimezone(DISPLAY_TIMEZONE).year


async def signed_in(
    db: Database,
    email: str,
    name: str,
    *,
    party: Party | None = None,
    role: MemberRole = MemberRole.MEMBER,
    status: MemberStatus = MemberStatus.VERIFIED,
    staff: StaffRole | None = None,
) -> tuple[User, str]:
    user = await make_user(db, email, name, (staff,) if staff else ())
    if party is not None:
        await make_member(db, user, party, role, status)
    return user, await make_token(db, user)


async def stored(db: Database, model: type[Any], pk: int) -> Any:
    async with db.session() as session:
        row = await session.get(model, pk)
    assert row is not None
    return row


async def ticket_events(db: Database, ticket: Ticket) -> list[tuple[str, dict[str, Any]]]:
    async with db.session() as session:
        rows = await session.scalars(
            select(Event)
            .where(Event.subject_type == "ticket", Event.subject_id == ticket.id)
            .order_by(Event.id)
        )
        return [(event.kind, event.payload) for event in rows]


OPEN = """
mutation Open($subject: String!, $body: String!, $priority: TicketPriority, $party: ID) {
  openTicket(input: {subject: $subject, body: $body, priority: $priority, partyId: $party}) {
    ticket {
      id number subject status priority channel createdAt updatedAt firstResponseDueAt firstRespondedAt isOverdue
      requester { displayName } assignee { displayName } party { name }
      messages { totalCount edges { node { body bodyHtml isInternal channel author { displayName } } } }
    }
    errors { field message code }
  }
}
"""

REPLY = """
mutation Reply($ticket: ID!, $body: String!) {
  replyToTicket(input: {ticketId: $ticket, body: $body}) {
    message { id body bodyHtml isInternal channel author { displayName } ticket { number status firstRespondedAt } }
    errors { field message code }
  }
}
"""

NOTE = """
mutation Note($ticket: ID!, $body: String!) {
  addInternalNote(input: {ticketId: $ticket, body: $body}) {
    message { id body isInternal author { displayName } ticket { number status } }
    errors { field message code }
  }
}
"""

MESSAGES = """
query Messages($number: String!) {
  ticket(number: $number) {
    number status
    messages { totalCount edges { node { body isInternal author { displayName } } } }
  }
}
"""

LIST = "{ tickets { totalCount edges { node { number subject } } } }"


def opened(ticket: dict[str, Any] | None, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"openTicket": {"ticket": ticket, "errors": list(errors)}}}


def error(field: list[str] | None, message: str, code: str) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


# --- the contract: asking, answering, internal notes -------------------------------


async def test_a_representative_asks_and_staff_answer_with_an_internal_note_in_between(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    sanne, sanne_token = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _bram, bram_token = await signed_in(db, "bram@example.org", "Bram Kuipers", staff=StaffRole.HELPDESK)

    result = await gql(
        OPEN,
        {
            "subject": "  Hoe richten we een vereniging op?  ",
            "body": "Wij willen een **lokale partij** oprichten.",
            "priority": "HIGH",
            "party": gid(party),
        },
        token=sanne_token,
    )

    async with db.session() as session:
        ticket = await session.scalar(select(Ticket))
    assert ticket is not None
    assert result == opened(
        {
            "id": gid(ticket),
            "number": f"KP-{year()}-00001",
            "subject": "Hoe richten we een vereniging op?",
            "status": "NEW",
            "priority": "HIGH",
            "channel": "WEB",
            "createdAt": iso(ticket.created_at),
            "updatedAt": iso(ticket.created_at),
            "firstResponseDueAt": iso(ticket.first_response_due_at),
            "firstRespondedAt": None,
            "isOverdue": False,
            "requester": {"displayName": "Sanne de Boer"},
            "assignee": None,
            "party": {"name": "Lokaal Utrecht"},
            "messages": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "body": "Wij willen een **lokale partij** oprichten.",
                            "bodyHtml": "<p>Wij willen een <strong>lokale partij</strong> oprichten.</p>\n",
                            "isInternal": False,
                            "channel": "WEB",
                            "author": {"displayName": "Sanne de Boer"},
                        }
                    }
                ],
            },
        }
    )
    assert (ticket.first_response_due_at - ticket.created_at).total_seconds() == 8 * 3600  # HIGH: 8 hours
    number = ticket.number

    note = await gql(
        NOTE, {"ticket": gid(ticket), "body": "Intern: kent de statuten nog niet."}, token=bram_token
    )
    [note_row] = await messages_of(db, ticket, internal=True)
    assert note == {
        "data": {
            "addInternalNote": {
                "message": {
                    "id": gid(note_row),
                    "body": "Intern: kent de statuten nog niet.",
                    "isInternal": True,
                    "author": {"displayName": "Bram Kuipers"},
                    "ticket": {"number": number, "status": "NEW"},
                },
                "errors": [],
            }
        }
    }

    answer = await gql(REPLY, {"ticket": gid(ticket), "body": "Begin bij de *notaris*."}, token=bram_token)
    ticket = await stored(db, Ticket, ticket.id)
    reply_row = (await messages_of(db, ticket, internal=False))[-1]
    assert answer == {
        "data": {
            "replyToTicket": {
                "message": {
                    "id": gid(reply_row),
                    "body": "Begin bij de *notaris*.",
                    "bodyHtml": "<p>Begin bij de <em>notaris</em>.</p>\n",
                    "isInternal": False,
                    "channel": "WEB",
                    "author": {"displayName": "Bram Kuipers"},
                    "ticket": {
                        "number": number,
                        "status": "OPEN",
                        "firstRespondedAt": iso(ticket.first_responded_at),
                    },
                },
                "errors": [],
            }
        }
    }
    assert ticket.first_responded_at is not None

    public = [
        {
            "node": {
                "body": "Wij willen een **lokale partij** oprichten.",
                "isInternal": False,
                "author": {"displayName": "Sanne de Boer"},
            }
        },
        {
            "node": {
                "body": "Begin bij de *notaris*.",
                "isInternal": False,
                "author": {"displayName": "Bram Kuipers"},
            }
        },
    ]
    assert await gql(MESSAGES, {"number": number}, token=sanne_token) == {
        "data": {
            "ticket": {"number": number, "status": "OPEN", "messages": {"totalCount": 2, "edges": public}}
        }
    }
    assert await gql(MESSAGES, {"number": number.lower()}, token=bram_token) == {
        "data": {
            "ticket": {
                "number": number,
                "status": "OPEN",
                "messages": {
                    "totalCount": 3,
                    "edges": [
                        public[0],
                        {
                            "node": {
                                "body": "Intern: kent de statuten nog niet.",
                                "isInternal": True,
                                "author": {"displayName": "Bram Kuipers"},
                            }
                        },
                        public[1],
                    ],
                },
            }
        }
    }
    assert await ticket_events(db, ticket) == [
        ("ticket_opened", {"message_id": (await messages_of(db, ticket, internal=False))[0].id}),
        ("message_added", {"message_id": note_row.id, "internal": True, "by_staff": True}),
        ("message_added", {"message_id": reply_row.id, "internal": False, "by_staff": True}),
        ("status_changed", {"from": "NEW", "to": "OPEN"}),
    ]
    notifications = "{ viewer { notifications { edges { node { kind message ticket { number } } } } } }"
    assert await gql(notifications, token=sanne_token) == {
        "data": {
            "viewer": {
                "notifications": {
                    "edges": [
                        {
                            "node": {
                                "kind": "TICKET_ANSWERED",
                                "message": f"Bram Kuipers beantwoordde je vraag “Hoe richten we een vereniging op?” ({number}).",
                                "ticket": {"number": number},
                            }
                        }
                    ]
                }
            }
        }
    }
    assert ticket.requester_id == sanne.id


async def messages_of(db: Database, ticket: Ticket, *, internal: bool) -> list[TicketMessage]:
    async with db.session() as session:
        rows = await session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket.id, TicketMessage.is_internal.is_(internal))
            .order_by(TicketMessage.id)
        )
        return list(rows)


async def test_a_requester_reply_is_not_a_response_and_notifies_nobody(
    db: Database, gql: GraphQLClient
) -> None:
    sanne, token = await signed_in(db, "sanne@example.org", "Sanne de Boer")
    ticket = await make_ticket(db, sanne)

    result = await gql(REPLY, {"ticket": gid(ticket), "body": "Nog een vraag: wat kost het?"}, token=token)

    assert result["data"]["replyToTicket"]["message"]["ticket"] == {
        "number": ticket.number,
        "status": "NEW",
        "firstRespondedAt": None,
    }
    assert await gql("{ viewer { unreadNotificationCount } }", token=token) == {
        "data": {"viewer": {"unreadNotificationCount": 0}}
    }


# --- who sees what ---------------------------------------------------------------------


async def test_requesters_their_party_board_and_staff_see_a_ticket_nobody_else_does(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    other_party = await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014")
    sanne, sanne_token = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _, chair = await signed_in(
        db, "voorzitter@example.org", "Vera Voorzitter", party=party, role=MemberRole.CHAIR
    )
    _, secretary = await signed_in(
        db, "secretaris@example.org", "Sem Secretaris", party=party, role=MemberRole.SECRETARY
    )
    _, treasurer = await signed_in(
        db, "penning@example.org", "Pim Penning", party=party, role=MemberRole.TREASURER
    )
    _, pending_chair = await signed_in(
        db, "wacht@example.org", "Wim Wacht", party=party, role=MemberRole.CHAIR, status=MemberStatus.PENDING
    )
    _, other_chair = await signed_in(
        db, "ander@example.org", "Anna Ander", party=other_party, role=MemberRole.CHAIR
    )
    _, outsider = await signed_in(db, "buiten@example.org", "Bas Buiten")
    _, helpdesk = await signed_in(db, "bram@example.org", "Bram Kuipers", staff=StaffRole.HELPDESK)
    _, admin = await signed_in(db, "admin@example.org", "Ada Admin", staff=StaffRole.ADMIN)
    _, editor = await signed_in(db, "editor@example.org", "Eline Editor", staff=StaffRole.EDITOR)
    _, moderator = await signed_in(db, "mod@example.org", "Mo Moderator", staff=StaffRole.MODERATOR)
    for_party = await make_ticket(db, sanne, "Namens de partij", party=party)
    private = await make_ticket(db, sanne, "Voor mezelf")

    def listed(*tickets: Ticket) -> dict[str, Any]:
        edges = [{"node": {"number": t.number, "subject": t.subject}} for t in tickets]
        return {"data": {"tickets": {"totalCount": len(tickets), "edges": edges}}}

    assert await gql(LIST, token=sanne_token) == listed(private, for_party)
    for board in (chair, secretary):
        assert await gql(LIST, token=board) == listed(for_party)
    for staff in (helpdesk, admin):
        assert await gql(LIST, token=staff) == listed(private, for_party)
    for nobody in (None, treasurer, pending_chair, other_chair, outsider, editor, moderator):
        assert await gql(LIST, token=nobody) == listed()

    by_number = "query ($number: String!) { ticket(number: $number) { subject } }"
    by_id = "query ($id: ID!) { node(id: $id) { ... on Ticket { subject } } }"
    for token, sees_party, sees_private in (
        (sanne_token, True, True),
        (chair, True, False),
        (helpdesk, True, True),
        (treasurer, False, False),
        (other_chair, False, False),
        (None, False, False),
    ):
        for ticket, visible in ((for_party, sees_party), (private, sees_private)):
            expected = {"subject": ticket.subject} if visible else None
            assert await gql(by_number, {"number": ticket.number}, token=token) == {
                "data": {"ticket": expected}
            }
            assert await gql(by_id, {"id": gid(ticket)}, token=token) == {"data": {"node": expected}}


async def test_internal_notes_never_reach_requesters_or_their_party(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    sanne, sanne_token = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _, chair = await signed_in(
        db, "voorzitter@example.org", "Vera Voorzitter", party=party, role=MemberRole.CHAIR
    )
    bram, helpdesk = await signed_in(db, "bram@example.org", "Bram Kuipers", staff=StaffRole.HELPDESK)
    ticket = await make_ticket(db, sanne, "Statuten wijzigen", "Hoe wijzigen we onze statuten?", party=party)
    before = await stored(db, Ticket, ticket.id)
    note = await make_internal_note(db, bram, ticket, "Vertrouwelijk: kascommissie ontbreekt al jaren.")
    answer = await make_ticket_reply(db, bram, ticket, "Via de algemene ledenvergadering.")
    after = await stored(db, Ticket, ticket.id)
    assert after.updated_at == answer.created_at  # the note did not move it

    paged = """
    query ($id: ID!, $after: String) {
      node(id: $id) {
        ... on Ticket { messages(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { body } } } }
      }
    }
    """
    for token in (sanne_token, chair):
        first = await gql(paged, {"id": gid(ticket)}, token=token)
        assert first["data"]["node"]["messages"]["totalCount"] == 2
        second = await gql(
            paged,
            {"id": gid(ticket), "after": first["data"]["node"]["messages"]["pageInfo"]["endCursor"]},
            token=token,
        )
        assert [edge["node"]["body"] for edge in second["data"]["node"]["messages"]["edges"]] == [
            "Via de algemene ledenvergadering."
        ]
        assert second["data"]["node"]["messages"]["pageInfo"]["hasNextPage"] is False
        assert await gql("query ($id: ID!) { node(id: $id) { id } }", {"id": gid(note)}, token=token) == {
            "data": {"node": None}
        }
        assert await gql(
            "query ($ids: [ID!]!) { nodes(ids: $ids) { ... on TicketMessage { body } } }",
            {"ids": [gid(answer), gid(note)]},
            token=token,
        ) == {"data": {"nodes": [{"body": "Via de algemene ledenvergadering."}, None]}}
        for word in ("kascommissie", "vertrouwelijk"):
            assert await gql(
                "query ($q: String!) { tickets(search: $q) { totalCount } }", {"q": word}, token=token
            ) == {"data": {"tickets": {"totalCount": 0}}}
        assert await gql(
            '{ tickets(search: "ledenvergadering") { edges { node { number } } } }', token=token
        ) == {"data": {"tickets": {"edges": [{"node": {"number": ticket.number}}]}}}
    assert before.updated_at < after.updated_at

    assert await gql(
        "query ($id: ID!) { node(id: $id) { ... on TicketMessage { body isInternal } } }",
        {"id": gid(note)},
        token=helpdesk,
    ) == {"data": {"node": {"body": "Vertrouwelijk: kascommissie ontbreekt al jaren.", "isInternal": True}}}
    assert await gql('{ tickets(search: "kascommissie") { edges { node { number } } } }', token=helpdesk) == {
        "data": {"tickets": {"edges": [{"node": {"number": ticket.number}}]}}
    }
    assert await gql(
        'mutation ($id: ID!) { addInternalNote(input: {ticketId: $id, body: "Ik ook"}) { message { id } errors { code } } }',
        {"id": gid(ticket)},
        token=sanne_token,
    ) == {"data": {"addInternalNote": {"message": None, "errors": [{"code": "FORBIDDEN"}]}}}


async def test_only_the_requester_and_staff_write_on_a_ticket(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    sanne, _ = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    _, chair = await signed_in(
        db, "voorzitter@example.org", "Vera Voorzitter", party=party, role=MemberRole.CHAIR
    )
    _, stranger = await signed_in(db, "vreemd@example.org", "Vera Vreemd")
    ticket = await make_ticket(db, sanne, party=party)
    query = 'mutation ($id: ID!) { replyToTicket(input: {ticketId: $id, body: "Hallo"}) { message { id } errors { field message code } } }'

    assert await gql(query, {"id": gid(ticket)}, token=chair) == {
        "data": {
            "replyToTicket": {
                "message": None,
                "errors": [error(None, "Je hebt geen toestemming om dit te doen.", "FORBIDDEN")],
            }
        }
    }
    assert await gql(query, {"id": gid(ticket)}, token=stranger, language="en") == {
        "data": {
            "replyToTicket": {
                "message": None,
                "errors": [error(["ticketId"], "This ticket does not exist.", "NOT_FOUND")],
            }
        }
    }
    assert await gql(query, {"id": gid(ticket)}) == {
        "data": {
            "replyToTicket": {
                "message": None,
                "errors": [error(None, "Log in om dit te doen.", "UNAUTHENTICATED")],
            }
        }
    }
    assert await gql(query, {"id": encode_id("Thread", ticket.id)}, token=chair) == {
        "data": {
            "replyToTicket": {
                "message": None,
                "errors": [error(["ticketId"], "Dit is geen geldig ID.", "BAD_USER_INPUT")],
            }
        }
    }


# --- validation ------------------------------------------------------------------------


async def test_opening_a_ticket_is_checked_field_by_field_in_dutch_or_english(
    db: Database, gql: GraphQLClient
) -> None:
    party = await make_party(db)
    other = await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014")
    _, token = await signed_in(
        db, "sanne@example.org", "Sanne de Boer", party=party, status=MemberStatus.PENDING
    )
    variables = {"subject": "   ", "body": "x" * 20_001, "party": gid(party)}

    assert await gql(OPEN, variables, token=token) == opened(
        None,
        error(["subject"], "Vul dit veld in.", "BAD_USER_INPUT"),
        error(["body"], "Gebruik hoogstens 20000 tekens.", "BAD_USER_INPUT"),
        error(
            ["partyId"],
            "Je kunt een vraag alleen stellen namens een partij waarvan je geverifieerd lid bent.",
            "BAD_USER_INPUT",
        ),
    )
    assert await gql(OPEN, {**variables, "party": gid(other)}, token=token, language="en") == opened(
        None,
        error(["subject"], "This field is required.", "BAD_USER_INPUT"),
        error(["body"], "Use at most 20000 characters.", "BAD_USER_INPUT"),
        error(
            ["partyId"],
            "You can only ask on behalf of a party you are a verified member of.",
            "BAD_USER_INPUT",
        ),
    )
    assert await gql(
        OPEN, {"subject": "Vraag", "body": "Tekst", "party": encode_id("Party", 999_999)}, token=token
    ) == opened(None, error(["partyId"], "Deze partij bestaat niet.", "NOT_FOUND"))
    assert await gql(OPEN, {"subject": "Vraag", "body": "Tekst"}) == opened(
        None, error(None, "Log in om dit te doen.", "UNAUTHENTICATED")
    )
    async with db.session() as session:
        assert list(await session.scalars(select(Ticket))) == []


async def test_anyone_signed_in_may_ask_also_without_a_party(db: Database, gql: GraphQLClient) -> None:
    _, token = await signed_in(db, "noor@example.org", "Noor Bos")

    result = await gql(OPEN, {"subject": "Een partij oprichten", "body": "Hoe begin ik?"}, token=token)

    assert result["data"]["openTicket"]["errors"] == []
    assert result["data"]["openTicket"]["ticket"]["priority"] == "NORMAL"
    assert result["data"]["openTicket"]["ticket"]["party"] is None


# --- numbers ---------------------------------------------------------------------------


async def test_fifty_tickets_opened_at_once_get_fifty_consecutive_numbers(
    db: Database, gql: GraphQLClient
) -> None:
    tokens = [(await signed_in(db, f"lid{n}@example.org", f"Lid {n}"))[1] for n in range(10)]

    results = await asyncio.gather(
        *(gql(OPEN, {"subject": f"Vraag {n}", "body": "Tekst"}, token=tokens[n % 10]) for n in range(50))
    )

    assert [result["data"]["openTicket"]["errors"] for result in results] == [[]] * 50
    numbers = sorted(result["data"]["openTicket"]["ticket"]["number"] for result in results)
    assert numbers == [f"KP-{year()}-{n:05d}" for n in range(1, 51)]
    async with db.session() as session:
        stored_numbers = sorted(await session.scalars(select(Ticket.number)))
    assert stored_numbers == numbers


async def test_a_ticket_that_is_not_stored_gives_its_number_back(db: Database, gql: GraphQLClient) -> None:
    _, token = await signed_in(db, "sanne@example.org", "Sanne de Boer")
    await gql(OPEN, {"subject": "Eerste", "body": "Tekst"}, token=token)
    await gql(OPEN, {"subject": "", "body": "Tekst"}, token=token)  # refused

    result = await gql(OPEN, {"subject": "Tweede", "body": "Tekst"}, token=token)

    assert result["data"]["openTicket"]["ticket"]["number"] == f"KP-{year()}-00002"


# --- no N+1 ----------------------------------------------------------------------------

STAFF_LIST = """
query ($first: Int!) {
  tickets(first: $first, orderBy: OLDEST) {
    totalCount
    edges {
      node {
        number status isOverdue
        requester { displayName party { name } }
        assignee { displayName }
        party { name }
        messages(first: 3) { totalCount edges { node { body author { displayName } articles { title } } } }
      }
    }
  }
}
"""


async def test_a_staff_list_of_fifty_tickets_costs_as_many_statements_as_five(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    parties = [
        await make_party(db, f"partij-{n}", f"Partij {n}", code)
        for n, code in enumerate(("GM0014", "GM0344", "GM0363"))
    ]
    requesters = []
    for n in range(6):
        user = await make_user(db, f"vrager{n}@example.org", f"Vrager {n}")
        await make_member(db, user, parties[n % 3])
        requesters.append((user, parties[n % 3]))
    staff = [
        await make_user(db, f"staf{n}@example.org", f"Staf {n}", (StaffRole.HELPDESK,)) for n in range(3)
    ]
    token = await make_token(db, staff[0])
    for n in range(55):
        user, party = requesters[n % 6]
        ticket = await make_ticket(db, user, f"Vraag {n}", party=party if n % 2 else None)
        await make_internal_note(db, staff[n % 3], ticket)
        await make_ticket_reply(db, staff[n % 3], ticket)
        if n % 4:
            async with db.transaction() as session:
                viewer = await load_viewer(session, staff[0].id)
                await helpdesk.assign_ticket(session, viewer, ticket.id, staff[n % 3].id)
    await gql(STAFF_LIST, {"first": 1}, token=token)  # the token's first use is recorded once

    with count_statements(server.db) as small:
        five = await gql(STAFF_LIST, {"first": 5}, token=token)
    with count_statements(server.db) as large:
        fifty = await gql(STAFF_LIST, {"first": 50}, token=token)

    edges = fifty["data"]["tickets"]["edges"]
    assert len(edges) == 50
    assert five["data"]["tickets"]["edges"][1]["node"] == {
        "number": f"KP-{year()}-00002",
        "status": "OPEN",
        "isOverdue": False,
        "requester": {"displayName": "Vrager 1", "party": {"name": "Partij 1"}},
        "assignee": {"displayName": "Staf 1"},
        "party": {"name": "Partij 1"},
        "messages": {
            "totalCount": 3,
            "edges": [
                {
                    "node": {
                        "body": "Wij willen een **lokale partij** oprichten. Waar beginnen we?",
                        "author": {"displayName": "Vrager 1"},
                        "articles": [],
                    }
                },
                {
                    "node": {
                        "body": "Intern: eerder gebeld, kent de statuten niet.",
                        "author": {"displayName": "Staf 1"},
                        "articles": [],
                    }
                },
                {
                    "node": {
                        "body": "Begin met een vereniging bij de notaris.",
                        "author": {"displayName": "Staf 1"},
                        "articles": [],
                    }
                },
            ],
        },
    }
    assert small.count == large.count


async def test_a_representative_who_opens_many_tickets_at_once_is_asked_to_wait(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    _, token = await signed_in(db, "sanne@example.org", "Sanne de Boer")
    _, other = await signed_in(db, "piet@example.org", "Piet Jansen")
    helpdesk_rules = replace(server.app.state.limits.helpdesk, ticket_rate=ratelimit.parse("2/hour"))
    with limits_changed(server.app, helpdesk=helpdesk_rules):
        opened = [await gql(OPEN, {"subject": f"Vraag {n}", "body": "Tekst"}, token=token) for n in range(3)]
        english = await gql(OPEN, {"subject": "Vraag 4", "body": "Tekst"}, token=token, language="en")
        someone_else = await gql(OPEN, {"subject": "Vraag", "body": "Tekst"}, token=other)

    assert [result["data"]["openTicket"]["errors"] for result in opened[:2]] == [[], []]
    [refused] = opened[2]["data"]["openTicket"]["errors"]
    seconds = refused["message"].split("over ")[1].split(" seconden")[0]
    assert 3500 <= int(seconds) <= 3600
    assert refused == {
        "field": None,
        "message": f"Je hebt veel vragen tegelijk gesteld. Probeer het over {seconds} seconden opnieuw, of bel de helpdesk.",
        "code": "RATE_LIMITED",
    }
    assert opened[2]["data"]["openTicket"]["ticket"] is None
    assert english["data"]["openTicket"]["errors"][0]["message"].startswith(
        "You have asked many questions at once."
    )
    assert someone_else["data"]["openTicket"]["errors"] == []  # each person counts for themselves
    async with db.session() as session:
        assert len((await session.scalars(select(Ticket))).all()) == 3
