"""Reading the forum: categories, search, and the moderators' lists."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.arguments import SEARCH
from graph.context import Info
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.forum import (
    ForumCategory,
    ForumReport,
    ModerationAction,
    Thread,
)
from kennispunt.forum import models, moderation, service


@strawberry.type
class ForumQuery:
    @strawberry.field(
        graphql_type=list[ForumCategory], description="Members only: verified members of a party and staff."
    )
    async def forum_categories(self, info: Info) -> list[models.ForumCategory]:
        async with info.context.db.session() as session:
            return await service.list_categories(session, info.context.viewer)

    @strawberry.field(
        graphql_type=ForumCategory | None,
        description="A forum category by slug; null if there is none or the viewer may not read the forum.",
    )
    async def forum_category(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The category's `slug`.")]
    ) -> models.ForumCategory | None:
        async with info.context.db.session() as session:
            return await service.category_by_slug(session, info.context.viewer, slug)

    @strawberry.field(
        graphql_type=Connection[Thread],
        description="Threads whose title, opening post or replies match, best first (Dutch-aware). "
        "Empty for those who may not read the forum.",
    )
    async def forum_search(
        self,
        info: Info,
        query: Annotated[str, SEARCH],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Thread]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await service.search_threads(session, info.context.viewer, request, query)
        return to_connection(page)

    @strawberry.field(
        graphql_type=Connection[ForumReport],
        description="Moderators: reports not dealt with yet, oldest first (empty for others).",
    )
    async def forum_reports(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[models.Report]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await moderation.open_reports_page(session, info.context.viewer, request)
        return to_connection(page)

    @strawberry.field(
        graphql_type=Connection[ModerationAction],
        description="Moderators: every moderator action, newest first (empty for others).",
    )
    async def moderation_log(
        self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None
    ) -> Connection[models.ModerationAction]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await moderation.moderation_log_page(session, info.context.viewer, request)
        return to_connection(page)
