"""Moderating the forum over GraphQL: hiding, locking, moving and pinning, reports, the
audit trail, and categories managed by admins."""

from __future__ import annotations

from typing import Any

from graph.ids import encode_id
from kennispunt.accounts.models import StaffRole, User
from kennispunt.db import DISPLAY_TIMEZONE, Database
from kennispunt.forum.models import ForumCategory, ModerationAction, Reply, Report, Thread
from tests.conftest import GraphQLClient
from tests.factories import (
    make_category,
    make_reply,
    make_thread,
    make_token,
    make_user,
    make_verified_member,
)


def gid(obj: ForumCategory | Thread | Reply | Report | ModerationAction) -> str:
    names = {
        ForumCategory: "ForumCategory",
        Thread: "Thread",
        Reply: "Reply",
        Report: "ForumReport",
        ModerationAction: "ModerationAction",
    }
    return encode_id(names[type(obj)], obj.id)


async def member(
    db: Database, email: str = "lid@example.org", name: str = "Sanne de Boer"
) -> tuple[User, str]:
    user = await make_verified_member(db, email, name)
    return user, await make_token(db, user)


async def staff(db: Database, role: StaffRole = StaffRole.MODERATOR) -> tuple[User, str]:
    names = {
        StaffRole.MODERATOR: "Mo Derator",
        StaffRole.ADMIN: "Ada Admin",
        StaffRole.EDITOR: "Eva Redacteur",
    }
    user = await make_user(db, f"{role.value}@example.org", names[role], (role,))
    return user, await make_token(db, user)


def error(code: str, message: str, field: list[str] | None = None) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


FORBIDDEN = error("FORBIDDEN", "Je hebt geen toestemming om dit te doen.")

REPLIES = """
query Replies($id: ID!) {
  node(id: $id) { ... on Thread { replyCount replies { totalCount edges { node { body bodyHtml isHidden hiddenReason } } } } }
}
"""

HIDE_REPLY = """
mutation Hide($id: ID!, $reason: String!) {
  hideReply(input: {replyId: $id, reason: $reason}) { reply { isHidden hiddenReason } errors { field message code } }
}
"""

REPLY = """
mutation Reply($thread: ID!, $body: String!) {
  postReply(input: {threadId: $thread, body: $body}) { reply { body } errors { field message code } }
}
"""


def replies(*nodes: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {
            "node": {
                "replyCount": len(nodes),
                "replies": {"totalCount": len(nodes), "edges": [{"node": node} for node in nodes]},
            }
        }
    }


def shown(body: str) -> dict[str, Any]:
    return {"body": body, "bodyHtml": f"<p>{body}</p>\n", "isHidden": False, "hiddenReason": None}


# --- hiding ----------------------------------------------------------------------------------


async def test_a_hidden_reply_keeps_its_place_but_only_moderators_see_it(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db)
    thread = await make_thread(db, author, category)
    await make_reply(db, author, thread, "Eerste")
    spam = await make_reply(db, author, thread, "Koop nu goedkope folders")
    await make_reply(db, author, thread, "Derde")

    assert await gql(HIDE_REPLY, {"id": gid(spam), "reason": "   "}, token=moderator) == {
        "data": {
            "hideReply": {"reply": None, "errors": [error("BAD_USER_INPUT", "Vul dit veld in.", ["reason"])]}
        }
    }
    assert await gql(HIDE_REPLY, {"id": gid(spam), "reason": "Reclame"}, token=token) == {
        "data": {"hideReply": {"reply": None, "errors": [FORBIDDEN]}}
    }
    assert await gql(HIDE_REPLY, {"id": gid(spam), "reason": "Reclame"}, token=moderator) == {
        "data": {"hideReply": {"reply": {"isHidden": True, "hiddenReason": "Reclame"}, "errors": []}}
    }

    hidden = {"body": "", "bodyHtml": "", "isHidden": True, "hiddenReason": None}
    assert await gql(REPLIES, {"id": gid(thread)}, token=token) == replies(
        shown("Eerste"), hidden, shown("Derde")
    )
    assert await gql(REPLIES, {"id": gid(thread)}, token=moderator) == replies(
        shown("Eerste"),
        {
            "body": "Koop nu goedkope folders",
            "bodyHtml": "<p>Koop nu goedkope folders</p>\n",
            "isHidden": True,
            "hiddenReason": "Reclame",
        },
        shown("Derde"),
    )
    assert await gql(
        "query ($id: ID!) { node(id: $id) { ... on Reply { body } } }", {"id": gid(spam)}, token=token
    ) == {"data": {"node": {"body": ""}}}


