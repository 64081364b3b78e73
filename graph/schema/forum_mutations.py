"""The forum's mutation inputs and payloads (the types they return are in `graph.schema.forum`)."""

from __future__ import annotations

import strawberry

from graph.descriptions import NEW_SLUG
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.schema.forum import ForumCategory, ForumReport, ReactionKind, Reply, Thread

POSITION = "Order among the categories, lowest first."
THREAD_ID = "The thread's `id`."
REPLY_ID = "The reply's `id`."
OPTIONAL_REASON = "Why, for the moderation log; at most 500 characters."


@strawberry.input(description="A new forum category.")
class CreateForumCategoryInput:
    name: str = strawberry.field(description="At most 100 characters.")
    description: str = strawberry.field(default="", description="Plain text, at most 1000 characters.")
    slug: str | None = strawberry.field(
        default=None, description=f"Derived from the name when left out. {NEW_SLUG}"
    )
    position: int = strawberry.field(default=0, description=POSITION)


@strawberry.input(description="Fields left out stay as they are.")
class UpdateForumCategoryInput:
    id: strawberry.ID = strawberry.field(description="The category's `id`.")
    name: str | None = strawberry.field(default=None, description="At most 100 characters.")
    description: str | None = strawberry.field(
        default=None, description="Plain text, at most 1000 characters."
    )
    slug: str | None = strawberry.field(default=None, description=NEW_SLUG)
    position: int | None = strawberry.field(default=None, description=POSITION)


@strawberry.type(description="What the forum category mutations return.")
class ForumCategoryPayload:
    category: ForumCategory | None = strawberry.field(
        description="The category as it is now; null on errors."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


# --- posting -----------------------------------------------------------------------


@strawberry.input(description="A new thread with its opening post.")
class StartThreadInput:
    category_id: strawberry.ID = strawberry.field(description="The category's `id`.")
    title: str = strawberry.field(description="At most 200 characters.")
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")


@strawberry.type(description="What `startThread` returns.")
class StartThreadPayload:
    thread: Thread | None = strawberry.field(description="The new thread; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="A reply to post.")
class PostReplyInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")
    quoted_reply_id: strawberry.ID | None = strawberry.field(
        default=None, description="An earlier reply in the same thread."
    )


@strawberry.type(description="What `postReply` returns.")
class PostReplyPayload:
    reply: Reply | None = strawberry.field(description="The new reply; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="Fields left out stay as they are.")
class EditThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    title: str | None = strawberry.field(default=None, description="At most 200 characters.")
    body: str | None = strawberry.field(
        default=None, description="The opening post, Markdown, at most 20 000 characters."
    )


@strawberry.input(description="A reply's new text.")
class EditReplyInput:
    reply_id: strawberry.ID = strawberry.field(description=REPLY_ID)
    body: str = strawberry.field(description="Markdown, at most 20 000 characters.")


@strawberry.input(description="Reacting again with the same kind takes the reaction back.")
class ReactToReplyInput:
    reply_id: strawberry.ID = strawberry.field(description=REPLY_ID)
    reaction: ReactionKind = strawberry.field(description="The kind of reaction.")


@strawberry.input(description="The reply that answered the thread's question.")
class AcceptAnswerInput:
    reply_id: strawberry.ID = strawberry.field(description=REPLY_ID)


@strawberry.input(description="The thread to follow.")
class FollowThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


@strawberry.input(description="The thread to stop following.")
class UnfollowThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


@strawberry.input(description="The thread read up to now.")
class MarkThreadReadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)


@strawberry.type(description="What the thread mutations return.")
class ThreadPayload:
    thread: Thread | None = strawberry.field(description="The thread as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.type(description="What the reply mutations return.")
class ReplyPayload:
    reply: Reply | None = strawberry.field(description="The reply as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


# --- reports and moderation --------------------------------------------------------


@strawberry.input(description="A post to report to the moderators.")
class ReportPostInput:
    post_id: strawberry.ID = strawberry.field(description="A thread (its opening post) or a reply.")
    reason: str = strawberry.field(description="At most 1000 characters.")


@strawberry.input(description="The report to close.")
class ResolveForumReportInput:
    report_id: strawberry.ID = strawberry.field(description="The report's `id`.")


@strawberry.type(description="What `reportPost` and `resolveForumReport` return.")
class ForumReportPayload:
    report: ForumReport | None = strawberry.field(description="The report as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="The reply to hide, and why.")
class HideReplyInput:
    reply_id: strawberry.ID = strawberry.field(description=REPLY_ID)
    reason: str = strawberry.field(description="Shown to moderators; at most 500 characters.")


@strawberry.input(description="The hidden reply to show again.")
class UnhideReplyInput:
    reply_id: strawberry.ID = strawberry.field(description=REPLY_ID)
    reason: str | None = strawberry.field(default=None, description=OPTIONAL_REASON)


@strawberry.input(description="The thread to hide, and why.")
class HideThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    reason: str = strawberry.field(description="Shown to moderators; at most 500 characters.")


@strawberry.input(description="Unhide, lock, unlock, pin or unpin a thread; the reason goes into the log.")
class ModerateThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    reason: str | None = strawberry.field(default=None, description=OPTIONAL_REASON)


@strawberry.input(description="The thread to move, and where to.")
class MoveThreadInput:
    thread_id: strawberry.ID = strawberry.field(description=THREAD_ID)
    category_id: strawberry.ID = strawberry.field(description="The `id` of the category to move it to.")
    reason: str | None = strawberry.field(default=None, description=OPTIONAL_REASON)
