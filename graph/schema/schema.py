"""Assembles the one schema from the domains' root fields and types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graph.admission import Admission, Documents, Limits
from graph.errors import ErrorFormatting, log_unexpected_errors
from graph.resolvers.accounts import AccountsMutation, AccountsQuery
from graph.resolvers.content import ContentMutation, ContentQuery
from graph.resolvers.forum.live import ForumSubscription
from graph.resolvers.forum.moderation import ForumModerationMutation
from graph.resolvers.forum.posting import ForumMutation
from graph.resolvers.forum.queries import ForumQuery
from graph.resolvers.helpdesk import HelpdeskMutation, HelpdeskQuery, HelpdeskSubscription
from graph.resolvers.node import NodeQuery
from graph.resolvers.notifications import NotificationsMutation, NotificationsSubscription
from graph.resolvers.parties import PartiesMutation, PartiesQuery
from graph.resolvers.partners import PartnersMutation, PartnersQuery
from graph.resolvers.privacy import PrivacyMutation
from graph.resolvers.rate_limit import RateLimitQuery
from graph.resolvers.trainings import TrainingsMutation, TrainingsQuery, TrainingsSubscription
from graph.scalars import DATE, DATETIME
from graph.schema.accounts import User
from graph.schema.content import Article, Topic
from graph.schema.forum import ForumCategory, ForumReport, ModerationAction, Reply, Thread
from graph.schema.helpdesk import Ticket, TicketMessage
from graph.schema.notifications import Notification
from graph.schema.parties import Member, Municipality, Party
from graph.schema.partners import PartnerKey
from graph.schema.trainings import Training, TrainingRegistration
from graph.suggestions import QuietExecutionContext
from kennispunt.settings import Settings


def _root(name: str, description: str, types: tuple[type, ...]) -> type:
    """One root type from the domains' parts (Strawberry's `merge_types`, with a description)."""
    merged = merge_types(name, types)
    merged.__strawberry_definition__.description = description  # type: ignore[attr-defined]
    return merged


Query = _root(
    "Query",
    "What can be read. Connections return at most 100 items a page.",
    (
        NodeQuery,
        AccountsQuery,
        PartiesQuery,
        ContentQuery,
        TrainingsQuery,
        ForumQuery,
        HelpdeskQuery,
        PartnersQuery,
        RateLimitQuery,
    ),
)
Mutation = _root(
    "Mutation",
    "What can be changed. Each mutation runs in one transaction; expected failures come back "
    "in its payload's `errors`, with nothing changed.",
    (
        PartiesMutation,
        TrainingsMutation,
        ContentMutation,
        NotificationsMutation,
        AccountsMutation,
        ForumMutation,
        ForumModerationMutation,
        HelpdeskMutation,
        PartnersMutation,
        PrivacyMutation,
    ),
)
Subscription = _root(
    "Subscription",
    "Live events over a WebSocket (graphql-transport-ws); where an event has a `cursor`, passing it "
    "as `after` resumes without a gap.",
    (TrainingsSubscription, NotificationsSubscription, ForumSubscription, HelpdeskSubscription),
)

NODE_TYPES: list[Any] = [
    User,
    Municipality,
    Party,
    Member,
    Topic,
    Article,
    Training,
    TrainingRegistration,
    Notification,
    ForumCategory,
    Thread,
    Reply,
    ForumReport,
    ModerationAction,
    Ticket,
    TicketMessage,
    PartnerKey,
]


class KennispuntSchema(strawberry.Schema):
    documents: Documents
    """The admission checks of each document text seen (`graph.admission`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected_errors(errors, execution_context)


def build_schema(
    settings: Settings | None = None,
    observers: Sequence[Callable[[], SchemaExtension] | type[SchemaExtension]] = (),
) -> strawberry.Schema:
    """The schema; ``observers`` (metrics, tracing) come first, so they see errors as clients do."""
    settings = settings or Settings()
    limits = Limits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_repeated_fields=settings.max_repeated_fields,
        max_nodes=settings.max_query_nodes,
        user_points_per_hour=settings.user_points_per_hour,
        partner_points_per_hour=settings.partner_points_per_hour,
        hide_suggestions=not settings.introspection_enabled,
        document_cache_tokens=settings.document_cache_tokens,
    )
    documents = Documents(limits)
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        *observers,
        Admission.factory(documents),
        ErrorFormatting,
    ]
    public_schema = settings.introspection_enabled
    if not public_schema:  # nor may errors suggest the names of fields, arguments and values (see `Limits`)
        extensions.append(DisableIntrospection)
    schema = KennispuntSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        extensions=extensions,
        execution_context_class=None if public_schema else QuietExecutionContext,
        config=StrawberryConfig(scalar_map={datetime: DATETIME, date: DATE}),
    )
    schema.documents = documents
    return schema


def schema_sdl() -> str:
    """The schema as SDL, as exported to ``schema.graphql``."""
    return build_schema().as_str() + "\n"
