"""Who may do what: every root field of the schema, for every kind of caller, in one table.

Each entry runs one operation as each role and reduces the answer to a short outcome
("ok", "null", an error code, or what was visible). A root field without an entry fails
`test_every_root_field_has_an_entry`, so a new query or mutation cannot ship without
someone writing down who may use it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import websockets
from graphql import parse

from graph.ids import decode_id, encode_id
from graph.public_surface import fields_outside
from graph.schema.schema import build_schema
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.service import create_user, load_viewer
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import service as content
from kennispunt.content.models import Article
from kennispunt.db import Database
from kennispunt.forum import moderation as forum_moderation
from kennispunt.forum.models import Thread as ForumThread
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketStatus
from kennispunt.parties.models import MemberRole, MemberStatus, Party
from kennispunt.partners import service as partners
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training
from tests.conftest import GraphQLClient, RunningServer
from tests.factories import (
    EDITOR,
    make_article,
    make_category,
    make_member,
    make_partner_key,
    make_party,
    make_reply,
    make_thread,
    make_ticket,
    make_ticket_reply,
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
STAFF = {
    "editor": StaffRole.EDITOR,
    "helpdesk": StaffRole.HELPDESK,
    "moderator": StaffRole.MODERATOR,
    "admin": StaffRole.ADMIN,
}


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
        user = await make_user(
            db, f"{role}@example.org", role.capitalize(), (STAFF[role],) if role in STAFF else ()
        )
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


EDITORS = {"anonymous": "UNAUTHENTICATED", "editor": "ok", "admin": "ok"}
"""Editors write; the rest are refused, and anonymous callers asked to sign in (as by every mutation)."""
SIGNED_IN_FORBIDDEN = roles("FORBIDDEN", anonymous="FORBIDDEN")


async def draft_article_id(world: World) -> dict[str, Any]:
    assert world.draft_article is not None and world.article is not None
    return {
        "draft": encode_id("Article", world.draft_article.id),
        "published": encode_id("Article", world.article.id),
    }


async def fresh_draft_article(world: World) -> dict[str, Any]:
    topic_id = world.draft_article.topic_id if world.draft_article else 0
    article = await make_article_in(world, topic_id)
    return {"id": encode_id("Article", article.id), "topic": encode_id("Topic", topic_id)}


async def make_article_in(world: World, topic_id: int) -> Article:

    async with world.db.transaction() as session:
        return await content.create_article(
            session, EDITOR, title=world.unique("Artikel"), summary="Kort.", body="Tekst.", topic_id=topic_id
        )


async def fresh_published_article(world: World) -> dict[str, Any]:
    variables = await fresh_draft_article(world)

    async with world.db.transaction() as session:
        await content.publish_article(session, EDITOR, int_id(variables["id"]))
    return variables


def int_id(global_id: str) -> int:

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
    return {
        "id": encode_id("Training", world.training.id),
        "draft": encode_id("Training", world.draft_training.id),
    }


async def members_registration(world: World) -> dict[str, Any]:
    """A fresh training on which the verified member holds a seat."""

    training = await make_training(world.db, world.unique("Training"))
    async with world.db.transaction() as session:
        viewer = await load_viewer(session, world.users["member"].id)
        registration = await trainings.register(session, viewer, training.id)
    return {"id": encode_id("TrainingRegistration", registration.id)}


async def pending_request_in_party_a(world: World) -> dict[str, Any]:

    async with world.db.transaction() as session:
        user = await create_user(session, world.unique("aanvrager") + "@example.org", "Aanvrager")
    member = await make_member(world.db, user, world.party_a, MemberRole.SECRETARY, MemberStatus.PENDING)
    return {"id": encode_id("Member", member.id)}


async def verified_member_of_party_a(world: World) -> dict[str, Any]:

    async with world.db.transaction() as session:
        user = await create_user(session, world.unique("lid") + "@example.org", "Lid")
    member = await make_member(world.db, user, world.party_a, MemberRole.MEMBER, MemberStatus.VERIFIED)
    return {"id": encode_id("Member", member.id)}


async def party_a(world: World) -> dict[str, Any]:
    return {"party": encode_id("Party", world.party_a.id), "slug": world.party_a.slug}


async def a_fresh_user(world: World) -> dict[str, Any]:
    user = await make_user(world.db, world.unique("nieuw") + "@example.org", "Nieuw")
    return {"user": encode_id("User", user.id)}


async def the_member(world: World) -> dict[str, Any]:
    return {"user": encode_id("User", world.users["member"].id)}


async def a_fresh_user_to_erase(world: World) -> dict[str, Any]:
    email = world.unique("weg") + "@example.org"
    user = await make_user(world.db, email, "Weg")
    return {"user": encode_id("User", user.id), "email": email}


async def a_fresh_editor(world: World) -> dict[str, Any]:
    user = await make_user(
        world.db, world.unique("redacteur") + "@example.org", "Redacteur", (StaffRole.EDITOR,)
    )
    return {"user": encode_id("User", user.id)}


def visible(path: Callable[[dict[str, Any]], Any]) -> Reduce:
    return null_or(lambda data: "null" if path(data) is None else "visible")


# --- forum -------------------------------------------------------------------------------

FORUM_MODERATOR = Viewer(user_id=None, roles=frozenset({StaffRole.MODERATOR}))
FORUM_READERS = roles("ok", anonymous="UNAUTHENTICATED", outsider="FORBIDDEN", pending="FORBIDDEN")
FORUM_MODERATORS = roles("FORBIDDEN", anonymous="UNAUTHENTICATED", moderator="ok", admin="ok")
FORUM_VISIBLE = roles("visible", anonymous="empty", outsider="empty", pending="empty")


async def forum_thread(world: World) -> ForumThread:
    """A fresh thread started by the verified member of party A, in a fresh category."""
    category = await make_category(world.db, world.unique("Categorie"))
    return await make_thread(world.db, world.users["member"], category, world.unique("Kascommissie"))


async def a_forum_category(world: World) -> dict[str, Any]:
    category = await make_category(world.db, world.unique("Categorie"))
    return {"id": encode_id("ForumCategory", category.id), "slug": category.slug}


async def a_forum_thread(world: World) -> dict[str, Any]:
    thread = await forum_thread(world)
    return {"id": encode_id("Thread", thread.id), "category": encode_id("ForumCategory", thread.category_id)}


async def a_forum_reply(world: World) -> dict[str, Any]:
    """A reply by party A's chair in a thread of party A's member."""
    reply = await make_reply(world.db, world.users["chair"], await forum_thread(world))
    return {"id": encode_id("Reply", reply.id)}


async def a_moderated_thread(
    world: World, action: Callable[..., Awaitable[Any]], *args: Any
) -> dict[str, Any]:
    thread = await forum_thread(world)
    async with world.db.transaction() as session:
        await action(session, FORUM_MODERATOR, thread.id, *args)
    return {"id": encode_id("Thread", thread.id)}


async def a_hidden_reply(world: World) -> dict[str, Any]:
    variables = await a_forum_reply(world)
    async with world.db.transaction() as session:
        await forum_moderation.hide_reply(session, FORUM_MODERATOR, int_id(variables["id"]), "Reclame")
    return variables


async def an_open_report(world: World) -> dict[str, Any]:

    thread = await forum_thread(world)
    async with world.db.transaction() as session:
        reporter = await load_viewer(session, world.users["other_party"].id)
        report = await forum_moderation.report_post(session, reporter, reason="Reclame", thread_id=thread.id)
    return {"id": encode_id("ForumReport", report.id)}


async def a_thread_and_another_category(world: World) -> dict[str, Any]:
    return {**await a_forum_thread(world), "to": (await a_forum_category(world))["id"]}


def forum_list(path: Callable[[dict[str, Any]], int]) -> Reduce:
    return null_or(lambda data: "visible" if path(data) > 0 else "empty")


# --- helpdesk ----------------------------------------------------------------------------

HELPDESK_STAFF = roles("FORBIDDEN", anonymous="UNAUTHENTICATED", helpdesk="ok", admin="ok")
TICKET_READERS = {"member": "visible", "chair": "visible", "helpdesk": "visible", "admin": "visible"}


async def a_ticket(world: World) -> dict[str, Any]:
    """A fresh ticket of party A's member, asked on behalf of party A."""
    return ticket_variables(
        world, await make_ticket(world.db, world.users["member"], world.unique("Vraag"), party=world.party_a)
    )


