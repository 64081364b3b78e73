from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import cast

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import NEW_SLUG, SLUG
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.schema.node import Node
from kennispunt.content import models
from kennispunt.publishing import PublicationStatus as PublicationStatusEnum

PublicationStatus = PublicationStatusEnum
domain_enum(
    PublicationStatus,
    "Drafts are visible to editors only; archived items leave lists.",
    {
        PublicationStatus.DRAFT: "Being written; only editors see it.",
        PublicationStatus.PUBLISHED: "Visible to everyone and listed.",
        PublicationStatus.ARCHIVED: "No longer listed; still found by its link and ID.",
    },
)


@strawberry.type(description="A subject of the knowledge base.")
class Topic(Node):
    model = models.Topic
    slug: str = strawberry.field(description=SLUG)
    name: str = strawberry.field(description="The topic's name, at most 100 characters.")
    description: str = strawberry.field(description="What the topic covers, plain text; may be empty.")


@strawberry.type(description="A knowledge article.")
class Article(Node):
    model = models.Article
    slug: str = strawberry.field(description=SLUG)
    title: str = strawberry.field(description="At most 200 characters.")
    summary: str = strawberry.field(description="Plain text for lists and previews, at most 500 characters.")
    body: str = strawberry.field(description="Markdown as written.")
    body_html: str = strawberry.field(description="Rendered and sanitised HTML.")
    status: PublicationStatus = strawberry.field(
        description="Anything but PUBLISHED is seen by editors only."
    )
    published_at: datetime | None = strawberry.field(
        description="When the article was published, as given to `publishArticle`; null until first published."
    )
    created_at: datetime = strawberry.field(description="When the article was written.")
    updated_at: datetime = strawberry.field(description="When the article last changed.")

    @strawberry.field(graphql_type=Topic, description="The topic the article belongs to.")
    @staticmethod
    def topic(root: Parent[models.Article], info: Info) -> models.Topic | Awaitable[models.Topic | None]:
        """Loaded with the page of articles where it was selected there; else by the loader."""
        loaded = vars(root).get("topic")  # SQLAlchemy keeps what it loaded in the instance
        if loaded is not None:
            return cast(models.Topic, loaded)
        return info.context.loaders.topic.load(root.topic_id)

    @strawberry.field(description="The article's page on the Kennispunt website.")
    @staticmethod
    def url(root: Parent[models.Article], info: Info) -> str:
        return info.context.links.article(root.slug)


@strawberry.input(description="A new article; it starts as a DRAFT.")
class CreateArticleInput:
    title: str = strawberry.field(description="At most 200 characters.")
    summary: str = strawberry.field(description="Plain text, at most 500 characters.")
    body: str = strawberry.field(description="Markdown.")
    topic_id: strawberry.ID = strawberry.field(description="The topic's `id`.")
    slug: str | None = strawberry.field(
        default=None, description=f"Derived from the title when left out. {NEW_SLUG}"
    )


@strawberry.input(description="Fields left out stay as they are.")
class UpdateArticleInput:
    id: strawberry.ID = strawberry.field(description="The article's `id`.")
    title: str | None = strawberry.field(default=None, description="At most 200 characters.")
    summary: str | None = strawberry.field(default=None, description="Plain text, at most 500 characters.")
    body: str | None = strawberry.field(default=None, description="Markdown.")
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="The new topic's `id`.")
    slug: str | None = strawberry.field(default=None, description=NEW_SLUG)


@strawberry.input(description="The article to publish, and when.")
class PublishArticleInput:
    id: strawberry.ID = strawberry.field(description="The article's `id`.")
    published_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")


@strawberry.input(description="The article to archive.")
class ArchiveArticleInput:
    id: strawberry.ID = strawberry.field(description="The article's `id`.")


@strawberry.type(description="What the article mutations return.")
class ArticlePayload:
    article: Article | None = strawberry.field(description="The article as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
