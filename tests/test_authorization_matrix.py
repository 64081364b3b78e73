"""Who may do what: every root field of the schema, for every kind of caller, in one table.

Each entry runs one operation as each role and reduces the answer to a short outcome
("ok", "null", an error code, or what was visible). A root field without an entry fails
`test_every_root_field_has_an_entry`, so a new query or mutation cannot ship without
someone writing down who may use it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import websockets

from graph.ids import encode_id
from graph.schema.schema import build_schema
from kennispunt.accounts.models import StaffRole, User
from kennispunt.content.models import Article
from kennispunt.db import Database
from kennispunt.parties.models import MemberRole, MemberStatus, Party
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training
from tests.conftest import GraphQLClient, RunningServer
from tests.factories import (
    make_article,
    make_member,
    make_party,
    make_token,
    make_topic,
    make_training,
    make_user,
)

ROLES = (
    "anonymous",
    "outsider",  # signed in, no membership
    "pending",  # claimed a membership of party A, not verified yet
    "member",  # verified member of party A
    "chair",  # verified chair of party A: decides its memberships
    "other_party",  # verified member of party B
    "editor",
    "helpdesk",
    "moderator",
    "admin",
)
STAFF = {"editor": StaffRole.EDITOR, "helpdesk": StaffRole.HELPDESK, "moderator": StaffRole.MODERATOR, "admin": StaffRole.ADMIN}


@dataclass
class World:
    db: Database
    party_a: Party
    party_b: Party
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    article: Article | None = None
    draft_article: Article | None = None
    training: Training | None = None
    draft_training: Training | None = None
    counter: int = 0

    def unique(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}"


async def build_world(db: Database) -> World:
    world = World(db, await make_party(db), await make_party(db, "dorpsbelang-b", "Dorpsbelang B", "GM0014"))
    memberships = {
        "pending": (world.party_a, MemberRole.CANDIDATE, MemberStatus.PENDING),
        "member": (world.party_a, MemberRole.MEMBER, MemberStatus.VERIFIED),
        "chair": (world.party_a, MemberRole.CHAIR, MemberStatus.VERIFIED),
        "other_party": (world.party_b, MemberRole.MEMBER, MemberStatus.VERIFIED),
    }
    for role in ROLES[1:]:
        user = await make_user(db, f"{role}@example.org", role.capitalize(), (STAFF[role],) if role in STAFF else ())
        world.users[role] = user
        world.tokens[role] = await make_token(db, user)
        if role in memberships:
            party, member_role, status = memberships[role]
            await make_member(db, user, party, member_role, status)
    topic = await make_topic(db)
    world.article = await make_article(db, topic, "Gepubliceerd", slug="gepubliceerd")
    world.draft_article = await make_article(db, topic, "Concept", slug="concept", published=False)
    world.training = await make_training(db, "Open training", capacity=50, slug="open-training")
    world.draft_training = await make_training(db, "Concepttraining", published=False, slug="concepttraining")
    return world


Arrange = Callable[[World], Awaitable[dict[str, Any]]]
Reduce = Callable[[dict[str, Any]], str]


async def no_variables(_world: World) -> dict[str, Any]:
    return {}


def payload_outcome(name: str) -> Reduce:
    """A mutation's outcome: "ok", or the code of its first payload error."""

    def reduce(response: dict[str, Any]) -> str:
        if response.get("errors"):
            return "top-level " + response["errors"][0]["extensions"]["code"]
        errors = response["data"][name]["errors"]
        return errors[0]["code"] if errors else "ok"

    return reduce


def null_or(value: Callable[[dict[str, Any]], str]) -> Reduce:
    def reduce(response: dict[str, Any]) -> str:
        assert "errors" not in response, response
        return value(response["data"])

    return reduce


@dataclass(frozen=True)
class Entry:
    operation: str
    expected: dict[str, str]
    arrange: Arrange = no_variables
    reduce: Reduce = null_or(lambda data: "ok")


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def roles(default: str, **exceptions: str) -> dict[str, str]:
    return {role: exceptions.get(role, default) for role in ROLES}


EDITORS = {"editor": "ok", "admin": "ok"}
SIGNED_IN_FORBIDDEN = roles("FORBIDDEN", anonymous="FORBIDDEN")


