"""Moderating the forum: reports, hiding, locking, pinning and moving."""

from __future__ import annotations

import strawberry

from graph.ids import read_id
from graph.mutations import Write, mutation
from graph.resolvers.forum import inputs
from graph.schema.forum_mutations import (
    ForumReportPayload,
    HideReplyInput,
    HideThreadInput,
    ModerateThreadInput,
    MoveThreadInput,
    ReplyPayload,
    ResolveForumReportInput,
    ThreadPayload,
    UnhideReplyInput,
)
from kennispunt.forum import moderation


@strawberry.type
class ForumModerationMutation:
    @mutation(ForumReportPayload, description="Moderators: close a report (dealt with, or nothing wrong).")
    async def resolve_forum_report(self, write: Write, input: ResolveForumReportInput) -> object:
        return await moderation.resolve_report(
            write.session, write.viewer, read_id(input.report_id, "ForumReport", ("report_id",))
        )

    @mutation(
        ReplyPayload,
        description="Moderators: hide a reply; it keeps its place, with an empty body for others.",
    )
    async def hide_reply(self, write: Write, input: HideReplyInput) -> object:
        return await moderation.hide_reply(
            write.session, write.viewer, inputs.reply_id(input.reply_id), input.reason
        )

    @mutation(ReplyPayload, description="Moderators: show a hidden reply again.")
    async def unhide_reply(self, write: Write, input: UnhideReplyInput) -> object:
        return await moderation.unhide_reply(
            write.session, write.viewer, inputs.reply_id(input.reply_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: hide a whole thread from everyone but moderators.")
    async def hide_thread(self, write: Write, input: HideThreadInput) -> object:
        return await moderation.hide_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: show a hidden thread again.")
    async def unhide_thread(self, write: Write, input: ModerateThreadInput) -> object:
        return await moderation.unhide_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: no more replies, except from moderators.")
    async def lock_thread(self, write: Write, input: ModerateThreadInput) -> object:
        return await moderation.lock_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: open a locked thread again.")
    async def unlock_thread(self, write: Write, input: ModerateThreadInput) -> object:
        return await moderation.unlock_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: keep a thread at the top of its category.")
    async def pin_thread(self, write: Write, input: ModerateThreadInput) -> object:
        return await moderation.pin_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: let a pinned thread take its place by activity again.")
    async def unpin_thread(self, write: Write, input: ModerateThreadInput) -> object:
        return await moderation.unpin_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), input.reason
        )

    @mutation(ThreadPayload, description="Moderators: put a thread in another category.")
    async def move_thread(self, write: Write, input: MoveThreadInput) -> object:
        return await moderation.move_thread(
            write.session,
            write.viewer,
            inputs.thread_id(input.thread_id),
            inputs.category_id(input.category_id),
            input.reason,
        )
