"""Writing in the forum: categories (admins), threads, replies, reactions, follows, reports."""

from __future__ import annotations

import strawberry

from graph.ids import read_optional_id
from graph.mutations import Write, mutation
from graph.resolvers.forum import inputs
from graph.schema.forum_mutations import (
    AcceptAnswerInput,
    CreateForumCategoryInput,
    EditReplyInput,
    EditThreadInput,
    FollowThreadInput,
    ForumCategoryPayload,
    ForumReportPayload,
    MarkThreadReadInput,
    PostReplyInput,
    PostReplyPayload,
    ReactToReplyInput,
    ReplyPayload,
    ReportPostInput,
    StartThreadInput,
    StartThreadPayload,
    ThreadPayload,
    UnfollowThreadInput,
    UpdateForumCategoryInput,
)
from kennispunt.forum import moderation, posting, service


@strawberry.type
class ForumMutation:
    @mutation(ForumCategoryPayload, description="Admins: add a forum category.")
    async def create_forum_category(self, write: Write, input: CreateForumCategoryInput) -> object:
        return await service.create_category(
            write.session,
            write.viewer,
            name=input.name,
            description=input.description,
            slug=input.slug,
            position=input.position,
        )

    @mutation(ForumCategoryPayload, description="Admins: rename, describe or reorder a forum category.")
    async def update_forum_category(self, write: Write, input: UpdateForumCategoryInput) -> object:
        return await service.update_category(
            write.session,
            write.viewer,
            inputs.category_id(input.id, "id"),
            name=input.name,
            description=input.description,
            slug=input.slug,
            position=input.position,
        )

    @mutation(StartThreadPayload, description="Start a thread; its author follows it. Rate limited per user.")
    async def start_thread(self, write: Write, input: StartThreadInput) -> object:
        return await posting.start_thread(
            write.session,
            write.viewer,
            inputs.category_id(input.category_id),
            input.title,
            input.body,
        )

    @mutation(
        PostReplyPayload,
        description="Reply in a thread (moderators only when it is locked); followers are notified. "
        "Rate limited per user.",
    )
    async def post_reply(self, write: Write, input: PostReplyInput) -> object:
        return await posting.post_reply(
            write.session,
            write.viewer,
            inputs.thread_id(input.thread_id),
            input.body,
            read_optional_id(input.quoted_reply_id, "Reply", ("quoted_reply_id",)),
        )

    @mutation(ThreadPayload, description="Change the title or opening post: its author, or a moderator.")
    async def edit_thread(self, write: Write, input: EditThreadInput) -> object:
        return await posting.edit_thread(
            write.session, write.viewer, inputs.thread_id(input.thread_id), title=input.title, body=input.body
        )

    @mutation(ReplyPayload, description="Change a reply: its author, or a moderator.")
    async def edit_reply(self, write: Write, input: EditReplyInput) -> object:
        return await posting.edit_reply(
            write.session, write.viewer, inputs.reply_id(input.reply_id), input.body
        )

    @mutation(ReplyPayload, description="Give a reaction to a reply, or take it back.")
    async def react_to_reply(self, write: Write, input: ReactToReplyInput) -> object:
        return await posting.react_to_reply(
            write.session, write.viewer, inputs.reply_id(input.reply_id), input.reaction
        )

    @mutation(
        ReplyPayload,
        description="The thread's author (or a moderator): mark the reply that answered the question.",
    )
    async def accept_answer(self, write: Write, input: AcceptAnswerInput) -> object:
        return await posting.accept_answer(write.session, write.viewer, inputs.reply_id(input.reply_id))

    @mutation(ThreadPayload, description="Be notified of new replies in a thread.")
    async def follow_thread(self, write: Write, input: FollowThreadInput) -> object:
        return await posting.follow_thread(write.session, write.viewer, inputs.thread_id(input.thread_id))

    @mutation(ThreadPayload, description="Stop being notified of new replies in a thread.")
    async def unfollow_thread(self, write: Write, input: UnfollowThreadInput) -> object:
        return await posting.unfollow_thread(write.session, write.viewer, inputs.thread_id(input.thread_id))

    @mutation(ThreadPayload, description="Everything in the thread so far counts as read.")
    async def mark_thread_read(self, write: Write, input: MarkThreadReadInput) -> object:
        return await posting.mark_thread_read(write.session, write.viewer, inputs.thread_id(input.thread_id))

    @mutation(ForumReportPayload, description="Report a thread's opening post or a reply to the moderators.")
    async def report_post(self, write: Write, input: ReportPostInput) -> object:
        return await moderation.report_post(
            write.session, write.viewer, reason=input.reason, **inputs.post(input.post_id)
        )
