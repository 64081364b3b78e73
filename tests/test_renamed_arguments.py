"""Names that disagreed got a consistent one; the old name is deprecated and answers the same.

`Viewer.roles` (the contract's) beside `staffRoles` (as on `User`); the topic filters that
take a slug (`topic:` → `topicSlug:`) and the ticket filters that take an ID
(`assignee:` → `assigneeId:`, `party:` → `partyId:`).
"""

from __future__ import annotations

from typing import Any

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database
from kennispunt.helpdesk import service as helpdesk
from tests.conftest import GraphQLClient
from tests.factories import make_article, make_party, make_ticket, make_topic, make_training
from tests.test_helpdesk import signed_in
from tests.test_helpdesk_workflow import as_viewer


async def test_viewer_staff_roles_answer_as_the_deprecated_roles(db: Database, gql: GraphQLClient) -> None:
    _, token = await signed_in(db, "bram@example.org", "Bram Kuipers", staff=StaffRole.HELPDESK)
    result = await gql("{ viewer { roles staffRoles user { staffRoles } } }", token=token)
    assert result == {
        "data": {
            "viewer": {
                "roles": ["HELPDESK"],
                "staffRoles": ["HELPDESK"],
                "user": {"staffRoles": ["HELPDESK"]},
            }
        }
    }


async def test_topic_slug_filters_as_the_deprecated_topic(db: Database, gql: GraphQLClient) -> None:
    campaign = await make_topic(db)
    other = await make_topic(db, "financien", "Financiën", 1)
    await make_article(db, campaign, "Flyeren")
    await make_article(db, other, "Begroting")
    await make_training(db, "Debatteren", topic=campaign)
    await make_training(db, "Boekhouden", topic=other)

    async def titles(field: str, argument: str) -> list[str]:
        result = await gql(f'{{ {field}({argument}: "campagne-voeren") {{ edges {{ node {{ title }} }} }} }}')
        assert "errors" not in result, result
        return [edge["node"]["title"] for edge in result["data"][field]["edges"]]

    assert await titles("articles", "topicSlug") == await titles("articles", "topic") == ["Flyeren"]
    assert await titles("trainings", "topicSlug") == await titles("trainings", "topic") == ["Debatteren"]


async def test_id_filters_of_tickets_answer_as_the_deprecated_ones(db: Database, gql: GraphQLClient) -> None:
    party = await make_party(db)
    sanne, _ = await signed_in(db, "sanne@example.org", "Sanne de Boer", party=party)
    bram, bram_token = await signed_in(db, "bram@example.org", "Bram Kuipers", staff=StaffRole.HELPDESK)
    ours = await make_ticket(db, sanne, "Voor de partij", party=party)
    await make_ticket(db, sanne, "Voor mijzelf")
    await as_viewer(db, bram, lambda s, v: helpdesk.assign_ticket(s, v, ours.id, bram.id))

    async def subjects(argument: str, value: str) -> list[str]:
        query = f"query ($id: ID) {{ tickets({argument}: $id) {{ edges {{ node {{ subject }} }} }} }}"
        result: dict[str, Any] = await gql(query, {"id": value}, token=bram_token)
        assert "errors" not in result, result
        return [edge["node"]["subject"] for edge in result["data"]["tickets"]["edges"]]

    bram_id, party_id = encode_id("User", bram.id), encode_id("Party", party.id)
    assert await subjects("assigneeId", bram_id) == await subjects("assignee", bram_id) == ["Voor de partij"]
    assert await subjects("partyId", party_id) == await subjects("party", party_id) == ["Voor de partij"]


async def test_the_old_names_are_deprecated_in_favour_of_the_new(gql: GraphQLClient) -> None:
    query = """{
      viewer: __type(name: "Viewer") { fields(includeDeprecated: true) { name deprecationReason } }
      query: __type(name: "Query") {
        fields { name args(includeDeprecated: true) { name deprecationReason } }
      }
    }"""
    data = (await gql(query))["data"]
    viewer = {field["name"]: field["deprecationReason"] for field in data["viewer"]["fields"]}
    assert viewer["roles"] == "Use `staffRoles`, the name `User` uses too."
    assert viewer["staffRoles"] is None
    arguments = {
        (field["name"], argument["name"]): argument["deprecationReason"]
        for field in data["query"]["fields"]
        for argument in field["args"]
    }
    assert {key: reason for key, reason in arguments.items() if reason} == {
        ("articles", "topic"): "Use `topicSlug`: it names what it takes.",
        ("trainings", "topic"): "Use `topicSlug`: it names what it takes.",
        ("tickets", "assignee"): "Use `assigneeId`: it names what it takes.",
        ("tickets", "party"): "Use `partyId`: it names what it takes.",
    }