async def draft_article_id(world: World) -> dict[str, Any]:
    assert world.draft_article is not None and world.article is not None
    return {"draft": encode_id("Article", world.draft_article.id), "published": encode_id("Article", world.article.id)}


async def fresh_draft_article(world: World) -> dict[str, Any]:
    topic_id = world.draft_article.topic_id if world.draft_article else 0
    article = await make_article_in(world, topic_id)
    return {"id": encode_id("Article", article.id), "topic": encode_id("Topic", topic_id)}


async def make_article_in(world: World, topic_id: int) -> Article:
    from kennispunt.content import service as content
    from tests.factories import EDITOR

    async with world.db.transaction() as session:
        return await content.create_article(
            session, EDITOR, title=world.unique("Artikel"), summary="Kort.", body="Tekst.", topic_id=topic_id
        )


async def fresh_published_article(world: World) -> dict[str, Any]:
    variables = await fresh_draft_article(world)
    from kennispunt.content import service as content
    from tests.factories import EDITOR

    async with world.db.transaction() as session:
        await content.publish_article(session, EDITOR, int_id(variables["id"]))
    return variables


def int_id(global_id: str) -> int:
    from graph.ids import decode_id

    decoded = decode_id(global_id)
    assert decoded is not None
    return decoded.pk


async def fresh_draft_training(world: World) -> dict[str, Any]:
    training = await make_training(world.db, world.unique("Training"), published=False)
    return {"id": encode_id("Training", training.id)}


async def fresh_published_training(world: World) -> dict[str, Any]:
    training = await make_training(world.db, world.unique("Training"))
    return {"id": encode_id("Training", training.id)}


async def training_id(world: World) -> dict[str, Any]:
    assert world.training is not None and world.draft_training is not None
    return {"id": encode_id("Training", world.training.id), "draft": encode_id("Training", world.draft_training.id)}


async def members_registration(world: World) -> dict[str, Any]:
    """A fresh training on which the verified member holds a seat."""
    from kennispunt.accounts.service import load_viewer

    training = await make_training(world.db, world.unique("Training"))
    async with world.db.transaction() as session:
        viewer = await load_viewer(session, world.users["member"].id)
        registration = await trainings.register(session, viewer, training.id)
    return {"id": encode_id("TrainingRegistration", registration.id)}


async def pending_request_in_party_a(world: World) -> dict[str, Any]:
    from kennispunt.accounts.service import create_user

    async with world.db.transaction() as session:
        user = await create_user(session, world.unique("aanvrager") + "@example.org", "Aanvrager")
    member = await make_member(world.db, user, world.party_a, MemberRole.SECRETARY, MemberStatus.PENDING)
    return {"id": encode_id("Member", member.id)}


async def verified_member_of_party_a(world: World) -> dict[str, Any]:
    from kennispunt.accounts.service import create_user

    async with world.db.transaction() as session:
        user = await create_user(session, world.unique("lid") + "@example.org", "Lid")
    member = await make_member(world.db, user, world.party_a, MemberRole.MEMBER, MemberStatus.VERIFIED)
    return {"id": encode_id("Member", member.id)}


async def party_a(world: World) -> dict[str, Any]:
    return {"party": encode_id("Party", world.party_a.id), "slug": world.party_a.slug}


async def a_fresh_user(world: World) -> dict[str, Any]:
    user = await make_user(world.db, world.unique("nieuw") + "@example.org", "Nieuw")
    return {"user": encode_id("User", user.id)}


async def a_fresh_editor(world: World) -> dict[str, Any]:
    user = await make_user(world.db, world.unique("redacteur") + "@example.org", "Redacteur", (StaffRole.EDITOR,))
    return {"user": encode_id("User", user.id)}


def visible(path: Callable[[dict[str, Any]], Any]) -> Reduce:
    return null_or(lambda data: "null" if path(data) is None else "visible")


