from __future__ import annotations

import strawberry

from graph.context import Info
from graph.mutations import aware, input_id, run_in_transaction
from graph.pagination import Connection, page_request, selected_names, to_connection
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
from kennispunt.content import service


@strawberry.type
class ContentQuery:
    @strawberry.field(description="Topics of the knowledge base, in editorial order.")
    async def topics(self, info: Info) -> list[Topic]:
        async with info.context.db.session() as session:
            return await service.list_topics(session)  # type: ignore[return-value]

    @strawberry.field(
        description="Published articles, newest first; with `search`, best matches first "
        "(Dutch-aware: `verkiezing` finds `verkiezingen`). Editors may ask for other statuses."
    )
    async def articles(
        self,
        info: Info,
        topic: str | None = None,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
        status: list[PublicationStatus] | None = None,  # type: ignore[valid-type]
    ) -> Connection[Article]:
        request = page_request(first, after, info)
        selected = selected_names(info, "edges", "node")
        async with info.context.db.session() as session:
            page = await service.articles_page(
                session,
                info.context.viewer,
                request,
                topic_slug=topic,
                query=search,
                statuses=status,
                bodies=not selected.isdisjoint(("body", "bodyHtml")),
                topics="topic" in selected,
            )
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(description="An article by slug; null if it does not exist or is not visible.")
    async def article(self, info: Info, slug: str) -> Article | None:
        async with info.context.db.session() as session:
            return await service.article_by_slug(session, info.context.viewer, slug)  # type: ignore[return-value]


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Editors: write a new article (a draft until published).")
    async def create_article(self, info: Info, input: CreateArticleInput) -> ArticlePayload:
        viewer = info.context.viewer
        article, errors = await run_in_transaction(
            info,
            lambda session: service.create_article(
                session,
                viewer,
                title=input.title,
                summary=input.summary,
                body=input.body,
                topic_id=input_id(input.topic_id, "Topic", ("topic_id",)),
                slug=input.slug,
            ),
        )
        return ArticlePayload(article=article, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Editors: change an article; search follows at once.")
    async def update_article(self, info: Info, input: UpdateArticleInput) -> ArticlePayload:
        viewer = info.context.viewer
        article, errors = await run_in_transaction(
            info,
            lambda session: service.update_article(
                session,
                viewer,
                input_id(input.id, "Article", ("id",)),
                title=input.title,
                summary=input.summary,
                body=input.body,
                topic_id=input_id(input.topic_id, "Topic", ("topic_id",)) if input.topic_id else None,
                slug=input.slug,
            ),
        )
        return ArticlePayload(article=article, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Editors: make an article visible to everyone.")
    async def publish_article(self, info: Info, input: PublishArticleInput) -> ArticlePayload:
        viewer = info.context.viewer
        article, errors = await run_in_transaction(
            info,
            lambda session: service.publish_article(
                session,
                viewer,
                input_id(input.id, "Article", ("id",)),
                aware(input.published_at) if input.published_at else None,
            ),
        )
        return ArticlePayload(article=article, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Editors: take an article out of lists and search; links keep working.")
    async def archive_article(self, info: Info, input: ArchiveArticleInput) -> ArticlePayload:
        viewer = info.context.viewer
        article, errors = await run_in_transaction(
            info,
            lambda session: service.archive_article(session, viewer, input_id(input.id, "Article", ("id",))),
        )
        return ArticlePayload(article=article, errors=errors)  # type: ignore[arg-type]
