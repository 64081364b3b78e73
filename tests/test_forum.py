"""The forum over GraphQL: categories, threads, replies, reactions, follows, unread counts,
accepted answers, search, rate limits and who may see what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from graph.ids import encode_id
from graph.pagination import encode_cursor as cursor
from kennispunt import ratelimit
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import DISPLAY_TIMEZONE, Database
from kennispunt.events.models import Event
from kennispunt.forum import posting
from kennispunt.forum import service as forum_service
from kennispunt.forum.models import ForumCategory, ReadMark, Reply, Thread, ThreadFollow
from kennispunt.forum.service import MANY_USERS
from kennispunt.parties.models import MemberRole, MemberStatus, Party
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, RunningServer, count_statements, limits_changed
from tests.factories import (
    make_category,
    make_member,
    make_party,
    make_reply,
    make_thread,
    make_token,
    make_user,
    make_verified_member,
)

# --- helpers -----------------------------------------------------------------------


def gid(obj: ForumCategory | Thread | Reply | User | Party) -> str:
    names = {ForumCategory: "ForumCategory", Thread: "Thread", Reply: "Reply", User: "User", Party: "Party"}
    return encode_id(names[type(obj)], obj.id)


def iso(moment: datetime) -> str:
    return moment.astimezone(DISPLAY_TIMEZONE).isoformat()


async def member(
    db: Database, email: str = "lid@example.org", name: str = "Sanne de Boer"
) -> tuple[User, str]:
    """A verified member of Lokaal Utrecht, signed in."""
    user = await make_verified_member(db, email, name)
    return user, await make_token(db, user)


async def staff(db: Database, role: StaffRole, email: str, name: str) -> tuple[User, str]:
    user = await make_user(db, email, name, (role,))
    return user, await make_token(db, user)


async def stored(db: Database, model: type[Any], pk: int) -> Any:
    async with db.session() as session:
        row = await session.get(model, pk)
    assert row is not None
    return row


START = """
mutation Start($category: ID!, $title: String!, $body: String!) {
  startThread(input: {categoryId: $category, title: $title, body: $body}) {
    thread {
      id title body bodyHtml createdAt lastActivityAt replyCount isLocked isPinned viewerFollows
      author { displayName party { name } }
      category { slug }
    }
    errors { field message code }
  }
}
"""

REPLY = """
mutation Reply($thread: ID!, $body: String!, $quoted: ID) {
  postReply(input: {threadId: $thread, body: $body, quotedReplyId: $quoted}) {
    reply { id body bodyHtml createdAt editedAt author { displayName } quotedReply { id } thread { replyCount } }
    errors { field message code }
  }
}
"""

THREAD = """
query Thread($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on Thread {
      title replyCount
      replies(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { body author { displayName } } }
      }
    }
  }
}
"""

CATEGORY = """
query Category($slug: String!) {
  forumCategory(slug: $slug) { name threads { totalCount edges { node { title isPinned replyCount } } } }
}
"""


def started(thread: dict[str, Any] | None, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"startThread": {"thread": thread, "errors": list(errors)}}}


def replied(reply: dict[str, Any] | None, *errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"postReply": {"reply": reply, "errors": list(errors)}}}


# --- categories and lists -------------------------------------------------------------


async def test_categories_are_for_verified_members_and_staff(db: Database, gql: GraphQLClient) -> None:
    await make_category(db, "Financiën", position=2, description="Geld en subsidie.")
    await make_category(db, "Campagne voeren", position=1)
    await make_category(db, "Bestuur", position=2)
    _, lid = await member(db)
    _, editor = await staff(db, StaffRole.EDITOR, "redactie@example.org", "Eva Redacteur")
    outsider_user = await make_user(db, "buiten@example.org", "Bas Buiten")
    outsider = await make_token(db, outsider_user)
    pending_user = await make_user(db, "wacht@example.org", "Wim Wacht")
    await make_member(
        db,
        pending_user,
        await make_party(db, "wachtpartij", "Wachtpartij", "GM0014"),
        status=MemberStatus.PENDING,
    )
    pending = await make_token(db, pending_user)
    query = "{ forumCategories { slug name description position } }"

    expected = {
        "data": {
            "forumCategories": [
                {"slug": "campagne-voeren", "name": "Campagne voeren", "description": "", "position": 1},
                {"slug": "bestuur", "name": "Bestuur", "description": "", "position": 2},
                {"slug": "financien", "name": "Financiën", "description": "Geld en subsidie.", "position": 2},
            ]
        }
    }
    assert await gql(query, token=lid) == expected
    assert await gql(query, token=editor) == expected
    for nobody in (None, outsider, pending):
        assert await gql(query, token=nobody) == {"data": {"forumCategories": []}}
        assert await gql(CATEGORY, {"slug": "bestuur"}, token=nobody) == {"data": {"forumCategory": None}}


async def test_a_category_lists_pinned_threads_first_then_by_last_activity(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    oldest = await make_thread(db, author, category, "Oudste vraag")
    middle = await make_thread(db, author, category, "Middelste vraag")
    await make_thread(db, author, category, "Nieuwste vraag")
    await make_reply(db, author, oldest)
    async with db.transaction() as session:
        (await session.get(Thread, middle.id)).is_pinned = True  # type: ignore[union-attr]

    assert await gql(CATEGORY, {"slug": category.slug}, token=token) == {
        "data": {
            "forumCategory": {
                "name": "Campagne voeren",
                "threads": {
                    "totalCount": 3,
                    "edges": [
                        {"node": {"title": "Middelste vraag", "isPinned": True, "replyCount": 0}},
                        {"node": {"title": "Oudste vraag", "isPinned": False, "replyCount": 1}},
                        {"node": {"title": "Nieuwste vraag", "isPinned": False, "replyCount": 0}},
                    ],
                },
            }
        }
    }


# --- starting threads and replying -------------------------------------------------------


async def test_a_member_starts_a_thread_and_others_reply(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    _, sanne = await member(db)
    _, piet = await member(db, "piet@example.org", "Piet Jansen")

    result = await gql(
        START,
        {"category": gid(category), "title": "  Hoe werven jullie leden?  ", "body": "Wij zoeken **hulp**."},
        token=sanne,
    )

    thread_id = result["data"]["startThread"]["thread"]["id"]
    thread = await stored(db, Thread, int(_pk(thread_id)))
    assert result == started(
        {
            "id": gid(thread),
            "title": "Hoe werven jullie leden?",
            "body": "Wij zoeken **hulp**.",
            "bodyHtml": "<p>Wij zoeken <strong>hulp</strong>.</p>\n",
            "createdAt": iso(thread.created_at),
            "lastActivityAt": iso(thread.created_at),
            "replyCount": 0,
            "isLocked": False,
            "isPinned": False,
            "viewerFollows": True,
            "author": {"displayName": "Sanne de Boer", "party": {"name": "Lokaal Utrecht"}},
            "category": {"slug": "campagne-voeren"},
        }
    )

    first = await gql(REPLY, {"thread": thread_id, "body": "Met een *ledenavond*."}, token=piet)
    reply = await stored(db, Reply, int(_pk(first["data"]["postReply"]["reply"]["id"])))
    assert first == replied(
        {
            "id": gid(reply),
            "body": "Met een *ledenavond*.",
            "bodyHtml": "<p>Met een <em>ledenavond</em>.</p>\n",
            "createdAt": iso(reply.created_at),
            "editedAt": None,
            "author": {"displayName": "Piet Jansen"},
            "quotedReply": None,
            "thread": {"replyCount": 1},
        }
    )
    quoting = await gql(REPLY, {"thread": thread_id, "body": "Goed idee!", "quoted": gid(reply)}, token=sanne)
    assert quoting["data"]["postReply"]["reply"]["quotedReply"] == {"id": gid(reply)}
    assert (await stored(db, Thread, thread.id)).last_activity_at > thread.created_at


def _pk(global_id: str) -> int:
    from graph.ids import decode_id

    decoded = decode_id(global_id)
    assert decoded is not None
    return decoded.pk


async def test_replies_come_oldest_first_in_pages(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    thread = await make_thread(db, author, category)
    for number in range(1, 4):
        await make_reply(db, author, thread, f"Reactie {number}")

    first_page = await gql(THREAD, {"id": gid(thread), "first": 2}, token=token)
    second_page = await gql(THREAD, {"id": gid(thread), "first": 2, "after": cursor(1)}, token=token)

    def page(bodies: list[str], start: int, has_next: bool) -> dict[str, Any]:
        return {
            "data": {
                "node": {
                    "title": "Hoe werven jullie leden?",
                    "replyCount": 3,
                    "replies": {
                        "totalCount": 3,
                        "pageInfo": {
                            "hasNextPage": has_next,
                            "hasPreviousPage": start > 0,
                            "startCursor": cursor(start),
                            "endCursor": cursor(start + len(bodies) - 1),
                        },
                        "edges": [
                            {
                                "cursor": cursor(start + index),
                                "node": {"body": body, "author": {"displayName": "Sanne de Boer"}},
                            }
                            for index, body in enumerate(bodies)
                        ],
                    },
                }
            }
        }

    assert first_page == page(["Reactie 1", "Reactie 2"], 0, True)
    assert second_page == page(["Reactie 3"], 2, False)


async def test_posts_are_validated_with_field_paths_in_dutch_and_english(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    other_thread = await make_thread(db, author, await make_category(db, "Bestuur"))
    elsewhere = await make_reply(db, author, other_thread)
    thread = await make_thread(db, author, category)

    assert await gql(
        START, {"category": gid(category), "title": " ", "body": "x" * 20_001}, token=token
    ) == started(
        None,
        {"field": ["title"], "message": "Vul dit veld in.", "code": "BAD_USER_INPUT"},
        {"field": ["body"], "message": "Gebruik hoogstens 20000 tekens.", "code": "BAD_USER_INPUT"},
    )
    assert await gql(
        START, {"category": gid(category), "title": "t" * 201, "body": "Tekst"}, token=token, language="en"
    ) == started(
        None, {"field": ["title"], "message": "Use at most 200 characters.", "code": "BAD_USER_INPUT"}
    )
    assert await gql(
        START,
        {"category": encode_id("ForumCategory", 999_999), "title": "Vraag", "body": "Tekst"},
        token=token,
    ) == started(
        None, {"field": ["categoryId"], "message": "Deze categorie bestaat niet.", "code": "NOT_FOUND"}
    )
    assert await gql(
        START, {"category": gid(thread), "title": "Vraag", "body": "Tekst"}, token=token
    ) == started(
        None, {"field": ["categoryId"], "message": "Dit is geen geldig ID.", "code": "BAD_USER_INPUT"}
    )
    assert await gql(
        REPLY, {"thread": gid(thread), "body": "", "quoted": gid(elsewhere)}, token=token
    ) == replied(
        None,
        {"field": ["body"], "message": "Vul dit veld in.", "code": "BAD_USER_INPUT"},
        {"field": ["quotedReplyId"], "message": "Deze reactie bestaat niet.", "code": "NOT_FOUND"},
    )
    assert await gql(
        REPLY, {"thread": encode_id("Thread", 999_999), "body": "Hallo"}, token=token
    ) == replied(
        None, {"field": ["threadId"], "message": "Deze discussie bestaat niet.", "code": "NOT_FOUND"}
    )


async def test_only_members_and_staff_post(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, _ = await member(db)
    thread = await make_thread(db, author, category)
    outsider = await make_token(db, await make_user(db, "buiten@example.org", "Bas Buiten"))
    _, helpdesk = await staff(db, StaffRole.HELPDESK, "helpdesk@example.org", "Henk Helpdesk")
    members_only = {
        "field": None,
        "message": "Het forum is alleen voor geverifieerde leden van een lokale partij.",
        "code": "FORBIDDEN",
    }
    sign_in = {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}

    assert await gql(REPLY, {"thread": gid(thread), "body": "Hallo"}) == replied(None, sign_in)
    assert await gql(REPLY, {"thread": gid(thread), "body": "Hallo"}, token=outsider) == replied(
        None, members_only
    )
    assert await gql(
        START, {"category": gid(category), "title": "Vraag", "body": "Tekst"}, token=outsider
    ) == started(None, members_only)
    staff_reply = await gql(REPLY, {"thread": gid(thread), "body": "Hallo vanuit Kennispunt"}, token=helpdesk)
    assert staff_reply["data"]["postReply"]["errors"] == []


async def test_forum_objects_by_id_exist_only_for_members_and_staff(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    thread = await make_thread(db, author, category)
    reply = await make_reply(db, author, thread)
    outsider = await make_token(db, await make_user(db, "buiten@example.org", "Bas Buiten"))
    query = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    ids = [gid(category), gid(thread), gid(reply)]

    assert await gql(query, {"ids": ids}, token=token) == {
        "data": {"nodes": [{"id": value} for value in ids]}
    }
    for nobody in (None, outsider):
        assert await gql(query, {"ids": ids}, token=nobody) == {"data": {"nodes": [None, None, None]}}


# --- editing -------------------------------------------------------------------------------

EDIT_REPLY = """
mutation Edit($id: ID!, $body: String!) {
  editReply(input: {replyId: $id, body: $body}) { reply { body bodyHtml editedAt } errors { field message code } }
}
"""

EDIT_THREAD = """
mutation Edit($id: ID!, $title: String, $body: String) {
  editThread(input: {threadId: $id, title: $title, body: $body}) {
    thread { title body editedAt } errors { field message code }
  }
}
"""


async def test_authors_edit_their_own_posts(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, other = await member(db, "piet@example.org", "Piet Jansen")
    thread = await make_thread(db, author, category)
    reply = await make_reply(db, author, thread)

    edited = await gql(EDIT_REPLY, {"id": gid(reply), "body": "Met een **ledenavond**."}, token=token)
    changed = await stored(db, Reply, reply.id)
    assert changed.edited_at is not None
    assert edited == {
        "data": {
            "editReply": {
                "reply": {
                    "body": "Met een **ledenavond**.",
                    "bodyHtml": "<p>Met een <strong>ledenavond</strong>.</p>\n",
                    "editedAt": iso(changed.edited_at),
                },
                "errors": [],
            }
        }
    }
    retitled = await gql(EDIT_THREAD, {"id": gid(thread), "title": "Leden werven"}, token=token)
    assert retitled["data"]["editThread"]["thread"]["title"] == "Leden werven"
    assert retitled["data"]["editThread"]["thread"]["body"] == "Wij zoeken **nieuwe leden**."

    forbidden = {"field": None, "message": "Je hebt geen toestemming om dit te doen.", "code": "FORBIDDEN"}
    assert await gql(EDIT_REPLY, {"id": gid(reply), "body": "Gekaapt"}, token=other) == {
        "data": {"editReply": {"reply": None, "errors": [forbidden]}}
    }
    assert await gql(EDIT_THREAD, {"id": gid(thread), "title": "Gekaapt"}, token=other) == {
        "data": {"editThread": {"thread": None, "errors": [forbidden]}}
    }
    assert await gql(EDIT_THREAD, {"id": gid(thread)}, token=token) == {
        "data": {
            "editThread": {
                "thread": None,
                "errors": [
                    {"field": None, "message": "Geef op wat je wilt wijzigen.", "code": "BAD_USER_INPUT"}
                ],
            }
        }
    }


# --- reactions --------------------------------------------------------------------------------

REACT = """
mutation React($id: ID!, $kind: ReactionKind!) {
  reactToReply(input: {replyId: $id, reaction: $kind}) {
    reply { reactions { kind count viewerReacted } } errors { code }
  }
}
"""


def reactions(thanks: tuple[int, bool], helpful: tuple[int, bool], agree: tuple[int, bool]) -> dict[str, Any]:
    return {
        "data": {
            "reactToReply": {
                "reply": {
                    "reactions": [
                        {"kind": kind, "count": count, "viewerReacted": mine}
                        for kind, (count, mine) in (
                            ("THANKS", thanks),
                            ("HELPFUL", helpful),
                            ("AGREE", agree),
                        )
                    ]
                },
                "errors": [],
            }
        }
    }


async def test_reactions_toggle(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, _ = await member(db)
    _, piet = await member(db, "piet@example.org", "Piet Jansen")
    _, anna = await member(db, "anna@example.org", "Anna de Wit")
    reply = await make_reply(db, author, await make_thread(db, author, category))

    assert await gql(REACT, {"id": gid(reply), "kind": "THANKS"}, token=piet) == reactions(
        (1, True), (0, False), (0, False)
    )
    assert await gql(REACT, {"id": gid(reply), "kind": "THANKS"}, token=anna) == reactions(
        (2, True), (0, False), (0, False)
    )
    assert await gql(REACT, {"id": gid(reply), "kind": "HELPFUL"}, token=anna) == reactions(
        (2, True), (1, True), (0, False)
    )
    assert await gql(REACT, {"id": gid(reply), "kind": "THANKS"}, token=piet) == reactions(
        (1, False), (1, False), (0, False)
    )


# --- following and notifications ---------------------------------------------------------------

INBOX = "{ viewer { notifications { edges { node { kind message } } } } }"
LINKED = "{ viewer { notifications { edges { node { thread { title } reply { body } } } } } }"

FOLLOW = """
mutation Follow($id: ID!) { followThread(input: {threadId: $id}) { thread { viewerFollows } errors { code } } }
"""
UNFOLLOW = """
mutation Unfollow($id: ID!) { unfollowThread(input: {threadId: $id}) { thread { viewerFollows } errors { code } } }
"""


def inbox(*messages: tuple[str, str]) -> dict[str, Any]:
    return {
        "data": {
            "viewer": {
                "notifications": {
                    "edges": [{"node": {"kind": kind, "message": text}} for kind, text in messages]
                }
            }
        }
    }


async def test_followers_are_told_about_replies_but_not_about_their_own(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    sanne_user, sanne = await member(db)
    piet_user, piet = await member(db, "piet@example.org", "Piet Jansen")
    _, anna = await member(db, "anna@example.org", "Anna de Wit")
    _, kees = await member(db, "kees@example.org", "Kees Bakker")
    thread = await make_thread(db, sanne_user, category, "Kascommissie")

    assert await gql(FOLLOW, {"id": gid(thread)}, token=anna) == {
        "data": {"followThread": {"thread": {"viewerFollows": True}, "errors": []}}
    }
    await gql(REPLY, {"thread": gid(thread), "body": "Wij hebben er twee."}, token=piet)
    await gql(REPLY, {"thread": gid(thread), "body": "Wij ook."}, token=sanne)

    by_piet = ("FORUM_REPLY", "Piet Jansen reageerde in “Kascommissie”.")
    by_sanne = ("FORUM_REPLY", "Sanne de Boer reageerde in “Kascommissie”.")
    assert await gql(INBOX, token=sanne) == inbox(by_piet)
    assert await gql(INBOX, token=piet) == inbox(by_sanne)  # replying made Piet a follower
    assert await gql(INBOX, token=anna) == inbox(by_sanne, by_piet)
    assert await gql(INBOX, token=kees) == inbox()
    assert await gql(LINKED, token=sanne) == {
        "data": {
            "viewer": {
                "notifications": {
                    "edges": [
                        {
                            "node": {
                                "thread": {"title": "Kascommissie"},
                                "reply": {"body": "Wij hebben er twee."},
                            }
                        }
                    ]
                }
            }
        }
    }
    assert await gql(INBOX, token=anna, language="en") == inbox(
        ("FORUM_REPLY", "Sanne de Boer replied in “Kascommissie”."),
        ("FORUM_REPLY", "Piet Jansen replied in “Kascommissie”."),
    )

    assert await gql(UNFOLLOW, {"id": gid(thread)}, token=anna) == {
        "data": {"unfollowThread": {"thread": {"viewerFollows": False}, "errors": []}}
    }
    await make_reply(db, piet_user, thread, "Nog een.")
    assert len((await gql(INBOX, token=anna))["data"]["viewer"]["notifications"]["edges"]) == 2


async def test_a_follower_who_lost_their_membership_is_no_longer_told(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    sanne_user, _ = await member(db)
    party = await make_party(db, "dorpsbelang", "Dorpsbelang", "GM0014")
    anna_user = await make_user(db, "anna@example.org", "Anna de Wit")
    anna_member = await make_member(db, anna_user, party)
    anna = await make_token(db, anna_user)
    thread = await make_thread(db, sanne_user, category)
    await gql(FOLLOW, {"id": gid(thread)}, token=anna)
    async with db.transaction() as session:
        from kennispunt.parties.models import Member

        (await session.get(Member, anna_member.id)).status = MemberStatus.REVOKED  # type: ignore[union-attr]

    await make_reply(db, sanne_user, thread)

    assert await gql(INBOX, token=anna) == inbox()


# --- unread counts -----------------------------------------------------------------------------

UNREAD = "query ($id: ID!) { node(id: $id) { ... on Thread { unreadCount } } }"
MARK_READ = """
mutation Read($id: ID!) { markThreadRead(input: {threadId: $id}) { thread { unreadCount } errors { code } } }
"""


async def test_unread_counts_and_mark_read(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    sanne_user, sanne = await member(db)
    piet_user, piet = await member(db, "piet@example.org", "Piet Jansen")
    anna_user, _ = await member(db, "anna@example.org", "Anna de Wit")
    thread = await make_thread(db, sanne_user, category)
    await make_reply(db, piet_user, thread, "Eén")
    await make_reply(db, piet_user, thread, "Twee")

    def unread(count: int) -> dict[str, Any]:
        return {"data": {"node": {"unreadCount": count}}}

    assert await gql(UNREAD, {"id": gid(thread)}, token=sanne) == unread(2)
    assert await gql(UNREAD, {"id": gid(thread)}, token=piet) == unread(0)  # his own replies
    assert await gql(MARK_READ, {"id": gid(thread)}, token=sanne) == {
        "data": {"markThreadRead": {"thread": {"unreadCount": 0}, "errors": []}}
    }
    await make_reply(db, anna_user, thread, "Drie")
    assert await gql(UNREAD, {"id": gid(thread)}, token=sanne) == unread(1)
    assert await gql(UNREAD, {"id": gid(thread)}, token=piet) == unread(1)
    assert await gql(UNREAD, {"id": gid(thread)}) == {"data": {"node": None}}


# --- accepted answers --------------------------------------------------------------------------

ACCEPT = """
mutation Accept($id: ID!) {
  acceptAnswer(input: {replyId: $id}) {
    reply { isAccepted thread { acceptedReply { body } } } errors { field message code }
  }
}
"""


async def test_the_asker_accepts_an_answer_and_its_author_is_told(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    sanne_user, sanne = await member(db)
    piet_user, piet = await member(db, "piet@example.org", "Piet Jansen")
    anna_user, anna = await member(db, "anna@example.org", "Anna de Wit")
    thread = await make_thread(db, sanne_user, category, "Kascommissie")
    first = await make_reply(db, piet_user, thread, "Twee leden, geen bestuur.")
    second = await make_reply(db, anna_user, thread, "Vraag het aan de ALV.")

    forbidden = {"field": None, "message": "Je hebt geen toestemming om dit te doen.", "code": "FORBIDDEN"}
    assert await gql(ACCEPT, {"id": gid(first)}, token=piet) == {
        "data": {"acceptAnswer": {"reply": None, "errors": [forbidden]}}
    }
    assert await gql(ACCEPT, {"id": gid(first)}, token=sanne) == {
        "data": {
            "acceptAnswer": {
                "reply": {
                    "isAccepted": True,
                    "thread": {"acceptedReply": {"body": "Twee leden, geen bestuur."}},
                },
                "errors": [],
            }
        }
    }
    assert await gql(ACCEPT, {"id": gid(first)}, token=sanne) == {
        "data": {
            "acceptAnswer": {
                "reply": None,
                "errors": [
                    {
                        "field": ["replyId"],
                        "message": "Deze reactie is al gekozen als antwoord.",
                        "code": "CONFLICT",
                    }
                ],
            }
        }
    }
    accepted = await gql(ACCEPT, {"id": gid(second)}, token=sanne)
    assert accepted["data"]["acceptAnswer"]["reply"]["thread"] == {
        "acceptedReply": {"body": "Vraag het aan de ALV."}
    }
    assert (await stored(db, Reply, first.id)).accepted_at is None

    told = ("ANSWER_ACCEPTED", "Je reactie in “Kascommissie” is gekozen als antwoord.")
    assert (await gql(INBOX, token=piet))["data"]["viewer"]["notifications"]["edges"][0]["node"] == dict(
        zip(("kind", "message"), told, strict=True)
    )
    assert (await gql(INBOX, token=anna))["data"]["viewer"]["notifications"]["edges"][0]["node"] == dict(
        zip(("kind", "message"), told, strict=True)
    )


# --- search -----------------------------------------------------------------------------------

SEARCH = """
query Search($query: String!) { forumSearch(query: $query) { totalCount edges { node { title } } } }
"""


def found(*titles: str) -> dict[str, Any]:
    return {
        "data": {
            "forumSearch": {"totalCount": len(titles), "edges": [{"node": {"title": t}} for t in titles]}
        }
    }


def titles(result: dict[str, Any]) -> list[str]:
    return sorted(edge["node"]["title"] for edge in result["data"]["forumSearch"]["edges"])


async def test_search_finds_threads_by_their_replies_in_any_inflection(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db, StaffRole.MODERATOR, "moderator@example.org", "Mo Derator")
    outsider = await make_token(db, await make_user(db, "buiten@example.org", "Bas Buiten"))
    await make_thread(db, author, category, "De verkiezing van de lijsttrekker", "Hoe doen jullie dat?")
    by_reply = await make_thread(db, author, category, "Folders", "Welke drukker?")
    await make_reply(db, author, by_reply, "Vlak voor de verkiezingen is alles duurder.")
    elsewhere = await make_thread(db, author, category, "Kascommissie", "Wie controleert de penningmeester?")
    hidden_reply = await make_reply(db, author, elsewhere, "Na de verkiezingen een nieuwe commissie.")
    async with db.transaction() as session:
        (await session.get(Reply, hidden_reply.id)).is_hidden = True  # type: ignore[union-attr]

    for query in ("verkiezingen", "Verkiezing"):
        result = await gql(SEARCH, {"query": query}, token=token)
        assert result["data"]["forumSearch"]["totalCount"] == 2
        assert titles(result) == ["De verkiezing van de lijsttrekker", "Folders"]
    everything = await gql(SEARCH, {"query": "verkiezing"}, token=moderator)
    assert titles(everything) == ["De verkiezing van de lijsttrekker", "Folders", "Kascommissie"]
    assert await gql(SEARCH, {"query": "penningmeesters"}, token=token) == found("Kascommissie")
    assert await gql(SEARCH, {"query": "de"}, token=token) == found()
    for nobody in (None, outsider):
        assert await gql(SEARCH, {"query": "verkiezing"}, token=nobody) == found()


async def test_search_ranks_the_thread_itself_above_its_replies(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    mentioned = await make_thread(db, author, category, "Folders", "Welke drukker gebruiken jullie?")
    await make_reply(db, author, mentioned, "Wij gebruiken de drukker van de kascommissie.")
    await make_thread(db, author, category, "Kascommissie", "Wie zit er in jullie kascommissie?")

    assert await gql(SEARCH, {"query": "kascommissies"}, token=token) == found("Kascommissie", "Folders")


async def test_search_leaves_out_hidden_threads_except_for_moderators(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db, StaffRole.MODERATOR, "moderator@example.org", "Mo Derator")
    thread = await make_thread(db, author, category, "Subsidie aanvragen", "Bij de gemeente.")
    async with db.transaction() as session:
        (await session.get(Thread, thread.id)).is_hidden = True  # type: ignore[union-attr]

    assert await gql(SEARCH, {"query": "subsidie"}, token=token) == found()
    assert await gql(SEARCH, {"query": "subsidie"}, token=moderator) == found("Subsidie aanvragen")


# --- rate limit -------------------------------------------------------------------------------


@pytest.fixture
def two_posts_a_minute(server: RunningServer) -> Iterator[None]:
    with limits_changed(server.app, posting=posting.PostingRules(ratelimit.parse("2/minute"))):
        yield


@pytest.mark.usefixtures("two_posts_a_minute")
async def test_posting_too_fast_is_rate_limited_with_the_time_to_wait(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, other = await member(db, "piet@example.org", "Piet Jansen")
    thread = await make_thread(db, author, category)

    for body in ("Eén", "Twee"):
        assert (await gql(REPLY, {"thread": gid(thread), "body": body}, token=token))["data"]["postReply"][
            "errors"
        ] == []
    limited = await gql(REPLY, {"thread": gid(thread), "body": "Drie"}, token=token)
    english = await gql(
        START, {"category": gid(category), "title": "Vraag", "body": "Tekst"}, token=token, language="en"
    )

    [error] = limited["data"]["postReply"]["errors"]
    seconds = int(re.findall(r"\d+", error["message"])[0])
    assert 50 <= seconds <= 60
    assert limited == replied(
        None,
        {
            "field": None,
            "message": f"Je plaatst te snel berichten. Probeer het over {seconds} seconden opnieuw.",
            "code": "RATE_LIMITED",
        },
    )
    [error] = english["data"]["startThread"]["errors"]
    assert error == {
        "field": None,
        "message": f"You are posting too quickly. Please try again in {error['message'].split()[-2]} seconds.",
        "code": "RATE_LIMITED",
    }
    assert (await stored(db, Thread, thread.id)).reply_count == 2  # the refused reply was not written
    assert (await gql(REPLY, {"thread": gid(thread), "body": "Hallo"}, token=other))["data"]["postReply"][
        "errors"
    ] == []


def test_the_post_rate_comes_from_the_settings(settings: Settings) -> None:
    from kennispunt.app import create_app

    app = create_app(settings.model_copy(update={"forum_post_rate": "1/second;3/minute"}))
    assert [str(rule) for rule in app.state.limits.posting.post_rate] == ["1 per 1 second", "3 per 1 minute"]
    with pytest.raises(ValueError):
        Settings(forum_post_rate="vijf per minuut")


# --- outbox events ----------------------------------------------------------------------------


async def test_forum_changes_are_recorded_as_events_for_live_subscribers(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db, StaffRole.MODERATOR, "moderator@example.org", "Mo Derator")
    thread_id = (
        await gql(START, {"category": gid(category), "title": "Vraag", "body": "Tekst"}, token=token)
    )["data"]["startThread"]["thread"]["id"]
    reply_id = (await gql(REPLY, {"thread": thread_id, "body": "Antwoord"}, token=token))["data"][
        "postReply"
    ]["reply"]["id"]
    await gql(EDIT_REPLY, {"id": reply_id, "body": "Beter antwoord"}, token=token)
    await gql(
        'mutation ($id: ID!) { hideReply(input: {replyId: $id, reason: "Off-topic"}) { errors { code } } }',
        {"id": reply_id},
        token=moderator,
    )
    await gql(
        "mutation ($id: ID!) { lockThread(input: {threadId: $id}) { errors { code } } }",
        {"id": thread_id},
        token=moderator,
    )

    async with db.session() as session:
        events = (
            await session.scalars(
                select(Event).where(Event.subject_type.in_(("thread", "category"))).order_by(Event.id)
            )
        ).all()
    thread_pk, reply_pk = _pk(thread_id), _pk(reply_id)
    assert [(e.kind, e.subject_type, e.subject_id, e.payload) for e in events] == [
        ("thread_started", "category", category.id, {"thread_id": thread_pk}),
        ("reply_added", "thread", thread_pk, {"reply_id": reply_pk}),
        ("reply_edited", "thread", thread_pk, {"reply_id": reply_pk}),
        ("reply_hidden", "thread", thread_pk, {"reply_id": reply_pk}),
        ("thread_locked", "thread", thread_pk, {}),
    ]


# --- no N+1 -----------------------------------------------------------------------------------

THREAD_PAGE = """
query Page($id: ID!, $first: Int!) {
  node(id: $id) {
    ... on Thread {
      title author { displayName party { name } } category { name } acceptedReply { id } unreadCount viewerFollows
      replies(first: $first) {
        edges {
          node {
            body bodyHtml isHidden hiddenReason isAccepted createdAt
            author { displayName party { name municipality { name } } }
            quotedReply { body author { displayName } }
            reactions { kind count viewerReacted }
          }
        }
      }
    }
  }
}
"""


async def test_a_page_of_fifty_replies_costs_as_many_statements_as_five(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    category = await make_category(db)
    parties = [
        await make_party(db, f"partij-{n}", f"Partij {n}", code)
        for n, code in enumerate(("GM0014", "GM0344", "GM0363"))
    ]
    authors = []
    for n in range(6):
        user = await make_user(db, f"auteur{n}@example.org", f"Auteur {n}")
        await make_member(db, user, parties[n % 3], MemberRole.MEMBER)
        authors.append(user)
    reader, token = await member(db, "lezer@example.org", "Lea Lezer")
    thread = await make_thread(db, authors[0], category)
    previous = None
    for n in range(55):
        previous = await make_reply(
            db, authors[n % 6], thread, f"Reactie {n}", quoted=previous if n % 4 == 0 else None
        )
    await gql(
        "mutation ($id: ID!) { reactToReply(input: {replyId: $id, reaction: AGREE}) { errors { code } } }",
        {"id": gid(previous)},
        token=token,
    )  # type: ignore[arg-type]
    await gql(
        THREAD_PAGE, {"id": gid(thread), "first": 1}, token=token
    )  # the token's first use is recorded once

    with count_statements(server.db) as small:
        five = await gql(THREAD_PAGE, {"id": gid(thread), "first": 5}, token=token)
    with count_statements(server.db) as large:
        fifty = await gql(THREAD_PAGE, {"id": gid(thread), "first": 50}, token=token)

    edges = fifty["data"]["node"]["replies"]["edges"]
    assert len(edges) == 50
    assert [edge["node"]["author"]["party"]["name"] for edge in five["data"]["node"]["replies"]["edges"]] == [
        "Partij 0",
        "Partij 1",
        "Partij 2",
        "Partij 0",
        "Partij 1",
    ]
    assert edges[4]["node"]["quotedReply"] == {"body": "Reactie 3", "author": {"displayName": "Auteur 3"}}
    assert small.count == large.count


# --- demo data ----------------------------------------------------------------------------------


async def test_the_demo_forum_is_loaded_through_the_services(db: Database, gql: GraphQLClient) -> None:
    from kennispunt.accounts.service import get_user_by_email
    from kennispunt.demo import loader

    summary = await loader.load(db)
    async with db.session() as session:
        jan = await get_user_by_email(session, "jan.devries@example.org")
    assert jan is not None
    token = await make_token(db, jan)
    query = """
    {
      forumCategories {
        slug
        threads(first: 1) { totalCount edges { node { title isPinned isLocked replyCount acceptedReply { author { displayName } } } } }
      }
    }
    """

    assert summary.threads == 6
    assert await gql(query, token=token) == {
        "data": {
            "forumCategories": [
                {
                    "slug": "welkom",
                    "threads": {
                        "totalCount": 1,
                        "edges": [
                            {
                                "node": {
                                    "title": "Welkom op het forum van Kennispunt",
                                    "isPinned": True,
                                    "isLocked": True,
                                    "replyCount": 0,
                                    "acceptedReply": None,
                                }
                            }
                        ],
                    },
                },
                {
                    "slug": "campagne-en-verkiezingen",
                    "threads": {
                        "totalCount": 2,
                        "edges": [
                            {
                                "node": {
                                    "title": "Kandidatenlijst: hoe vinden jullie genoeg kandidaten?",
                                    "isPinned": False,
                                    "isLocked": False,
                                    "replyCount": 3,
                                    "acceptedReply": None,
                                }
                            }
                        ],
                    },
                },
                {
                    "slug": "partijorganisatie",
                    "threads": {
                        "totalCount": 2,
                        "edges": [
                            {
                                "node": {
                                    "title": "Ledenadministratie en de AVG",
                                    "isPinned": False,
                                    "isLocked": False,
                                    "replyCount": 3,
                                    "acceptedReply": None,
                                }
                            }
                        ],
                    },
                },
                {
                    "slug": "raadswerk",
                    "threads": {
                        "totalCount": 1,
                        "edges": [
                            {
                                "node": {
                                    "title": "Een amendement op de begroting: tips?",
                                    "isPinned": False,
                                    "isLocked": False,
                                    "replyCount": 3,
                                    "acceptedReply": None,
                                }
                            }
                        ],
                    },
                },
            ]
        }
    }
    answered = await gql(
        '{ forumSearch(query: "kascommissie") { edges { node { acceptedReply { author { displayName party { name } } } } } } }',
        token=token,
    )
    assert answered == {
        "data": {
            "forumSearch": {
                "edges": [
                    {
                        "node": {
                            "acceptedReply": {
                                "author": {
                                    "displayName": "Gerrit Wolters",
                                    "party": {"name": _party_of("gerrit.wolters@example.org")},
                                }
                            }
                        }
                    }
                ]
            }
        }
    }


def _party_of(email: str) -> str:
    from kennispunt.demo import content as demo

    [user] = [user for user in demo.USERS if user.email == email]
    [party] = [party for party in demo.PARTIES if party.slug == user.memberships[0].party]
    return party.name


async def test_followers_and_unread_counts_of_many_users_agree_with_one_by_one(db: Database) -> None:
    """Live events ask for these per thread for every subscriber at once (`graph.live.slots`):
    below MANY_USERS with lists of ids, from it on by reading the thread's rows."""

    category = await make_category(db)
    author, _ = await member(db, "schrijver@example.org", "Sam Schrijver")
    thread = await make_thread(db, author, category)
    users = []
    async with db.transaction() as session:
        for n in range(MANY_USERS + 5):
            users.append(await accounts.create_user(session, f"lezer{n}@example.org", f"Lezer {n}"))
    replies = [await make_reply(db, author, thread, f"Reactie {n}") for n in range(3)]
    async with db.transaction() as session:
        for user in users[::3]:  # a third follows, and has read up to the second reply
            session.add(ThreadFollow(thread_id=thread.id, user_id=user.id))
            session.add(ReadMark(thread_id=thread.id, user_id=user.id, last_read_reply_id=replies[1].id))
    user_ids = [user.id for user in users]

    async with db.session() as session:
        many_follows = await forum_service.followers_among(session, [thread.id], user_ids)
        few_follows = await forum_service.followers_among(session, [thread.id], user_ids[:10])
        many_unread = await forum_service.unread_counts_of_users(session, [thread.id], user_ids)
        one_by_one = {
            uid: (await forum_service.unread_counts(session, uid, [thread.id]))[thread.id] for uid in user_ids
        }

    assert many_follows == {(thread.id, user.id) for user in users[::3]}
    assert few_follows == {(thread.id, user.id) for user in users[:10:3]}
    assert {uid: many_unread[(thread.id, uid)] for uid in user_ids} == one_by_one
    assert (one_by_one[users[0].id], one_by_one[users[1].id]) == (1, 3)