def ticket_variables(world: World, ticket: Ticket) -> dict[str, Any]:
    return {
        "id": encode_id("Ticket", ticket.id),
        "number": ticket.number,
        "member": encode_id("User", world.users["member"].id),
        "helpdesk": encode_id("User", world.users["helpdesk"].id),
    }


async def a_resolved_ticket(world: World) -> dict[str, Any]:
    """A ticket of party A's member that the helpdesk answered and resolved."""

    ticket = await make_ticket(world.db, world.users["member"], world.unique("Vraag"), party=world.party_a)
    await make_ticket_reply(world.db, world.users["helpdesk"], ticket, "Zo doe je dat.")
    async with world.db.transaction() as session:
        staff = await load_viewer(session, world.users["helpdesk"].id)
        await helpdesk.set_ticket_status(session, staff, ticket.id, TicketStatus.RESOLVED)
    assert world.article is not None
    return {**ticket_variables(world, ticket), "topic": encode_id("Topic", world.article.topic_id)}


async def a_partner_key(world: World) -> dict[str, Any]:
    async with world.db.transaction() as session:
        draft = partners.PartnerKeyDraft(
            name=world.unique("Gemeente"), allowed_origins=["https://www.utrecht.nl"]
        )
        issued = await partners.issue_key(session, draft, "60/minute")
    return {"id": encode_id("PartnerKey", issued.record.id)}


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
    "Query.rateLimit": Entry(
        "{ rateLimit { limit cost } }",
        roles("5000 per hour, cost 1", anonymous="null"),
        reduce=null_or(
            lambda data: (
                "null"
                if data["rateLimit"] is None
                else f"{data['rateLimit']['limit']} per hour, cost {data['rateLimit']['cost']}"
            )
        ),
    ),
    "Query.municipalities": Entry("{ municipalities(first: 1) { totalCount } }", everyone("ok")),
    "Query.parties": Entry("{ parties(first: 1) { totalCount } }", everyone("ok")),
    "Query.party": Entry(
        "query ($slug: String!) { party(slug: $slug) { name members { totalCount } } }",
        roles(
            "profile only",
            member="profile and 2 members",
            chair="profile and 2 members",
            editor="profile and 2 members",
            helpdesk="profile and 2 members",
            moderator="profile and 2 members",
            admin="profile and 2 members",
        ),
        party_a,
        null_or(
            lambda data: (
                "profile only"
                if data["party"]["members"]["totalCount"] == 0
                else f"profile and {data['party']['members']['totalCount']} members"
            )
        ),
    ),
    "Query.topics": Entry("{ topics { slug } }", everyone("ok")),
    "Query.articles": Entry(
        "{ articles(status: [DRAFT, PUBLISHED]) { totalCount } }",
        roles("1 (published)", editor="2 (with drafts)", admin="2 (with drafts)"),
        reduce=null_or(
            lambda data: "1 (published)" if data["articles"]["totalCount"] == 1 else "2 (with drafts)"
        ),
    ),
    "Query.article": Entry(
        '{ article(slug: "concept") { title } }',
        roles("null", editor="visible", admin="visible"),
        reduce=visible(lambda data: data["article"]),
    ),
    "Query.trainings": Entry(
        "{ trainings(status: [DRAFT, PUBLISHED]) { totalCount } }",
        roles("1 (published)", editor="2 (with drafts)", admin="2 (with drafts)"),
        reduce=null_or(
            lambda data: "1 (published)" if data["trainings"]["totalCount"] == 1 else "2 (with drafts)"
        ),
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
    "Mutation.blockUser": Entry(
        "mutation ($user: ID!) { blockUser(input: {userId: $user}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_fresh_user,
        payload_outcome("blockUser"),
    ),
    "Mutation.unblockUser": Entry(
        "mutation ($user: ID!) { unblockUser(input: {userId: $user}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_fresh_user,
        payload_outcome("unblockUser"),
    ),
    # --- personal data ---------------------------------------------------------------
    "Mutation.exportPersonalData": Entry(
        "mutation ($user: ID!) { exportPersonalData(input: {userId: $user}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", member="ok", admin="ok"),
        the_member,
        payload_outcome("exportPersonalData"),
    ),
    "Mutation.eraseAccount": Entry(
        "mutation ($user: ID!, $email: String!) "
        "{ eraseAccount(input: {userId: $user, confirmEmail: $email}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_fresh_user_to_erase,
        payload_outcome("eraseAccount"),
    ),
    "Mutation.markNotificationsRead": Entry(
        "mutation { markNotificationsRead(input: {all: true}) { errors { code } } }",
        roles("ok", anonymous="UNAUTHENTICATED"),
        reduce=payload_outcome("markNotificationsRead"),
    ),
    # --- forum -----------------------------------------------------------------------
    "Query.forumCategories": Entry(
        "{ forumCategories { slug } }",
        FORUM_VISIBLE,
        a_forum_category,
        forum_list(lambda data: len(data["forumCategories"])),
    ),
    "Query.forumCategory": Entry(
        "query ($slug: String!) { forumCategory(slug: $slug) { name } }",
        roles("visible", anonymous="null", outsider="null", pending="null"),
        a_forum_category,
        visible(lambda data: data["forumCategory"]),
    ),
    "Query.forumSearch": Entry(
        '{ forumSearch(query: "kascommissie") { totalCount } }',
        FORUM_VISIBLE,
        a_forum_thread,
        forum_list(lambda data: data["forumSearch"]["totalCount"]),
    ),
    "Query.forumReports": Entry(
        "{ forumReports { totalCount } }",
        roles("empty", moderator="visible", admin="visible"),
        an_open_report,
        forum_list(lambda data: data["forumReports"]["totalCount"]),
    ),
    "Query.moderationLog": Entry(
        "{ moderationLog { totalCount } }",
        roles("empty", moderator="visible", admin="visible"),
        lambda world: a_moderated_thread(world, forum_moderation.lock_thread),
        forum_list(lambda data: data["moderationLog"]["totalCount"]),
    ),
    "Mutation.createForumCategory": Entry(
        'mutation { createForumCategory(input: {name: "Financiën"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        reduce=payload_outcome("createForumCategory"),
    ),
    "Mutation.updateForumCategory": Entry(
        'mutation ($id: ID!) { updateForumCategory(input: {id: $id, name: "Anders"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_forum_category,
        payload_outcome("updateForumCategory"),
    ),
    "Mutation.startThread": Entry(
        'mutation ($id: ID!) { startThread(input: {categoryId: $id, title: "Vraag", body: "Tekst"}) { errors { code } } }',
        FORUM_READERS,
        a_forum_category,
        payload_outcome("startThread"),
    ),
    "Mutation.postReply": Entry(
        'mutation ($id: ID!) { postReply(input: {threadId: $id, body: "Antwoord"}) { errors { code } } }',
        FORUM_READERS,
        a_forum_thread,
        payload_outcome("postReply"),
    ),
    "Mutation.editThread": Entry(
        'mutation ($id: ID!) { editThread(input: {threadId: $id, title: "Anders"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", member="ok", moderator="ok", admin="ok"),
        a_forum_thread,
        payload_outcome("editThread"),
    ),
    "Mutation.editReply": Entry(
        'mutation ($id: ID!) { editReply(input: {replyId: $id, body: "Anders"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", chair="ok", moderator="ok", admin="ok"),
        a_forum_reply,
        payload_outcome("editReply"),
    ),
    "Mutation.reactToReply": Entry(
        "mutation ($id: ID!) { reactToReply(input: {replyId: $id, reaction: HELPFUL}) { errors { code } } }",
        FORUM_READERS,
        a_forum_reply,
        payload_outcome("reactToReply"),
    ),
    "Mutation.acceptAnswer": Entry(
        "mutation ($id: ID!) { acceptAnswer(input: {replyId: $id}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", member="ok", moderator="ok", admin="ok"),
        a_forum_reply,
        payload_outcome("acceptAnswer"),
    ),
    "Mutation.followThread": Entry(
        "mutation ($id: ID!) { followThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_READERS,
        a_forum_thread,
        payload_outcome("followThread"),
    ),
    "Mutation.unfollowThread": Entry(
        "mutation ($id: ID!) { unfollowThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_READERS,
        a_forum_thread,
        payload_outcome("unfollowThread"),
    ),
    "Mutation.markThreadRead": Entry(
        "mutation ($id: ID!) { markThreadRead(input: {threadId: $id}) { errors { code } } }",
        FORUM_READERS,
        a_forum_thread,
        payload_outcome("markThreadRead"),
    ),
    "Mutation.reportPost": Entry(
        'mutation ($id: ID!) { reportPost(input: {postId: $id, reason: "Reclame"}) { errors { code } } }',
        FORUM_READERS,
        a_forum_reply,
        payload_outcome("reportPost"),
    ),
    "Mutation.resolveForumReport": Entry(
        "mutation ($id: ID!) { resolveForumReport(input: {reportId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        an_open_report,
        payload_outcome("resolveForumReport"),
    ),
    "Mutation.hideReply": Entry(
        'mutation ($id: ID!) { hideReply(input: {replyId: $id, reason: "Reclame"}) { errors { code } } }',
        FORUM_MODERATORS,
        a_forum_reply,
        payload_outcome("hideReply"),
    ),
    "Mutation.unhideReply": Entry(
        "mutation ($id: ID!) { unhideReply(input: {replyId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        a_hidden_reply,
        payload_outcome("unhideReply"),
    ),
    "Mutation.hideThread": Entry(
        'mutation ($id: ID!) { hideThread(input: {threadId: $id, reason: "Privacy"}) { errors { code } } }',
        FORUM_MODERATORS,
        a_forum_thread,
        payload_outcome("hideThread"),
    ),
    "Mutation.unhideThread": Entry(
        "mutation ($id: ID!) { unhideThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        lambda world: a_moderated_thread(world, forum_moderation.hide_thread, "Privacy"),
        payload_outcome("unhideThread"),
    ),
    "Mutation.lockThread": Entry(
        "mutation ($id: ID!) { lockThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        a_forum_thread,
        payload_outcome("lockThread"),
    ),
    "Mutation.unlockThread": Entry(
        "mutation ($id: ID!) { unlockThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        lambda world: a_moderated_thread(world, forum_moderation.lock_thread),
        payload_outcome("unlockThread"),
    ),
    "Mutation.pinThread": Entry(
        "mutation ($id: ID!) { pinThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        a_forum_thread,
        payload_outcome("pinThread"),
    ),
    "Mutation.unpinThread": Entry(
        "mutation ($id: ID!) { unpinThread(input: {threadId: $id}) { errors { code } } }",
        FORUM_MODERATORS,
        lambda world: a_moderated_thread(world, forum_moderation.pin_thread),
        payload_outcome("unpinThread"),
    ),
    "Mutation.moveThread": Entry(
        "mutation ($id: ID!, $to: ID!) { moveThread(input: {threadId: $id, categoryId: $to}) { errors { code } } }",
        FORUM_MODERATORS,
        a_thread_and_another_category,
        payload_outcome("moveThread"),
    ),
    # --- partner keys --------------------------------------------------------------------
    "Query.partnerKeys": Entry(
        "{ partnerKeys { totalCount } }",
        roles("empty", admin="visible"),
        a_partner_key,
        forum_list(lambda data: data["partnerKeys"]["totalCount"]),
    ),
    "Mutation.createPartnerKey": Entry(
        'mutation { createPartnerKey(input: {name: "Gemeente Ede"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        reduce=payload_outcome("createPartnerKey"),
    ),
    "Mutation.updatePartnerKey": Entry(
        'mutation ($id: ID!) { updatePartnerKey(input: {id: $id, rate: "30/minute"}) { errors { code } } }',
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_partner_key,
        payload_outcome("updatePartnerKey"),
    ),
    "Mutation.rotatePartnerKey": Entry(
        "mutation ($id: ID!) { rotatePartnerKey(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_partner_key,
        payload_outcome("rotatePartnerKey"),
    ),
    "Mutation.revokePartnerKey": Entry(
        "mutation ($id: ID!) { revokePartnerKey(input: {id: $id}) { errors { code } } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", admin="ok"),
        a_partner_key,
        payload_outcome("revokePartnerKey"),
    ),
    # --- helpdesk ------------------------------------------------------------------------
    "Query.tickets": Entry(
        "{ tickets { totalCount } }",
        roles("empty", **TICKET_READERS),
        a_ticket,
        forum_list(lambda data: data["tickets"]["totalCount"]),
    ),
    "Query.ticket": Entry(
        "query ($number: String!) { ticket(number: $number) { subject } }",
        roles("null", **TICKET_READERS),
        a_ticket,
        visible(lambda data: data["ticket"]),
    ),
    "Mutation.openTicket": Entry(
        'mutation { openTicket(input: {subject: "Vraag", body: "Hoe?"}) { errors { code } } }',
        roles("ok", anonymous="UNAUTHENTICATED"),
        reduce=payload_outcome("openTicket"),
    ),
    "Mutation.replyToTicket": Entry(
        'mutation ($id: ID!) { replyToTicket(input: {ticketId: $id, body: "Aanvulling"}) { errors { code } } }',
        roles(
            "NOT_FOUND",
            anonymous="UNAUTHENTICATED",
            member="ok",
            chair="FORBIDDEN",
            helpdesk="ok",
            admin="ok",
        ),
        a_ticket,
        payload_outcome("replyToTicket"),
    ),
    "Mutation.addInternalNote": Entry(
        'mutation ($id: ID!) { addInternalNote(input: {ticketId: $id, body: "Intern"}) { errors { code } } }',
        HELPDESK_STAFF,
        a_ticket,
        payload_outcome("addInternalNote"),
    ),
    "Mutation.logPhoneCall": Entry(
        'mutation ($member: ID!) { logPhoneCall(input: {requesterId: $member, subject: "Gebeld", body: "Vraag"}) { errors { code } } }',
        HELPDESK_STAFF,
        a_ticket,
        payload_outcome("logPhoneCall"),
    ),
    "Mutation.assignTicket": Entry(
        "mutation ($id: ID!, $helpdesk: ID!) { assignTicket(input: {ticketId: $id, assigneeId: $helpdesk}) { errors { code } } }",
        HELPDESK_STAFF,
        a_ticket,
        payload_outcome("assignTicket"),
    ),
    "Mutation.setTicketStatus": Entry(
        "mutation ($id: ID!) { setTicketStatus(input: {ticketId: $id, status: PENDING}) { errors { code } } }",
        HELPDESK_STAFF,
        a_ticket,
        payload_outcome("setTicketStatus"),
    ),
    "Mutation.setTicketPriority": Entry(
        "mutation ($id: ID!) { setTicketPriority(input: {ticketId: $id, priority: URGENT}) { errors { code } } }",
        HELPDESK_STAFF,
        a_ticket,
        payload_outcome("setTicketPriority"),
    ),
    "Mutation.rateTicket": Entry(
        "mutation ($id: ID!) { rateTicket(input: {ticketId: $id, rating: 4}) { errors { code } } }",
        roles(
            "NOT_FOUND",
            anonymous="UNAUTHENTICATED",
            member="ok",
            chair="FORBIDDEN",
            helpdesk="FORBIDDEN",
            admin="FORBIDDEN",
        ),
        a_resolved_ticket,
        payload_outcome("rateTicket"),
    ),
    "Mutation.draftArticleFromTicket": Entry(
        "mutation ($id: ID!, $topic: ID!) { draftArticleFromTicket(input: {ticketId: $id, topicId: $topic}) { errors { code } } }",
        HELPDESK_STAFF,
        a_resolved_ticket,
        payload_outcome("draftArticleFromTicket"),
    ),
}


