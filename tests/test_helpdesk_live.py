"""The helpdesk live: a queue for staff, answers for requesters, never an internal note."""

from __future__ import annotations

from typing import Any

import httpx

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database
from kennispunt.parties.models import MemberRole
from kennispunt.settings import Settings
from tests.conftest import RunningServer
from tests.factories import make_party, make_token, make_user, make_verified_member
from tests.live import subscribe
from tests.test_live import server_process

QUEUE = """
subscription ($after: String) {
  helpdeskQueue(after: $after) { cursor kind ticket { subject status requester { displayName } } message { body isInternal } }
}
"""
ACTIVITY = """
subscription ($ticket: ID!) { ticketActivity(ticketId: $ticket) { kind ticket { status } message { body isInternal } } }
"""
OPEN = """mutation ($party: ID) { openTicket(input: {subject: "Hoe registreren we onze partijnaam?",
          body: "Wij willen meedoen aan de verkiezingen.", partyId: $party}) { ticket { id } errors { code } } }"""
REPLY = "mutation ($ticket: ID!, $body: String!) { replyToTicket(input: {ticketId: $ticket, body: $body}) { errors { code } } }"
NOTE = "mutation ($ticket: ID!, $body: String!) { addInternalNote(input: {ticketId: $ticket, body: $body}) { errors { code } } }"


async def call(base_url: str, token: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{base_url}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    result = response.json()
    assert "errors" not in result, result
    return result["data"]  # type: ignore[no-any-return]


def without_cursor(payload: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in payload, payload
    event = dict(payload["data"][field])
    event.pop("cursor", None)
    return event


async def test_staff_see_a_ticket_opened_on_another_instance(db: Database, settings: Settings) -> None:
    staff = await make_token(
        db, await make_user(db, "helpdesk@example.org", "Bram Helpdesk", (StaffRole.HELPDESK,))
    )
    requester = await make_token(db, await make_verified_member(db, "jan@example.org", "Jan de Vries"))
    with (
        server_process(settings.database_url, settings.redis_url) as a,
        server_process(settings.database_url, settings.redis_url) as b,
    ):
        async with subscribe(a, QUEUE, token=staff) as queue:
            assert await queue.nothing_within(0.2)
            opened = await call(b, requester, OPEN, {"party": None})
            assert opened["openTicket"]["errors"] == []
            assert without_cursor(await queue.next(), "helpdeskQueue") == {
                "kind": "TICKET_OPENED",
                "ticket": {
                    "subject": "Hoe registreren we onze partijnaam?",
                    "status": "NEW",
                    "requester": {"displayName": "Jan de Vries"},
                },
                "message": {"body": "Wij willen meedoen aan de verkiezingen.", "isInternal": False},
            }


async def test_the_requester_and_their_chair_get_the_answer_but_never_the_internal_note(
    db: Database, server: RunningServer
) -> None:
    party = await make_party(db)
    requester = await make_token(
        db, await make_verified_member(db, "jan@example.org", "Jan de Vries", party=party)
    )
    chair = await make_token(
        db,
        await make_verified_member(
            db, "voorzitter@example.org", "Voorzitter", party=party, role=MemberRole.CHAIR
        ),
    )
    other_party = await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014")
    outsider = await make_token(
        db, await make_verified_member(db, "ander@example.org", "Ander", party=other_party)
    )
    staff = await make_token(
        db, await make_user(db, "helpdesk@example.org", "Bram Helpdesk", (StaffRole.HELPDESK,))
    )

    opened = await call(server.url, requester, OPEN, {"party": encode_id("Party", party.id)})
    ticket_id = opened["openTicket"]["ticket"]["id"]
    async with (
        subscribe(server.url, ACTIVITY, {"ticket": ticket_id}, requester) as mine,
        subscribe(server.url, ACTIVITY, {"ticket": ticket_id}, chair) as board,
        subscribe(server.url, ACTIVITY, {"ticket": ticket_id}, staff) as helpdesk,
    ):
        await call(server.url, staff, NOTE, {"ticket": ticket_id, "body": "Let op: lastige beller."})
        await call(
            server.url,
            staff,
            REPLY,
            {"ticket": ticket_id, "body": "Dien het verzoek in bij het centraal stembureau."},
        )

        answered = [
            {
                "kind": "MESSAGE_ADDED",
                "ticket": {"status": "OPEN"},
                "message": {"body": "Dien het verzoek in bij het centraal stembureau.", "isInternal": False},
            },
            {"kind": "STATUS_CHANGED", "ticket": {"status": "OPEN"}, "message": None},
        ]
        note = {"kind": "MESSAGE_ADDED", "message": {"body": "Let op: lastige beller.", "isInternal": True}}
        assert [without_cursor(await mine.next(), "ticketActivity") for _ in range(2)] == answered
        assert [without_cursor(await board.next(), "ticketActivity") for _ in range(2)] == answered
        staff_view = [without_cursor(await helpdesk.next(), "ticketActivity") for _ in range(3)]
        for event in staff_view:
            event.pop("ticket")  # the note may be resolved before or after the answer made the ticket OPEN
        assert staff_view == [
            note,
            *({key: value for key, value in event.items() if key != "ticket"} for event in answered),
        ]
        assert await mine.nothing_within(0.5)  # no note, not even as an empty event
        assert await board.nothing_within(0.1)

    async with subscribe(server.url, ACTIVITY, {"ticket": ticket_id}, outsider) as refused:
        assert await refused.next() == {
            "data": None,
            "errors": [{"message": "Dit ticket bestaat niet.", "extensions": {"code": "NOT_FOUND"}}],
        }


async def test_only_helpdesk_staff_may_watch_the_queue(db: Database, server: RunningServer) -> None:
    member = await make_token(db, await make_verified_member(db, "jan@example.org", "Jan de Vries"))
    async with subscribe(server.url, QUEUE, token=member) as refused:
        assert await refused.next() == {
            "data": None,
            "errors": [
                {"message": "Je hebt geen toestemming om dit te doen.", "extensions": {"code": "FORBIDDEN"}}
            ],
        }
