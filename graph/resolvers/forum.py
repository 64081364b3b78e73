from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

import strawberry

from graph.context import Context, Info
from graph.errors import ApiError, bad_input
from graph.ids import decode_id
from graph.live.feed import END, SKIP
from graph.live.follow import follow
from graph.mutations import input_id, run_in_transaction
from graph.pagination import Connection, page_request, to_connection
from graph.resolvers.live import after_cursor
from graph.schema.forum import (
    AcceptAnswerInput,
    CategoryEvent,
    CategoryEventKind,
    CreateForumCategoryInput,
    EditReplyInput,
    EditThreadInput,
    FollowThreadInput,
    ForumCategory,
    ForumCategoryPayload,
    ForumReport,
    ForumReportPayload,
    HideReplyInput,
    HideThreadInput,
    MarkThreadReadInput,
    ModerateThreadInput,
    ModerationAction,
    MoveThreadInput,
    PostReplyInput,
    PostReplyPayload,
    ReactToReplyInput,
    ReplyPayload,
    ReportPostInput,
    ResolveForumReportInput,
    StartThreadInput,
    StartThreadPayload,
    Thread,
    ThreadEvent,
    ThreadEventKind,
    ThreadPayload,
    UnfollowThreadInput,
    UnhideReplyInput,
    UpdateForumCategoryInput,
)
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.events.models import Event
from kennispunt.forum import moderation, policy, posting, service
from realtime.stream import encode_event_cursor, latest_event_id


def _thread_id(value: str) -> int:
    return input_id(value, "Thread", ("thread_id",))


def _reply_id(value: str) -> int:
    return input_id(value, "Reply", ("reply_id",))


def _post(value: str) -> dict[str, int]:
    """A reported post: ``{"thread_id": ...}`` for an opening post, ``{"reply_id": ...}`` for a reply."""
    decoded = decode_id(value)
    if decoded is None or decoded.type_name not in ("Thread", "Reply"):
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "id.invalid", ("post_id",))
    return {"thread_id" if decoded.type_name == "Thread" else "reply_id": decoded.pk}


@strawberry.type
class ForumQuery:
    @strawberry.field(description="Members only: verified members of a party and staff.")
    async def forum_categories(self, info: Info) -> list[ForumCategory]:
        async with info.context.db.session() as session:
            return await service.list_categories(session, info.context.viewer)  # type: ignore[return-value]

    @strawberry.field(
        description="A forum category by slug; null if there is none or the viewer may not read the forum."
    )
    async def forum_category(self, info: Info, slug: str) -> ForumCategory | None:
        async with info.context.db.session() as session:
            return await service.category_by_slug(session, info.context.viewer, slug)  # type: ignore[return-value]

    @strawberry.field(
        description="Threads whose title, opening post or replies match, best first (Dutch-aware). "
        "Empty for those who may not read the forum."
    )
    async def forum_search(
        self, info: Info, query: str, first: int | None = None, after: str | None = None
    ) -> Connection[Thread]:
        request = page_request(first, after, info)
        async with info.context.db.session() as session:
            page = await service.search_threads(session, info.context.viewer, request, query)
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(description="Moderators: reports not dealt with yet, oldest first (empty for others).")
    async def forum_reports(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ForumReport]:
        request = page_request(first, after, info)
        async with info.context.db.session() as session:
            page = await moderation.open_reports_page(session, info.context.viewer, request)
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(description="Moderators: every moderator action, newest first (empty for others).")
    async def moderation_log(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ModerationAction]:
        request = page_request(first, after, info)
        async with info.context.db.session() as session:
            page = await moderation.moderation_log_page(session, info.context.viewer, request)
        return to_connection(page)  # type: ignore[return-value]


