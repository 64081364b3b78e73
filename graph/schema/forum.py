"""The forum's types. What a viewer may see of a post is decided by `kennispunt.forum.policy`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import EVENT_CURSOR, SLUG
from graph.enums import domain_enum
from graph.live.slot_loaders import REPLY_REACTED, THREAD_FOLLOWS, THREAD_UNREAD
from graph.live.slots import Slot, info_path
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.node import Node
from kennispunt.forum import events, models, policy
from kennispunt.forum.service import ReactionCount

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models

ReactionKind = models.ReactionKind
domain_enum(
    ReactionKind,
    "How a member reacts to a reply.",
    {
        ReactionKind.THANKS: "Thank you.",
        ReactionKind.HELPFUL: "This helped.",
        ReactionKind.AGREE: "I agree.",
    },
)
ModerationActionKind = models.ModerationActionKind
domain_enum(
    ModerationActionKind,
    "What a moderator did; edits and accepted answers count when a moderator does them for someone else.",
    {
        ModerationActionKind.HIDE_THREAD: "Hid a thread.",
        ModerationActionKind.UNHIDE_THREAD: "Showed a hidden thread again.",
        ModerationActionKind.HIDE_REPLY: "Hid a reply.",
        ModerationActionKind.UNHIDE_REPLY: "Showed a hidden reply again.",
        ModerationActionKind.LOCK_THREAD: "Locked a thread.",
        ModerationActionKind.UNLOCK_THREAD: "Unlocked a thread.",
        ModerationActionKind.PIN_THREAD: "Pinned a thread.",
        ModerationActionKind.UNPIN_THREAD: "Unpinned a thread.",
        ModerationActionKind.MOVE_THREAD: "Moved a thread to another category: see `fromCategory`, `toCategory`.",
        ModerationActionKind.EDIT_THREAD: "Edited someone else's thread.",
        ModerationActionKind.EDIT_REPLY: "Edited someone else's reply.",
        ModerationActionKind.ACCEPT_ANSWER: "Marked the answer in someone else's thread.",
        ModerationActionKind.RESOLVE_REPORT: "Closed a report.",
    },
)


@strawberry.type(description="A part of the forum; categories are managed by admins.")
class ForumCategory(Node):
    model = models.ForumCategory
    slug: str = strawberry.field(description=SLUG)
    name: str = strawberry.field(description="At most 100 characters.")
    description: str = strawberry.field(description="What belongs here, plain text; may be empty.")
    position: int = strawberry.field(description="Order among the categories, lowest first.")

    @strawberry.field(
        graphql_type="Connection[Thread]", description="Pinned threads first, then by last activity."
    )
    @staticmethod
    async def threads(
        root: Parent[models.ForumCategory],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Thread]:
        page = await info.context.loaders.threads_of_category.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)


@strawberry.type(description="A conversation in the forum: a title and an opening post, then replies.")
class Thread(Node):
    model = models.Thread
    title: str = strawberry.field(description="At most 200 characters.")
    created_at: datetime = strawberry.field(description="When the thread was started.")
    edited_at: datetime | None = strawberry.field(description="When the title or opening post last changed.")
    last_activity_at: datetime = strawberry.field(
        description="When the thread was started or last replied to."
    )
    reply_count: int = strawberry.field(description="Every reply, hidden ones included.")
    is_locked: bool = strawberry.field(description="A locked thread takes replies from moderators only.")
    is_pinned: bool = strawberry.field(description="Pinned threads come first in their category.")
    is_hidden: bool = strawberry.field(description="Hidden threads are visible to moderators only.")

    @strawberry.field(description="The opening post as written (Markdown).")
    @staticmethod
    def body(root: Parent[models.Thread], info: Info) -> str:
        return policy.visible_body(info.context.viewer, root)

    @strawberry.field(description="The opening post, rendered and sanitised.")
    @staticmethod
    def body_html(root: Parent[models.Thread], info: Info) -> str:
        return policy.visible_body_html(info.context.viewer, root)

    @strawberry.field(description="Why a moderator hid the thread; moderators only.")
    @staticmethod
    def hidden_reason(root: Parent[models.Thread], info: Info) -> str | None:
        return policy.visible_hidden_reason(info.context.viewer, root)

    @strawberry.field(graphql_type=User, description="Who started the thread.")
    @staticmethod
    async def author(root: Parent[models.Thread], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.author_id)

    @strawberry.field(graphql_type=ForumCategory, description="The category the thread is in.")
    @staticmethod
    async def category(root: Parent[models.Thread], info: Info) -> models.ForumCategory | None:
        return await info.context.loaders.forum_category.load(root.category_id)

    @strawberry.field(
        graphql_type="Connection[Reply]",
        description="Oldest first. Hidden replies keep their place, with an empty body.",
    )
    @staticmethod
    async def replies(
        root: Parent[models.Thread],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Reply]:
        page = await info.context.loaders.replies_of_thread.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)

    @strawberry.field(
        graphql_type="Reply | None", description="The reply the asker marked as the answer, if any."
    )
    @staticmethod
    async def accepted_reply(root: Parent[models.Thread], info: Info) -> models.Reply | None:
        return await info.context.loaders.accepted_reply.load(root.id)

    @strawberry.field(description="Whether the viewer is notified of new replies.")
    @staticmethod
    async def viewer_follows(root: Parent[models.Thread], info: Info) -> bool:
        slots = info.context.open_slots
        if slots is not None:  # a live result shared by many: each gets their own value
            return slots.leave_open(info_path(info), Slot(THREAD_FOLLOWS, root.id))  # type: ignore[no-any-return]
        return await info.context.loaders.viewer_follows.load(root.id)

    @strawberry.field(description="Replies by others since the viewer last read the thread.")
    @staticmethod
    async def unread_count(root: Parent[models.Thread], info: Info) -> int:
        slots = info.context.open_slots
        if slots is not None:
            return slots.leave_open(info_path(info), Slot(THREAD_UNREAD, root.id))  # type: ignore[no-any-return]
        return await info.context.loaders.unread_count.load(root.id)


@strawberry.type(description="How often a reply got one kind of reaction.")
class ReactionSummary:
    kind: ReactionKind = strawberry.field(description="The kind of reaction.")
    count: int = strawberry.field(description="How many members gave it; 0 or more.")

    @strawberry.field(description="Whether the viewer gave this reaction.")
    @staticmethod
    def viewer_reacted(root: Parent[ReactionCount], info: Info) -> bool:
        slots = info.context.open_slots
        if slots is not None:
            return slots.leave_open(info_path(info), Slot(REPLY_REACTED, (root.reply_id, root.kind)))  # type: ignore[no-any-return]
        return root.viewer_reacted


@strawberry.type(description="A post in a thread.")
class Reply(Node):
    model = models.Reply
    created_at: datetime = strawberry.field(description="When the reply was posted.")
    edited_at: datetime | None = strawberry.field(description="When the body last changed; null if never.")
    is_hidden: bool = strawberry.field(description="Hidden by a moderator: only moderators see its body.")

    @strawberry.field(graphql_type=Thread, description="The thread the reply is in.")
    @staticmethod
    async def thread(root: Parent[models.Reply], info: Info) -> models.Thread | None:
        return await info.context.loaders.thread.load(root.thread_id)

    @strawberry.field(graphql_type=User, description="Who wrote the reply.")
    @staticmethod
    async def author(root: Parent[models.Reply], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.author_id)

    @strawberry.field(description="Markdown as written; empty when hidden (except for moderators).")
    @staticmethod
    def body(root: Parent[models.Reply], info: Info) -> str:
        return policy.visible_body(info.context.viewer, root)

    @strawberry.field(description="Rendered and sanitised HTML; empty when hidden (except for moderators).")
    @staticmethod
    def body_html(root: Parent[models.Reply], info: Info) -> str:
        return policy.visible_body_html(info.context.viewer, root)

    @strawberry.field(description="Why a moderator hid the reply; moderators only.")
    @staticmethod
    def hidden_reason(root: Parent[models.Reply], info: Info) -> str | None:
        return policy.visible_hidden_reason(info.context.viewer, root)

    @strawberry.field(graphql_type="Reply | None", description="The earlier reply this one quotes, if any.")
    @staticmethod
    async def quoted_reply(root: Parent[models.Reply], info: Info) -> models.Reply | None:
        if root.quoted_reply_id is None:
            return None
        return await info.context.loaders.forum_reply.load(root.quoted_reply_id)

    @strawberry.field(description="Whether the asker marked this reply as the answer.")
    @staticmethod
    def is_accepted(root: Parent[models.Reply]) -> bool:
        return root.accepted_at is not None

    @strawberry.field(
        graphql_type=list[ReactionSummary],
        description="Every kind of reaction, in a fixed order, with its count.",
    )
    @staticmethod
    async def reactions(root: Parent[models.Reply], info: Info) -> list[ReactionCount]:
        loader = (
            info.context.loaders.reactions
            if info.context.open_slots is None
            else info.context.loaders.reaction_counts
        )
        counts: list[ReactionCount] = await loader.load(root.id)
        return counts


@strawberry.type(description="A member's report of a post; moderators only.")
class ForumReport(Node):
    model = models.Report
    reason: str = strawberry.field(description="Why it was reported, at most 1000 characters.")
    created_at: datetime = strawberry.field(description="When it was reported.")
    resolved_at: datetime | None = strawberry.field(
        description="When a moderator closed it; null while open."
    )

    @strawberry.field(graphql_type=User, description="Who reported it.")
    @staticmethod
    async def reporter(root: Parent[models.Report], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.reporter_id)

    @strawberry.field(
        graphql_type=Thread, description="The thread reported, or the thread of the reply reported."
    )
    @staticmethod
    async def thread(root: Parent[models.Report], info: Info) -> models.Thread | None:
        return await info.context.loaders.thread.load(root.thread_id)

    @strawberry.field(
        graphql_type=Reply | None,
        description="The reply reported; null when the report is about the opening post.",
    )
    @staticmethod
    async def reply(root: Parent[models.Report], info: Info) -> models.Reply | None:
        if root.reply_id is None:
            return None
        return await info.context.loaders.forum_reply.load(root.reply_id)


@strawberry.type(description="One entry of the moderators' audit trail.")
class ModerationAction(Node):
    model = models.ModerationAction
    action: ModerationActionKind = strawberry.field(description="What was done.")
    reason: str | None = strawberry.field(description="The moderator's reason, if they gave one.")
    created_at: datetime = strawberry.field(description="When it was done.")

    @strawberry.field(graphql_type=User | None, description="Who did it; null if their account is gone.")
    @staticmethod
    async def moderator(root: Parent[models.ModerationAction], info: Info) -> accounts_models.User | None:
        if root.moderator_id is None:
            return None
        return await info.context.loaders.user.load(root.moderator_id)

    @strawberry.field(graphql_type=Thread, description="The thread acted on, or the thread of the reply.")
    @staticmethod
    async def thread(root: Parent[models.ModerationAction], info: Info) -> models.Thread | None:
        return await info.context.loaders.thread.load(root.thread_id)

    @strawberry.field(graphql_type=Reply | None, description="The reply acted on; null for a thread action.")
    @staticmethod
    async def reply(root: Parent[models.ModerationAction], info: Info) -> models.Reply | None:
        if root.reply_id is None:
            return None
        return await info.context.loaders.forum_reply.load(root.reply_id)

    @strawberry.field(
        graphql_type=ForumCategory | None, description="For a move: the category the thread came from."
    )
    @staticmethod
    async def from_category(root: Parent[models.ModerationAction], info: Info) -> models.ForumCategory | None:
        return await _category(info, (root.details or {}).get("from_category_id"))

    @strawberry.field(
        graphql_type=ForumCategory | None, description="For a move: the category the thread went to."
    )
    @staticmethod
    async def to_category(root: Parent[models.ModerationAction], info: Info) -> models.ForumCategory | None:
        return await _category(info, (root.details or {}).get("to_category_id"))


async def _category(info: Info, category_id: int | None) -> models.ForumCategory | None:
    if category_id is None:
        return None
    return await info.context.loaders.forum_category.load(category_id)


# --- categories --------------------------------------------------------------------


ThreadEventKind = events.ThreadEventKind
domain_enum(
    ThreadEventKind,
    "What happened in a thread.",
    {
        ThreadEventKind.REPLY_ADDED: "A reply was posted: see `reply`.",
        ThreadEventKind.REPLY_EDITED: "A reply changed, or was shown again after hiding: see `reply`.",
        ThreadEventKind.REPLY_HIDDEN: "A moderator hid a reply: see `reply`.",
        ThreadEventKind.THREAD_LOCKED: "The thread was locked: only moderators can reply now.",
    },
)


@strawberry.type(description="One thing that happened; `cursor` can be passed back as `after` to resume.")
class ThreadEvent:
    cursor: str = strawberry.field(description=EVENT_CURSOR)
    kind: ThreadEventKind = strawberry.field(description="What happened.")
    thread: models.Thread = strawberry.field(graphql_type=Thread, description="The thread it happened in.")
    reply: models.Reply | None = strawberry.field(
        graphql_type=Reply | None, description="The reply it is about; null for THREAD_LOCKED."
    )
    occurred_at: datetime = strawberry.field(description="When it happened (was committed).")


CategoryEventKind = events.CategoryEventKind
domain_enum(
    CategoryEventKind,
    "What happened in a category.",
    {CategoryEventKind.THREAD_STARTED: "A thread was started: see `thread`."},
)


@strawberry.type(description="A new thread in a watched category; pass `cursor` back as `after` to resume.")
class CategoryEvent:
    cursor: str = strawberry.field(description=EVENT_CURSOR)
    kind: CategoryEventKind = strawberry.field(description="What happened.")
    category: models.ForumCategory = strawberry.field(graphql_type=ForumCategory, description="The category.")
    thread: models.Thread = strawberry.field(graphql_type=Thread, description="The thread started.")
    occurred_at: datetime = strawberry.field(description="When it happened (was committed).")
