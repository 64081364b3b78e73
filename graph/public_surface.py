"""The public part of the API: what anonymous visitors, partner keys and shared caches get.

One allowlist, per type, of the fields that show the same thing to everybody. It serves
two purposes:

- a request with a partner API key may select only these fields (anything else is
  FORBIDDEN before execution);
- an anonymous query that selects only these fields is public: its GET response may be
  cached by browsers and CDNs (``Cache-Control: public``). Anything else is personal.

A field added to the schema is not public until it is listed here. Connection and edge
types of public lists, ``PageInfo`` and ``__typename`` are public by construction.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    SKIP,
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)

PUBLIC_FIELDS: dict[str, frozenset[str]] = {
    "Query": frozenset(
        {
            "node",
            "nodes",
            "municipalities",
            "parties",
            "party",
            "topics",
            "articles",
            "article",
            "trainings",
            "training",
        }
    ),
    "Subscription": frozenset({"trainingUpdated"}),
    "Node": frozenset({"id"}),
    "Municipality": frozenset({"id", "code", "name", "province", "parties"}),
    "Party": frozenset(
        {"id", "slug", "name", "seats", "website", "description", "foundedOn", "municipality"}
    ),
    "Topic": frozenset({"id", "slug", "name", "description"}),
    "Article": frozenset(
        {
            "id",
            "slug",
            "title",
            "summary",
            "body",
            "bodyHtml",
            "status",
            "publishedAt",
            "createdAt",
            "updatedAt",
            "topic",
            "url",
        }
    ),
    "Training": frozenset(
        {
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "descriptionHtml",
            "format",
            "location",
            "startsAt",
            "endsAt",
            "capacity",
            "registrationDeadline",
            "status",
            "seatsLeft",
            "isRegistrationOpen",
            "sessions",
            "topic",
            "url",
        }
    ),
    "TrainingSession": frozenset({"startsAt", "endsAt"}),
    "PageInfo": frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}),
}

PARTNER_FIELDS = frozenset({"Query.rateLimit"})
"""Not public (the answer is the caller's own, so never cached), but a partner key may read it."""

_CONNECTION_FIELDS = frozenset({"edges", "pageInfo", "totalCount"})
_EDGE_FIELDS = frozenset({"node", "cursor"})
_INTROSPECTION = frozenset({"__schema", "__type"})


def is_public_field(type_name: str, field_name: str) -> bool:
    if field_name == "__typename" or field_name in _INTROSPECTION:
        return True
    if type_name.endswith("Connection") and field_name in _CONNECTION_FIELDS:
        return True
    if type_name.endswith("Edge") and field_name in _EDGE_FIELDS:
        return True
    return field_name in PUBLIC_FIELDS.get(type_name, frozenset())


class _FieldCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.outside: list[str] = []

    def enter_field(self, node: FieldNode, *_args: Any) -> Any:
        parent = self.type_info.get_parent_type()
        parent_name = get_named_type(parent).name if parent is not None else "?"
        name = node.name.value
        if is_public_field(parent_name, name):
            return None
        qualified = f"{parent_name}.{name}"
        if qualified not in self.outside:
            self.outside.append(qualified)
        return SKIP  # what lies below a refused field says nothing more


def fields_outside(schema: GraphQLSchema, document: DocumentNode) -> list[str]:
    """``Type.field`` for every selected field that is not public, in document order.

    The whole document counts, every operation and fragment in it: a document that
    holds anything personal is treated as personal.
    """
    type_info = TypeInfo(schema)
    collector = _FieldCollector(type_info)
    visit(document, TypeInfoVisitor(type_info, collector))
    return collector.outside