async def test_a_hidden_reply_cannot_be_edited_or_reacted_to_by_members(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db)
    reply = await make_reply(db, author, await make_thread(db, author, category))
    await gql(HIDE_REPLY, {"id": gid(reply), "reason": "Persoonlijke aanval"}, token=moderator)
    hidden = error("CONFLICT", "Dit bericht is verborgen door een moderator.", ["replyId"])

    edit = 'mutation ($id: ID!) { editReply(input: {replyId: $id, body: "Sorry"}) { errors { field message code } } }'
    react = "mutation ($id: ID!) { reactToReply(input: {replyId: $id, reaction: THANKS}) { errors { field message code } } }"
    assert await gql(edit, {"id": gid(reply)}, token=token) == {"data": {"editReply": {"errors": [hidden]}}}
    assert await gql(react, {"id": gid(reply)}, token=token) == {
        "data": {"reactToReply": {"errors": [hidden]}}
    }

    unhide = "mutation ($id: ID!) { unhideReply(input: {replyId: $id}) { reply { body isHidden } errors { code } } }"
    assert await gql(unhide, {"id": gid(reply)}, token=moderator) == {
        "data": {"unhideReply": {"reply": {"body": "Met een ledenavond.", "isHidden": False}, "errors": []}}
    }
    assert await gql(edit, {"id": gid(reply)}, token=token) == {"data": {"editReply": {"errors": []}}}


async def test_a_hidden_thread_is_gone_for_everyone_but_moderators(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db)
    thread = await make_thread(db, author, category, "Ruzie in de fractie")
    hide = """
    mutation Hide($id: ID!) {
      hideThread(input: {threadId: $id, reason: "Persoonlijke gegevens"}) { thread { isHidden hiddenReason } errors { code } }
    }
    """
    listing = "query ($slug: String!) { forumCategory(slug: $slug) { threads { totalCount } } }"
    node = "query ($id: ID!) { node(id: $id) { ... on Thread { title isHidden hiddenReason } } }"

    assert await gql(hide, {"id": gid(thread)}, token=moderator) == {
        "data": {
            "hideThread": {
                "thread": {"isHidden": True, "hiddenReason": "Persoonlijke gegevens"},
                "errors": [],
            }
        }
    }

    assert await gql(listing, {"slug": category.slug}, token=token) == {
        "data": {"forumCategory": {"threads": {"totalCount": 0}}}
    }
    assert await gql(node, {"id": gid(thread)}, token=token) == {"data": {"node": None}}
    assert await gql(REPLY, {"thread": gid(thread), "body": "Hallo?"}, token=token) == {
        "data": {
            "postReply": {
                "reply": None,
                "errors": [error("NOT_FOUND", "Deze discussie bestaat niet.", ["threadId"])],
            }
        }
    }
    assert await gql(listing, {"slug": category.slug}, token=moderator) == {
        "data": {"forumCategory": {"threads": {"totalCount": 1}}}
    }
    assert await gql(node, {"id": gid(thread)}, token=moderator) == {
        "data": {
            "node": {
                "title": "Ruzie in de fractie",
                "isHidden": True,
                "hiddenReason": "Persoonlijke gegevens",
            }
        }
    }


# --- locking, moving, pinning -----------------------------------------------------------------------

LOCK = 'mutation ($id: ID!) { lockThread(input: {threadId: $id, reason: "Klaar"}) { thread { isLocked } errors { field message code } } }'
UNLOCK = "mutation ($id: ID!) { unlockThread(input: {threadId: $id}) { thread { isLocked } errors { field message code } } }"