MATRIX: dict[str, Entry] = {
    # --- queries ---------------------------------------------------------------------
    "Query.node": Entry(
        "query ($draft: ID!) { node(id: $draft) { id } }",
        roles("null", **{"editor": "visible", "admin": "visible"}),
        draft_article_id,
        visible(lambda data: data["node"]),
    ),
    "Query.nodes": Entry(
        "query ($draft: ID!, $published: ID!) { nodes(ids: [$published, $draft]) { id } }",
        roles("1 of 2", editor="2 of 2", admin="2 of 2"),
        draft_article_id,
        null_or(lambda data: f"{sum(node is not None for node in data['nodes'])} of 2"),
    ),
    "Query.viewer": Entry(
        "{ viewer { user { displayName } } }",
        roles("self", anonymous="null"),
        reduce=null_or(lambda data: "null" if data["viewer"] is None else "self"),
    ),
    "Query.municipalities": Entry("{ municipalities(first: 1) { totalCount } }", everyone("ok")),
    "Query.parties": Entry("{ parties(first: 1) { totalCount } }", everyone("ok")),
    "Query.party": Entry(
        "query ($slug: String!) { party(slug: $slug) { name members { totalCount } } }",
        roles("profile only", member="profile and 2 members", chair="profile and 2 members",
              editor="profile and 2 members", helpdesk="profile and 2 members",
              moderator="profile and 2 members", admin="profile and 2 members"),
        party_a,
        null_or(lambda data: "profile only" if data["party"]["members"]["totalCount"] == 0
                else f"profile and {data['party']['members']['totalCount']} members"),
    ),
    "Query.topics": Entry("{ topics { slug } }", everyone("ok")),
    "Query.articles": Entry(
        "{ articles(status: [DRAFT, PUBLISHED]) { totalCount } }",
        roles("1 (published)", editor="2 (with drafts)", admin="2 (with drafts)"),
        reduce=null_or(lambda data: "1 (published)" if data["articles"]["totalCount"] == 1 else "2 (with drafts)"),
    ),
    "Query.article": Entry(
        '{ article(slug: "concept") { title } }',
        roles("null", editor="visible", admin="visible"),
        reduce=visible(lambda data: data["article"]),
    ),
    "Query.trainings": Entry(
        "{ trainings(status: [DRAFT, PUBLISHED]) { totalCount } }",
        roles("1 (published)", editor="2 (with drafts)", admin="2 (with drafts)"),
        reduce=null_or(lambda data: "1 (published)" if data["trainings"]["totalCount"] == 1 else "2 (with drafts)"),
    ),
    "Query.training": Entry(
        '{ training(slug: "concepttraining") { title } }',
        roles("null", editor="visible", admin="visible"),
        reduce=visible(lambda data: data["training"]),
    ),
    # --- trainings -------------------------------------------------------------------
    "Mutation.registerForTraining": Entry(
        "mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { errors { code } } }",
        roles("ok", anonymous="UNAUTHENTICATED", outsider="FORBIDDEN", pending="FORBIDDEN"),
        fresh_published_training,
        payload_outcome("registerForTraining"),
    ),
    "Mutation.cancelTrainingRegistration": Entry(
        "mutation ($id: ID!) { cancelTrainingRegistration(input: {registrationId: $id}) { errors { code } } }",
        roles("NOT_FOUND", anonymous="UNAUTHENTICATED", member="ok", editor="ok", admin="ok"),
        members_registration,
        payload_outcome("cancelTrainingRegistration"),
    ),
    "Mutation.createTraining": Entry(
        """mutation { createTraining(input: {title: "Nieuw", summary: "Kort", format: ONLINE, capacity: 5,
           sessions: [{startsAt: "2030-01-01T19:00:00+01:00", endsAt: "2030-01-01T21:00:00+01:00"}]}) { errors { code } } }""",
        roles("FORBIDDEN", **EDITORS),
        reduce=payload_outcome("createTraining"),
    ),
    "Mutation.updateTraining": Entry(
        'mutation ($id: ID!) { updateTraining(input: {id: $id, title: "Anders"}) { errors { code } } }',
        roles("FORBIDDEN", **EDITORS),
        fresh_draft_training,
        payload_outcome("updateTraining"),
    ),
    "Mutation.publishTraining": Entry(
        "mutation ($id: ID!) { publishTraining(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", **EDITORS),
        fresh_draft_training,
        payload_outcome("publishTraining"),
    ),
    "Mutation.archiveTraining": Entry(
        "mutation ($id: ID!) { archiveTraining(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", **EDITORS),
        fresh_published_training,
        payload_outcome("archiveTraining"),
    ),
    # --- knowledge base --------------------------------------------------------------
    "Mutation.createArticle": Entry(
        'mutation ($topic: ID!) { createArticle(input: {title: "Nieuw stuk", summary: "Kort", body: "Tekst", topicId: $topic}) { errors { code } } }',
        roles("FORBIDDEN", **EDITORS),
        fresh_draft_article,
        payload_outcome("createArticle"),
    ),
    "Mutation.updateArticle": Entry(
        'mutation ($id: ID!) { updateArticle(input: {id: $id, title: "Anders"}) { errors { code } } }',
        roles("FORBIDDEN", **EDITORS),
        fresh_draft_article,
        payload_outcome("updateArticle"),
    ),
    "Mutation.publishArticle": Entry(
        "mutation ($id: ID!) { publishArticle(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", **EDITORS),
        fresh_draft_article,
        payload_outcome("publishArticle"),
    ),
    "Mutation.archiveArticle": Entry(
        "mutation ($id: ID!) { archiveArticle(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", **EDITORS),
        fresh_published_article,
        payload_outcome("archiveArticle"),
    ),
    # --- memberships -----------------------------------------------------------------
    "Mutation.requestMembership": Entry(
        "mutation ($party: ID!) { requestMembership(input: {partyId: $party, role: MEMBER}) { errors { code } } }",
        roles("ok", anonymous="UNAUTHENTICATED", pending="CONFLICT", member="CONFLICT", chair="CONFLICT"),
        party_a,
        payload_outcome("requestMembership"),
    ),
    "Mutation.decideMembership": Entry(
        "mutation ($id: ID!) { decideMembership(input: {memberId: $id, approve: true}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", chair="ok", admin="ok"),
        pending_request_in_party_a,
        payload_outcome("decideMembership"),
    ),
    "Mutation.revokeMembership": Entry(
        "mutation ($id: ID!) { revokeMembership(input: {memberId: $id}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", chair="ok", admin="ok"),
        verified_member_of_party_a,
        payload_outcome("revokeMembership"),
    ),
    # --- staff roles and notifications -----------------------------------------------
    "Mutation.grantStaffRole": Entry(
        "mutation ($user: ID!) { grantStaffRole(input: {userId: $user, role: EDITOR}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_fresh_user,
        payload_outcome("grantStaffRole"),
    ),
    "Mutation.revokeStaffRole": Entry(
        "mutation ($user: ID!) { revokeStaffRole(input: {userId: $user, role: EDITOR}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_fresh_editor,
        payload_outcome("revokeStaffRole"),
    ),
    "Mutation.markNotificationsRead": Entry(
        "mutation { markNotificationsRead(input: {all: true}) { errors { code } } }",
        roles("ok", anonymous="UNAUTHENTICATED"),
        reduce=payload_outcome("markNotificationsRead"),
    ),
}

