"""The forum's mutation inputs and payloads (the types they return are in `graph.schema.forum`)."""

from __future__ import annotations

import strawberry

from graph.errors import UserError
from graph.schema.forum import ForumCategory, ForumReport, ReactionKind, Reply, Thread


@strawberry.input
class CreateForumCategoryInput:
    name: str
    description: str = ""
    slug: str | None = strawberry.field(default=None, description="Derived from the name when left out.")
    position: int = 0


@strawberry.input(description="Fields left out stay as they are.")
class UpdateForumCategoryInput:
    id: strawberry.ID
    name: str | None = None
    description: str | None = None
    slug: str | None = None
    position: int | None = None


@strawberry.type
class ForumCategoryPayload:
    category: ForumCategory | None
    errors: list[UserError]


# --- posting -----------------------------------------------------------------------


@strawberry.input
class StartThreadInput:
    category_id: strawberry.ID
    title: str = strawberry.field(description="At most 200 characters.")
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")


@strawberry.type
class StartThreadPayload:
    thread: Thread | None
    errors: list[UserError]


@strawberry.input
class PostReplyInput:
    thread_id: strawberry.ID
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")
    quoted_reply_id: strawberry.ID | None = strawberry.field(
        default=None, description="An earlier reply in the same thread."
    )


@strawberry.type
class PostReplyPayload:
    reply: Reply | None
    errors: list[UserError]


@strawberry.input(description="Fields left out stay as they are.")
class EditThreadInput:
    thread_id: strawberry.ID
    title: str | None = None
    body: str | None = None


@strawberry.input
class EditReplyInput:
    reply_id: strawberry.ID
    body: str


@strawberry.input(description="Reacting again with the same kind takes the reaction back.")
class ReactToReplyInput:
    reply_id: strawberry.ID
    reaction: ReactionKind


@strawberry.input
class AcceptAnswerInput:
    reply_id: strawberry.ID


@strawberry.input
class FollowThreadInput:
    thread_id: strawberry.ID


@strawberry.input
class UnfollowThreadInput:
    thread_id: strawberry.ID


@strawberry.input
class MarkThreadReadInput:
    thread_id: strawberry.ID


@strawberry.type
class ThreadPayload:
    thread: Thread | None
    errors: list[UserError]


@strawberry.type
class ReplyPayload:
    reply: Reply | None
    errors: list[UserError]


# --- reports and moderation --------------------------------------------------------


@strawberry.input
class ReportPostInput:
    post_id: strawberry.ID = strawberry.field(description="A thread (its opening post) or a reply.")
    reason: str = strawberry.field(description="At most 1000 characters.")


@strawberry.input
class ResolveForumReportInput:
    report_id: strawberry.ID


@strawberry.type
class ForumReportPayload:
    report: ForumReport | None
    errors: list[UserError]


@strawberry.input
class HideReplyInput:
    reply_id: strawberry.ID
    reason: str = strawberry.field(description="Shown to moderators; at most 500 characters.")


@strawberry.input
class UnhideReplyInput:
    reply_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class HideThreadInput:
    thread_id: strawberry.ID
    reason: str = strawberry.field(description="Shown to moderators; at most 500 characters.")


@strawberry.input(description="Unhide, lock, unlock, pin or unpin a thread; the reason goes into the log.")
class ModerateThreadInput:
    thread_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class MoveThreadInput:
    thread_id: strawberry.ID
    category_id: strawberry.ID
    reason: str | None = None