async def test_a_locked_thread_takes_replies_from_moderators_only(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, moderator = await staff(db)
    thread = await make_thread(db, author, category)

    assert await gql(LOCK, {"id": gid(thread)}, token=token) == {
        "data": {"lockThread": {"thread": None, "errors": [FORBIDDEN]}}
    }
    assert await gql(LOCK, {"id": gid(thread)}, token=moderator) == {
        "data": {"lockThread": {"thread": {"isLocked": True}, "errors": []}}
    }
    assert await gql(LOCK, {"id": gid(thread)}, token=moderator) == {
        "data": {
            "lockThread": {
                "thread": None,
                "errors": [error("CONFLICT", "Deze discussie is al gesloten.", ["threadId"])],
            }
        }
    }
    locked = error(
        "CONFLICT", "Deze discussie is gesloten; er kan niet meer op worden gereageerd.", ["threadId"]
    )
    assert await gql(REPLY, {"thread": gid(thread), "body": "Nog één ding"}, token=token) == {
        "data": {"postReply": {"reply": None, "errors": [locked]}}
    }
    assert await gql(
        REPLY, {"thread": gid(thread), "body": "Deze discussie is gesloten."}, token=moderator
    ) == {"data": {"postReply": {"reply": {"body": "Deze discussie is gesloten."}, "errors": []}}}
    edit = 'mutation ($id: ID!) { editThread(input: {threadId: $id, title: "Anders"}) { errors { field message code } } }'
    assert await gql(edit, {"id": gid(thread)}, token=token) == {"data": {"editThread": {"errors": [locked]}}}

    assert await gql(UNLOCK, {"id": gid(thread)}, token=moderator) == {
        "data": {"unlockThread": {"thread": {"isLocked": False}, "errors": []}}
    }
    assert (await gql(REPLY, {"thread": gid(thread), "body": "Dank!"}, token=token))["data"]["postReply"][
        "errors"
    ] == []


async def test_moderators_move_and_pin_threads(db: Database, gql: GraphQLClient) -> None:
    campaign = await make_category(db, "Campagne voeren")
    finance = await make_category(db, "Financiën")
    author, token = await member(db)
    _, moderator = await staff(db)
    older = await make_thread(db, author, campaign, "Subsidie voor folders")
    await make_thread(db, author, finance, "Contributie innen")
    move = """
    mutation Move($id: ID!, $category: ID!) {
      moveThread(input: {threadId: $id, categoryId: $category, reason: "Gaat over geld"}) {
        thread { category { slug } } errors { field message code }
      }
    }
    """
    pin = "mutation ($id: ID!) { pinThread(input: {threadId: $id}) { thread { isPinned } errors { code } } }"
    listing = "query ($slug: String!) { forumCategory(slug: $slug) { threads { edges { node { title isPinned } } } } }"

    assert await gql(move, {"id": gid(older), "category": gid(finance)}, token=token) == {
        "data": {"moveThread": {"thread": None, "errors": [FORBIDDEN]}}
    }
    assert await gql(move, {"id": gid(older), "category": gid(finance)}, token=moderator) == {
        "data": {"moveThread": {"thread": {"category": {"slug": "financien"}}, "errors": []}}
    }
    assert await gql(move, {"id": gid(older), "category": gid(finance)}, token=moderator) == {
        "data": {
            "moveThread": {
                "thread": None,
                "errors": [error("CONFLICT", "De discussie staat al in deze categorie.", ["categoryId"])],
            }
        }
    }
    assert await gql(pin, {"id": gid(older)}, token=moderator) == {
        "data": {"pinThread": {"thread": {"isPinned": True}, "errors": []}}
    }
    assert await gql(listing, {"slug": "financien"}, token=token) == {
        "data": {
            "forumCategory": {
                "threads": {
                    "edges": [
                        {"node": {"title": "Subsidie voor folders", "isPinned": True}},
                        {"node": {"title": "Contributie innen", "isPinned": False}},
                    ]
                }
            }
        }
    }
    unpin = (
        "mutation ($id: ID!) { unpinThread(input: {threadId: $id}) { thread { isPinned } errors { code } } }"
    )
    assert await gql(unpin, {"id": gid(older)}, token=moderator) == {
        "data": {"unpinThread": {"thread": {"isPinned": False}, "errors": []}}
    }


# --- reports and the audit trail -----------------------------------------------------------------

REPORT = """
mutation Report($post: ID!, $reason: String!) {
  reportPost(input: {postId: $post, reason: $reason}) { report { reason reply { body } } errors { field message code } }
}
"""

REPORTS = """
{ forumReports { totalCount edges { node { id reason reporter { displayName } thread { title } reply { body } } } } }
"""


async def test_members_report_posts_and_moderators_deal_with_them(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    author, token = await member(db)
    _, reporter = await member(db, "piet@example.org", "Piet Jansen")
    _, moderator = await staff(db)
    thread = await make_thread(db, author, category, "Folders")
    reply = await make_reply(db, author, thread, "Bel 06-12345678 voor korting")

    assert await gql(REPORT, {"post": gid(reply), "reason": "Reclame"}, token=reporter) == {
        "data": {
            "reportPost": {
                "report": {"reason": "Reclame", "reply": {"body": "Bel 06-12345678 voor korting"}},
                "errors": [],
            }
        }
    }
    assert await gql(REPORT, {"post": gid(reply), "reason": "Nog steeds reclame"}, token=reporter) == {
        "data": {
            "reportPost": {
                "report": None,
                "errors": [
                    error(
                        "CONFLICT", "Je hebt dit bericht al gemeld; een moderator kijkt ernaar.", ["postId"]
                    )
                ],
            }
        }
    }
    assert await gql(REPORT, {"post": gid(thread), "reason": "Verkeerde categorie"}, token=reporter) == {
        "data": {"reportPost": {"report": {"reason": "Verkeerde categorie", "reply": None}, "errors": []}}
    }
    assert await gql(REPORT, {"post": encode_id("Party", 1), "reason": "?"}, token=reporter) == {
        "data": {
            "reportPost": {
                "report": None,
                "errors": [error("BAD_USER_INPUT", "Dit is geen geldig ID.", ["postId"])],
            }
        }
    }

    async with db.session() as session:
        from sqlalchemy import select

        reply_report, thread_report = (await session.scalars(select(Report).order_by(Report.id))).all()
    assert await gql(REPORTS, token=token) == {"data": {"forumReports": {"totalCount": 0, "edges": []}}}
    assert await gql(REPORTS, token=moderator) == {
        "data": {
            "forumReports": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "id": gid(reply_report),
                            "reason": "Reclame",
                            "reporter": {"displayName": "Piet Jansen"},
                            "thread": {"title": "Folders"},
                            "reply": {"body": "Bel 06-12345678 voor korting"},
                        }
                    },
                    {
                        "node": {
                            "id": gid(thread_report),
                            "reason": "Verkeerde categorie",
                            "reporter": {"displayName": "Piet Jansen"},
                            "thread": {"title": "Folders"},
                            "reply": None,
                        }
                    },
                ],
            }
        }
    }

    await gql(HIDE_REPLY, {"id": gid(reply), "reason": "Reclame"}, token=moderator)  # deals with its report
    resolve = "mutation ($id: ID!) { resolveForumReport(input: {reportId: $id}) { report { resolvedAt } errors { field message code } } }"
    assert await gql(resolve, {"id": gid(thread_report)}, token=token) == {
        "data": {"resolveForumReport": {"report": None, "errors": [FORBIDDEN]}}
    }
    resolved = await gql(resolve, {"id": gid(thread_report)}, token=moderator)
    assert resolved["data"]["resolveForumReport"]["report"]["resolvedAt"] is not None
    assert await gql(resolve, {"id": gid(thread_report)}, token=moderator) == {
        "data": {
            "resolveForumReport": {
                "report": None,
                "errors": [error("CONFLICT", "Deze melding is al afgehandeld.", ["reportId"])],
            }
        }
    }
    assert await gql(REPORTS, token=moderator) == {"data": {"forumReports": {"totalCount": 0, "edges": []}}}