@strawberry.type
class ForumMutation:
    @strawberry.mutation(description="Admins: add a forum category.")
    async def create_forum_category(
        self, info: Info, input: CreateForumCategoryInput
    ) -> ForumCategoryPayload:
        viewer = info.context.viewer
        category, errors = await run_in_transaction(
            info,
            lambda session: service.create_category(
                session,
                viewer,
                name=input.name,
                description=input.description,
                slug=input.slug,
                position=input.position,
            ),
        )
        return ForumCategoryPayload(category=category, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins: rename, describe or reorder a forum category.")
    async def update_forum_category(
        self, info: Info, input: UpdateForumCategoryInput
    ) -> ForumCategoryPayload:
        viewer = info.context.viewer
        category, errors = await run_in_transaction(
            info,
            lambda session: service.update_category(
                session,
                viewer,
                input_id(input.id, "ForumCategory", ("id",)),
                name=input.name,
                description=input.description,
                slug=input.slug,
                position=input.position,
            ),
        )
        return ForumCategoryPayload(category=category, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Start a thread; its author follows it. Rate limited per user.")
    async def start_thread(self, info: Info, input: StartThreadInput) -> StartThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: posting.start_thread(
                session,
                viewer,
                input_id(input.category_id, "ForumCategory", ("category_id",)),
                input.title,
                input.body,
            ),
        )
        return StartThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Reply in a thread (moderators only when it is locked); followers are notified. "
        "Rate limited per user."
    )
    async def post_reply(self, info: Info, input: PostReplyInput) -> PostReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: posting.post_reply(
                session,
                viewer,
                _thread_id(input.thread_id),
                input.body,
                input_id(input.quoted_reply_id, "Reply", ("quoted_reply_id",))
                if input.quoted_reply_id
                else None,
            ),
        )
        return PostReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Change the title or opening post: its author, or a moderator.")
    async def edit_thread(self, info: Info, input: EditThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: posting.edit_thread(
                session, viewer, _thread_id(input.thread_id), title=input.title, body=input.body
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Change a reply: its author, or a moderator.")
    async def edit_reply(self, info: Info, input: EditReplyInput) -> ReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: posting.edit_reply(session, viewer, _reply_id(input.reply_id), input.body),
        )
        return ReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Give a reaction to a reply, or take it back.")
    async def react_to_reply(self, info: Info, input: ReactToReplyInput) -> ReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: posting.react_to_reply(
                session, viewer, _reply_id(input.reply_id), input.reaction
            ),
        )
        return ReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="The thread's author (or a moderator): mark the reply that answered the question."
    )
    async def accept_answer(self, info: Info, input: AcceptAnswerInput) -> ReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: posting.accept_answer(session, viewer, _reply_id(input.reply_id)),
        )
        return ReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Be notified of new replies in a thread.")
    async def follow_thread(self, info: Info, input: FollowThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: posting.follow_thread(session, viewer, _thread_id(input.thread_id)),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Stop being notified of new replies in a thread.")
    async def unfollow_thread(self, info: Info, input: UnfollowThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: posting.unfollow_thread(session, viewer, _thread_id(input.thread_id)),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Everything in the thread so far counts as read.")
    async def mark_thread_read(self, info: Info, input: MarkThreadReadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: posting.mark_thread_read(session, viewer, _thread_id(input.thread_id)),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Report a thread's opening post or a reply to the moderators.")
    async def report_post(self, info: Info, input: ReportPostInput) -> ForumReportPayload:
        viewer = info.context.viewer
        report, errors = await run_in_transaction(
            info,
            lambda session: moderation.report_post(
                session, viewer, reason=input.reason, **_post(input.post_id)
            ),
        )
        return ForumReportPayload(report=report, errors=errors)  # type: ignore[arg-type]


@strawberry.type
class ForumModerationMutation:
    @strawberry.mutation(description="Moderators: close a report (dealt with, or nothing wrong).")
    async def resolve_forum_report(self, info: Info, input: ResolveForumReportInput) -> ForumReportPayload:
        viewer = info.context.viewer
        report, errors = await run_in_transaction(
            info,
            lambda session: moderation.resolve_report(
                session, viewer, input_id(input.report_id, "ForumReport", ("report_id",))
            ),
        )
        return ForumReportPayload(report=report, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Moderators: hide a reply; it keeps its place, with an empty body for others."
    )
    async def hide_reply(self, info: Info, input: HideReplyInput) -> ReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: moderation.hide_reply(session, viewer, _reply_id(input.reply_id), input.reason),
        )
        return ReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: show a hidden reply again.")
    async def unhide_reply(self, info: Info, input: UnhideReplyInput) -> ReplyPayload:
        viewer = info.context.viewer
        reply, errors = await run_in_transaction(
            info,
            lambda session: moderation.unhide_reply(session, viewer, _reply_id(input.reply_id), input.reason),
        )
        return ReplyPayload(reply=reply, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: hide a whole thread from everyone but moderators.")
    async def hide_thread(self, info: Info, input: HideThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.hide_thread(
                session, viewer, _thread_id(input.thread_id), input.reason
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: show a hidden thread again.")
    async def unhide_thread(self, info: Info, input: ModerateThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.unhide_thread(
                session, viewer, _thread_id(input.thread_id), input.reason
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: no more replies, except from moderators.")
    async def lock_thread(self, info: Info, input: ModerateThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.lock_thread(
                session, viewer, _thread_id(input.thread_id), input.reason
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: open a locked thread again.")
    async def unlock_thread(self, info: Info, input: ModerateThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.unlock_thread(
                session, viewer, _thread_id(input.thread_id), input.reason
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: keep a thread at the top of its category.")
    async def pin_thread(self, info: Info, input: ModerateThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.pin_thread(session, viewer, _thread_id(input.thread_id), input.reason),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: let a pinned thread take its place by activity again.")
    async def unpin_thread(self, info: Info, input: ModerateThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.unpin_thread(
                session, viewer, _thread_id(input.thread_id), input.reason
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Moderators: put a thread in another category.")
    async def move_thread(self, info: Info, input: MoveThreadInput) -> ThreadPayload:
        viewer = info.context.viewer
        thread, errors = await run_in_transaction(
            info,
            lambda session: moderation.move_thread(
                session,
                viewer,
                _thread_id(input.thread_id),
                input_id(input.category_id, "ForumCategory", ("category_id",)),
                input.reason,
            ),
        )
        return ThreadPayload(thread=thread, errors=errors)  # type: ignore[arg-type]


def _require_forum_reader(info: Info) -> None:
    viewer = info.context.viewer
    if not policy.can_read_forum(viewer):
        raise (
            ApiError("FORBIDDEN", "auth.forbidden")
            if viewer.is_authenticated
            else ApiError("UNAUTHENTICATED", "auth.required")
        )


def _subject_id(global_id: str, type_name: str) -> int:
    decoded = decode_id(global_id)
    if decoded is None or decoded.type_name != type_name:
        raise bad_input("id.invalid")
    return decoded.pk


@dataclass(frozen=True)
class ThreadActivity:
    """What each event of a thread becomes for a subscriber (`graph.live.feed.LiveField`)."""

    thread_id: int

    async def payload(self, context: Context, event: Event) -> object:
        thread = await context.loaders.thread.load(self.thread_id)  # the policy, as of this event
        if thread is None:
            return END
        reply_id = event.payload.get("reply_id")
        reply = await context.loaders.forum_reply.load(reply_id) if reply_id else None
        return ThreadEvent(
            cursor=encode_event_cursor(event.id),
            kind=ThreadEventKind(event.kind),
            thread=thread,  # type: ignore[arg-type]
            reply=reply,  # type: ignore[arg-type]
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        return (
            policy.can_read_forum(context.viewer)
            and await context.loaders.thread.load(self.thread_id) is not None
        )


@dataclass(frozen=True)
class CategoryActivity:
    category_id: int

    async def payload(self, context: Context, event: Event) -> object:
        if not await self.still_visible(context):
            return END
        category = await context.loaders.forum_category.load(self.category_id)
        thread = await context.loaders.thread.load(event.payload["thread_id"])
        if thread is None:
            return SKIP
        return CategoryEvent(
            cursor=encode_event_cursor(event.id),
            kind=CategoryEventKind.THREAD_STARTED,
            category=category,  # type: ignore[arg-type]
            thread=thread,  # type: ignore[arg-type]
            occurred_at=event.occurred_at,
        )

    async def still_visible(self, context: Context) -> bool:
        return (
            policy.can_read_forum(context.viewer)
            and await context.loaders.forum_category.load(self.category_id) is not None
        )


@strawberry.type
class ForumSubscription:
    @strawberry.subscription(
        description="Replies and moderation in one thread. With `after`, missed events are replayed "
        "first, then live ones: no gap, no duplicate. Ends when the viewer may no longer read the thread."
    )
    async def thread_activity(
        self, info: Info, thread_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[ThreadEvent, None]:
        _require_forum_reader(info)
        pk = _subject_id(thread_id, "Thread")
        cursor = after_cursor(after)
        if cursor is None:
            cursor = await latest_event_id(info.context.db)
        if await info.context.loaders.thread.load(pk) is None:
            raise ApiError("NOT_FOUND", "thread.not_found")
        async for value in follow(info, ThreadActivity(pk), (service.THREAD_SUBJECT, pk), cursor):
            yield value

    @strawberry.subscription(
        description="New threads in one category, as they are started; `after` as above."
    )
    async def category_activity(
        self, info: Info, category_id: strawberry.ID, after: str | None = None
    ) -> AsyncGenerator[CategoryEvent, None]:
        _require_forum_reader(info)
        pk = _subject_id(category_id, "ForumCategory")
        cursor = after_cursor(after)
        if cursor is None:
            cursor = await latest_event_id(info.context.db)
        if await info.context.loaders.forum_category.load(pk) is None:
            raise ApiError("NOT_FOUND", "category.not_found")
        async for value in follow(info, CategoryActivity(pk), (service.CATEGORY_SUBJECT, pk), cursor):
            yield value