# Subscriptions are checked over a WebSocket (see `test_subscription_matrix`).
@dataclass(frozen=True)
class SubscriptionEntry:
    operation: str
    expected: dict[str, str]
    arrange: Arrange = no_variables


async def draft_training_id(world: World) -> dict[str, Any]:
    assert world.draft_training is not None
    return {"id": encode_id("Training", world.draft_training.id)}


async def a_thread(world: World) -> dict[str, Any]:
    category = await make_category(world.db, world.unique("Categorie"))
    thread = await make_thread(world.db, world.users["member"], category)
    return {"id": encode_id("Thread", thread.id)}


async def a_category(world: World) -> dict[str, Any]:
    category = await make_category(world.db, world.unique("Categorie"))
    return {"id": encode_id("ForumCategory", category.id)}


async def members_ticket(world: World) -> dict[str, Any]:
    """A ticket of the verified member, asked on behalf of party A (whose chair follows it)."""

    async with world.db.transaction() as session:
        viewer = await load_viewer(session, world.users["member"].id)
        ticket = await helpdesk.open_ticket(
            session, viewer, subject=world.unique("Vraag"), body="Hoe werkt dit?", party_id=world.party_a.id
        )
    return {"id": encode_id("Ticket", ticket.id)}


# Outcome: the first message's error code, "data", or "waiting" (subscribed, nothing yet).
SUBSCRIPTIONS: dict[str, SubscriptionEntry] = {
    "Subscription.trainingUpdated": SubscriptionEntry(
        "subscription ($id: ID!) { trainingUpdated(trainingId: $id) { title } }",
        roles("NOT_FOUND", editor="data", admin="data"),
        draft_training_id,
    ),
    "Subscription.threadActivity": SubscriptionEntry(
        "subscription ($id: ID!) { threadActivity(threadId: $id) { cursor } }",
        roles("waiting", anonymous="UNAUTHENTICATED", outsider="FORBIDDEN", pending="FORBIDDEN"),
        a_thread,
    ),
    "Subscription.categoryActivity": SubscriptionEntry(
        "subscription ($id: ID!) { categoryActivity(categoryId: $id) { cursor } }",
        roles("waiting", anonymous="UNAUTHENTICATED", outsider="FORBIDDEN", pending="FORBIDDEN"),
        a_category,
    ),
    "Subscription.helpdeskQueue": SubscriptionEntry(
        "subscription { helpdeskQueue { cursor } }",
        roles("FORBIDDEN", anonymous="UNAUTHENTICATED", helpdesk="waiting", admin="waiting"),
    ),
    "Subscription.ticketActivity": SubscriptionEntry(
        "subscription ($id: ID!) { ticketActivity(ticketId: $id) { cursor } }",
        roles(
            "NOT_FOUND",
            anonymous="UNAUTHENTICATED",
            member="waiting",
            chair="waiting",
            helpdesk="waiting",
            admin="waiting",
        ),
        members_ticket,
    ),
    "Subscription.notificationReceived": SubscriptionEntry(
        "subscription { notificationReceived { cursor } }",
        roles("waiting", anonymous="UNAUTHENTICATED"),
    ),
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


async def subscription_outcome(
    server: RunningServer, payload: dict[str, str], operation: str, variables: dict[str, Any]
) -> str:
    """The first message's error code, "data", or "waiting" (subscribed, nothing yet)."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        await ws.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": operation, "variables": variables}}
            )
        )
        try:
            message = json.loads(await asyncio.wait_for(ws.recv(), 1.0))
        except TimeoutError:
            return "waiting"
    errors = message["payload"] if message["type"] == "error" else message["payload"].get("errors")
    return str(errors[0]["extensions"]["code"]) if errors else "data"


@pytest.mark.parametrize("name", sorted(SUBSCRIPTIONS))
async def test_subscription_matrix(db: Database, server: RunningServer, name: str) -> None:
    world = await build_world(db)
    entry = SUBSCRIPTIONS[name]
    outcomes = {}
    for role in ROLES:
        payload = {"authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        outcomes[role] = await subscription_outcome(
            server, payload, entry.operation, await entry.arrange(world)
        )
    assert outcomes == entry.expected


# --- partner keys: what anonymous visitors read, and nothing else ----------------------------


@pytest.mark.parametrize("name", sorted(MATRIX))
async def test_a_partner_key_reads_what_anonymous_visitors_read_and_nothing_else(
    db: Database, http: httpx.AsyncClient, name: str
) -> None:
    world = await build_world(db)
    key = await make_partner_key(db, origins=[])
    entry = MATRIX[name]
    variables = await entry.arrange(world)

    response = await http.post(
        "/graphql", json={"query": entry.operation, "variables": variables}, headers={"X-Api-Key": key}
    )

    outside = fields_outside(build_schema()._schema, parse(entry.operation))
    if outside == ["Query.rateLimit"]:  # the key's own budget
        assert response.json() == {"data": {"rateLimit": {"limit": 50000, "cost": 1}}}
    elif outside:
        assert [error["extensions"]["code"] for error in response.json()["errors"]] == ["FORBIDDEN"]
    else:
        assert name.startswith("Query.")
        assert entry.reduce(response.json()) == entry.expected["anonymous"]


@pytest.mark.parametrize("name", sorted(SUBSCRIPTIONS))
async def test_a_partner_key_subscribes_to_public_events_only(
    db: Database, server: RunningServer, name: str
) -> None:
    world = await build_world(db)
    key = await make_partner_key(db, origins=[])
    entry = SUBSCRIPTIONS[name]

    outcome = await subscription_outcome(server, {"apiKey": key}, entry.operation, await entry.arrange(world))

    public = not fields_outside(build_schema()._schema, parse(entry.operation))
    assert outcome == (entry.expected["anonymous"] if public else "FORBIDDEN")
