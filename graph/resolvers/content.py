from __future__ import annotations

from typing import Annotated

import strawberry

from graph.arguments import SEARCH, STATUSES, TOPIC_RENAMED, TOPIC_SLUG
from graph.context import Info
from graph.ids import read_id, read_optional_id
from graph.mutations import Write, aware, mutation
from graph.pagination import (
    After,
    Before,
    Connection,
    First,
    Last,
    page_request,
    selected_names,
    to_connection,
)
from graph.schema.content import (
    ArchiveArticleInput,
    Article,
    ArticlePayload,
    CreateArticleInput,
    PublicationStatus,
    PublishArticleInput,
    Topic,
    UpdateArticleInput,
)
from kennispunt.content import models, service


@strawberry.type
class ContentQuery:
    @strawberry.field(
        description="Topics of the knowledge base, in editorial order.", graphql_type=list[Topic]
    )
    async def topics(self, info: Info) -> list[models.Topic]:
        async with info.context.db.session() as session:
            return await service.list_topics(session)

    @strawberry.field(
        graphql_type=Connection[Article],
        description="Published articles, newest first; with `search`, best matches first "
        "(Dutch-aware: `verkiezing` finds `verkiezingen`). Editors may ask for other statuses.",
    )
    async def articles(
        self,
        info: Info,
        topic: Annotated[
            str | None, strawberry.argument(description="A topic's `slug`.", deprecation_reason=TOPIC_RENAMED)
        ] = None,
        search: Annotated[str | None, SEARCH] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        status: Annotated[list[PublicationStatus] | None, STATUSES] = None,
        topic_slug: Annotated[str | None, TOPIC_SLUG] = None,
    ) -> Connection[models.Article]:
        request = page_request(first, after, info, last, before)
        selected = selected_names(info, "edges", "node")
        async with info.context.db.session() as session:
            page = await service.articles_page(
                session,
                info.context.viewer,
                request,
                topic_slug=topic if topic_slug is None else topic_slug,
                query=search,
                statuses=status,
                bodies=not selected.isdisjoint(("body", "bodyHtml")),
                topics="topic" in selected,
            )
        return to_connection(page)

    @strawberry.field(
        graphql_type=Article | None,
        description="An article by slug; null if it does not exist or is not visible.",
    )
    async def article(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The article's `slug`.")]
    ) -> models.Article | None:
        async with info.context.db.session() as session:
            return await service.article_by_slug(session, info.context.viewer, slug)


@strawberry.type
class ContentMutation:
    @mutation(ArticlePayload, description="Editors: write a new article (a draft until published).")
    async def create_article(self, write: Write, input: CreateArticleInput) -> object:
        return await service.create_article(
            write.session,
            write.viewer,
            title=input.title,
            summary=input.summary,
            body=input.body,
            topic_id=read_id(input.topic_id, "Topic", ("topic_id",)),
            slug=input.slug,
        )

    @mutation(ArticlePayload, description="Editors: change an article; search follows at once.")
    async def update_article(self, write: Write, input: UpdateArticleInput) -> object:
        return await service.update_article(
            write.session,
            write.viewer,
            read_id(input.id, "Article", ("id",)),
            title=input.title,
            summary=input.summary,
            body=input.body,
            topic_id=read_optional_id(input.topic_id, "Topic", ("topic_id",)),
            slug=input.slug,
        )

    @mutation(ArticlePayload, description="Editors: make an article visible to everyone.")
    async def publish_article(self, write: Write, input: PublishArticleInput) -> object:
        return await service.publish_article(
            write.session,
            write.viewer,
            read_id(input.id, "Article", ("id",)),
            aware(input.published_at) if input.published_at else None,
        )

    @mutation(
        ArticlePayload, description="Editors: take an article out of lists and search; links keep working."
    )
    async def archive_article(self, write: Write, input: ArchiveArticleInput) -> object:
        return await service.archive_article(
            write.session, write.viewer, read_id(input.id, "Article", ("id",))
        )