LOG = """
{
  moderationLog {
    totalCount
    edges {
      node {
        action reason createdAt moderator { displayName } thread { title } reply { body }
        fromCategory { slug } toCategory { slug }
      }
    }
  }
}
"""


async def test_every_moderator_action_is_in_the_audit_trail(db: Database, gql: GraphQLClient) -> None:
    campaign = await make_category(db, "Campagne voeren")
    finance = await make_category(db, "Financiën")
    author, token = await member(db)
    _, moderator = await staff(db)
    _, admin = await staff(db, StaffRole.ADMIN)
    thread = await make_thread(db, author, campaign, "Folders")
    reply = await make_reply(db, author, thread, "Dure folders")

    await gql(HIDE_REPLY, {"id": gid(reply), "reason": "Reclame"}, token=moderator)
    await gql(
        'mutation ($id: ID!) { unhideReply(input: {replyId: $id, reason: "Toch niet"}) { errors { code } } }',
        {"id": gid(reply)},
        token=admin,
    )
    await gql(
        'mutation ($id: ID!) { editReply(input: {replyId: $id, body: "Folders"}) { errors { code } } }',
        {"id": gid(reply)},
        token=moderator,
    )
    await gql(
        'mutation ($id: ID!) { editReply(input: {replyId: $id, body: "Eigen tekst"}) { errors { code } } }',
        {"id": gid(reply)},
        token=token,
    )  # the author's own edit is no moderator action
    await gql(
        "mutation ($id: ID!, $c: ID!) { moveThread(input: {threadId: $id, categoryId: $c}) { errors { code } } }",
        {"id": gid(thread), "c": gid(finance)},
        token=moderator,
    )
    await gql(LOCK, {"id": gid(thread)}, token=moderator)
    await gql(
        "mutation ($id: ID!) { acceptAnswer(input: {replyId: $id}) { errors { code } } }",
        {"id": gid(reply)},
        token=admin,
    )

    async with db.session() as session:
        from sqlalchemy import select

        moments = list(
            await session.scalars(select(ModerationAction.created_at).order_by(ModerationAction.id.desc()))
        )

    def entry(action: str, who: str, reason: str | None = None, **extra: Any) -> dict[str, Any]:
        return {
            "action": action,
            "reason": reason,
            "moderator": {"displayName": who},
            "thread": {"title": "Folders"},
            "reply": extra.get("reply", {"body": "Eigen tekst"}),
            "fromCategory": extra.get("from_category"),
            "toCategory": extra.get("to_category"),
        }

    expected = [
        entry("ACCEPT_ANSWER", "Ada Admin"),
        entry("LOCK_THREAD", "Mo Derator", "Klaar", reply=None),
        entry(
            "MOVE_THREAD",
            "Mo Derator",
            reply=None,
            from_category={"slug": "campagne-voeren"},
            to_category={"slug": "financien"},
        ),
        entry("EDIT_REPLY", "Mo Derator"),
        entry("UNHIDE_REPLY", "Ada Admin", "Toch niet"),
        entry("HIDE_REPLY", "Mo Derator", "Reclame"),
    ]
    for item, moment in zip(expected, moments, strict=True):
        item["createdAt"] = moment.astimezone(DISPLAY_TIMEZONE).isoformat()
    assert await gql(LOG, token=moderator) == {
        "data": {"moderationLog": {"totalCount": 6, "edges": [{"node": node} for node in expected]}}
    }
    assert await gql(LOG, token=token) == {"data": {"moderationLog": {"totalCount": 0, "edges": []}}}