# Subscriptions are checked over a WebSocket (see `test_subscription_matrix`).
SUBSCRIPTIONS: dict[str, dict[str, str]] = {
    "Subscription.trainingUpdated": roles("NOT_FOUND", editor="data", admin="data"),
}


def root_fields() -> set[str]:
    schema = build_schema()._schema
    names = set()
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is not None:
            names |= {f"{root.name}.{name}" for name in root.fields}
    return names


def test_every_root_field_has_an_entry() -> None:
    assert root_fields() == set(MATRIX) | set(SUBSCRIPTIONS)


@pytest.mark.parametrize("name", sorted(MATRIX))
async def test_authorization_matrix(db: Database, gql: GraphQLClient, name: str) -> None:
    world = await build_world(db)
    entry = MATRIX[name]
    outcomes = {}
    for role in ROLES:
        variables = await entry.arrange(world)
        response = await gql(entry.operation, variables, token=world.tokens.get(role))
        outcomes[role] = entry.reduce(response)
    assert outcomes == entry.expected


async def test_subscription_matrix(db: Database, server: RunningServer) -> None:
    world = await build_world(db)
    assert world.draft_training is not None
    url = server.url.replace("http://", "ws://") + "/graphql"
    outcomes = {}
    for role in ROLES:
        payload = {"authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            assert json.loads(await ws.recv()) == {"type": "connection_ack"}
            query = "subscription ($id: ID!) { trainingUpdated(trainingId: $id) { title } }"
            variables = {"id": encode_id("Training", world.draft_training.id)}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}))
            message = json.loads(await ws.recv())["payload"]
            outcomes[role] = message["errors"][0]["extensions"]["code"] if message.get("errors") else "data"
    assert outcomes == SUBSCRIPTIONS["Subscription.trainingUpdated"]
