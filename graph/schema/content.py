from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import cast

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.errors import UserError
from graph.schema.node import Node
from kennispunt.content import models
from kennispunt.publishing import PublicationStatus as PublicationStatusEnum

PublicationStatus = PublicationStatusEnum
strawberry.enum(
    PublicationStatus, description="Drafts are visible to editors only; archived items leave lists."
)


@strawberry.type(description="A subject of the knowledge base.")
class Topic(Node):
    model = models.Topic
    slug: str
    name: str
    description: str


@strawberry.type(description="A knowledge article.")
class Article(Node):
    model = models.Article
    slug: str
    title: str
    summary: str
    body: str = strawberry.field(description="Markdown as written.")
    body_html: str = strawberry.field(description="Rendered and sanitised HTML.")
    status: PublicationStatus
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @strawberry.field(graphql_type=Topic)
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


@strawberry.input
class CreateArticleInput:
    title: str
    summary: str
    body: str = strawberry.field(description="Markdown.")
    topic_id: strawberry.ID
    slug: str | None = strawberry.field(default=None, description="Derived from the title when left out.")


@strawberry.input(description="Fields left out stay as they are.")
class UpdateArticleInput:
    id: strawberry.ID
    title: str | None = None
    summary: str | None = None
    body: str | None = None
    topic_id: strawberry.ID | None = None
    slug: str | None = None


@strawberry.input
class PublishArticleInput:
    id: strawberry.ID
    published_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")


@strawberry.input
class ArchiveArticleInput:
    id: strawberry.ID


@strawberry.type
class ArticlePayload:
    article: Article | None
    errors: list[UserError]