# --- categories ---------------------------------------------------------------------------------

CREATE = """
mutation Create($name: String!, $slug: String) {
  createForumCategory(input: {name: $name, slug: $slug, description: "Alles over geld.", position: 3}) {
    category { slug name description position } errors { field message code }
  }
}
"""


async def test_admins_manage_categories(db: Database, gql: GraphQLClient) -> None:
    _, admin = await staff(db, StaffRole.ADMIN)
    _, moderator = await staff(db)
    existing = await make_category(db, "Bestuur")

    assert await gql(CREATE, {"name": "Financiën"}, token=moderator) == {
        "data": {"createForumCategory": {"category": None, "errors": [FORBIDDEN]}}
    }
    assert await gql(CREATE, {"name": "Financiën"}, token=admin) == {
        "data": {
            "createForumCategory": {
                "category": {
                    "slug": "financien",
                    "name": "Financiën",
                    "description": "Alles over geld.",
                    "position": 3,
                },
                "errors": [],
            }
        }
    }
    assert await gql(CREATE, {"name": "", "slug": "bestuur"}, token=admin) == {
        "data": {
            "createForumCategory": {
                "category": None,
                "errors": [
                    error("BAD_USER_INPUT", "Vul dit veld in.", ["name"]),
                    error("CONFLICT", "Deze slug is al in gebruik.", ["slug"]),
                ],
            }
        }
    }
    update = """
    mutation Update($id: ID!) {
      updateForumCategory(input: {id: $id, name: "Bestuur en organisatie", position: 1}) {
        category { slug name position } errors { code }
      }
    }
    """
    assert await gql(update, {"id": gid(existing)}, token=moderator) == {
        "data": {"updateForumCategory": {"category": None, "errors": [{"code": "FORBIDDEN"}]}}
    }
    assert await gql(update, {"id": gid(existing)}, token=admin) == {
        "data": {
            "updateForumCategory": {
                "category": {"slug": "bestuur", "name": "Bestuur en organisatie", "position": 1},
                "errors": [],
            }
        }
    }
