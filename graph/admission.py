"""What every operation must pass before it runs, on every transport (HTTP and WebSocket).

One schema extension, in this order, so no check can be skipped or overwritten by another:

1. the parser stops at `Limits.max_tokens` tokens;
2. no NUL character (nor a lone surrogate) in any literal or variable (`graph.limits`);
3. no response name repeated too often in one selection set (`graph.limits`): the cheap
   guard in front of graphql-core's field-merging rule, which is quadratic in it;
4. partner keys select public fields only (`graph.public_surface`);
5. validation: graphql-core's rules, depth and aliases (each linear in the document);
6. the operation's cost: refused above `Limits.max_nodes`; signed-in users and partner
   keys pay its points from an hourly budget, reported by ``Query.rateLimit``.

What depends on the document text alone (its parse, NUL in literals, the repeated-field
guard, which fields lie outside the public surface, validation) is worked out once per
text and kept in `Documents`, a bounded LRU. Only documents that parsed within the token
limit get there. What depends on the request is decided every time, in the same order:
NUL in variables, the partner refusal, cost (variables), points (the caller).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cachetools import LRUCache
from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, get_operation_ast, validate
from graphql.validation import ASTValidationRule
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from graph.cost import Cost, operation_cost
from graph.errors import TooComplex
from graph.limits import (
    alias_limit,
    depth_limit,
    document_has_nul,
    repeated_field,
    too_complex,
    unstorable_error,
    variables_unstorable,
)
from graph.public_surface import PARTNER_FIELDS, fields_outside
from kennispunt import ratelimit
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.ratelimit import Budget

# graphql-core's field-merging rule gives up after this much work ("Validation aborted");
# its default (500,000) takes seconds of CPU. Legitimate documents spend next to nothing.
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = 20_000


@dataclass(frozen=True)
class Limits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_repeated_fields: int = 20
    """How often one response name may occur in one selection set (fragments included)."""
    max_nodes: int = 10_000
    """The most nodes (`graph.cost`) one operation may ask for."""
    user_points_per_hour: int = 5000
    partner_points_per_hour: int = 50_000
    hide_suggestions: bool = False
    """Leave "Did you mean …?" out of validation errors (where introspection is off)."""
    document_cache_tokens: int = 50_000
    """How many tokens of parsed documents `Documents` keeps (about 500 bytes each)."""


@dataclass(frozen=True)
class RateLimitStatus:
    """The operation's cost and the budget after paying it (``Query.rateLimit``)."""

    cost: Cost
    budget: Budget

    @property
    def reset_at(self) -> datetime:
        return datetime.fromtimestamp(self.budget.reset_at, UTC)


@dataclass(frozen=True, slots=True)
class Checked:
    """What the checks found in one document text, whoever sends it with whatever variables.

    Worked out in the order of the checks and no further than the first refusal: a
    document with a NUL in a literal is not checked for repeated fields, one that fails
    the repeated-field guard is never validated.
    """

    document: DocumentNode
    rules: tuple[type[ASTValidationRule], ...]
    """The validation rules the document was checked with."""
    has_nul: bool = False
    repeated: GraphQLError | None = None
    outside: tuple[str, ...] = ()
    """Selected fields outside the public surface (`graph.public_surface.fields_outside`)."""
    invalid: tuple[GraphQLError, ...] = ()
    """Validation errors (graphql-core's rules, depth and aliases)."""
    fragments: Mapping[str, FragmentDefinitionNode] = field(default_factory=dict)


def _token_count(document: DocumentNode) -> int:
    """How many tokens the document was parsed from: what it holds in memory."""
    token = document.loc.start_token if document.loc is not None else None
    count = 0
    while token is not None:
        count += 1
        token = token.next
    return count


class Documents:
    """The checks that depend on the document text alone, once per text (an LRU bounded
    by the tokens it holds), shared by every operation of one schema."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.rules: tuple[type[ASTValidationRule], ...] = (
            depth_limit(limits.max_depth),
            alias_limit(limits.max_aliases),
            MaybeNullValidationRule,
            OneOfInputValidationRule,
        )
        self.user_budget = ratelimit.parse(f"{limits.user_points_per_hour}/hour")[0]
        self.partner_budget = ratelimit.parse(f"{limits.partner_points_per_hour}/hour")[0]
        self._cache: LRUCache[str, tuple[Checked, int]] = LRUCache(
            maxsize=limits.document_cache_tokens, getsizeof=lambda entry: entry[1]
        )

    def __len__(self) -> int:
        return len(self._cache)

    @property
    def tokens(self) -> int:
        """Tokens of the documents held now (at most ``Limits.document_cache_tokens``)."""
        return int(self._cache.currsize)

    def document(self, query: str) -> DocumentNode | None:
        entry = self._cache.get(query)
        return entry[0].document if entry is not None else None

    def checked(
        self,
        query: str | None,
        document: DocumentNode,
        schema: Any,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> Checked:
        """The checks of ``document``, parsed from ``query`` (None: from elsewhere, not kept)."""
        entry = self._cache.get(query) if query is not None else None
        if entry is not None and entry[0].document is document and entry[0].rules == rules:
            return entry[0]
        checked = self._check(document, schema, rules)
        if query is not None:
            tokens = _token_count(document)
            if tokens <= self._cache.maxsize:
                self._cache[query] = (checked, tokens)
        return checked

    def _check(
        self, document: DocumentNode, schema: Any, rules: tuple[type[ASTValidationRule], ...]
    ) -> Checked:
        if document_has_nul(document):
            return Checked(document, rules, has_nul=True)
        repeated = repeated_field(document, self.limits.max_repeated_fields)
        if repeated is not None:
            refusal = too_complex("query.repeated_field", repeated, max=self.limits.max_repeated_fields)
            return Checked(document, rules, repeated=refusal)
        return Checked(
            document,
            rules,
            outside=tuple(fields_outside(schema, document)),  # a field the schema lacks counts as outside
            invalid=tuple(validate(schema, document, rules, hide_suggestions=self.limits.hide_suggestions)),
            fragments={
                definition.name.value: definition
                for definition in document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            },
        )


class Admission(SchemaExtension):
    def __init__(self, *, documents: Documents) -> None:
        self.documents = documents
        self.limits = documents.limits
        self.parsed_query: str | None = None
        """The query text this operation's document was parsed from (here, within the token limit)."""

    @staticmethod
    def factory(documents: Documents) -> Callable[[], Admission]:
        """Strawberry builds an extension per operation; what they share is built once, in ``documents``."""
        return lambda: Admission(documents=documents)

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        query = execution.query
        if execution.graphql_document is not None or query is None:
            yield
            return
        execution.parse_options["max_tokens"] = self.limits.max_tokens
        execution.graphql_document = self.documents.document(query)  # None: Strawberry parses it
        yield
        if execution.graphql_document is not None:  # parsed within the token limit (or from the cache)
            self.parsed_query = query

    async def on_validate(self) -> AsyncIterator[None]:
        execution = self.execution_context
        if execution.pre_execution_errors is None:
            execution.pre_execution_errors = await self._errors()
        yield

    async def _errors(self) -> list[GraphQLError]:
        execution = self.execution_context
        document = execution.graphql_document
        assert document is not None
        schema = execution.schema._schema
        rules = (*execution.validation_rules, *self.documents.rules)
        checked = self.documents.checked(self.parsed_query, document, schema, rules)
        if checked.has_nul or variables_unstorable(execution.variables):
            return [unstorable_error()]
        if checked.repeated is not None:
            return [checked.repeated]
        context = execution.context
        if hasattr(context, "public_operation"):
            context.public_operation = not checked.outside
        refused = [field for field in checked.outside if field not in PARTNER_FIELDS]
        if refused and getattr(context, "partner", None) is not None:
            error = DomainError.of(ErrorCode.FORBIDDEN, "partner.public_only", fields=", ".join(refused[:5]))
            return [GraphQLError(str(error), original_error=error)]
        if checked.invalid:
            return list(checked.invalid)
        operation = get_operation_ast(document, execution.operation_name)
        if operation is None:  # Strawberry answers this itself
            return []
        cost = operation_cost(schema, operation, checked.fragments, execution.variables)
        if cost.nodes > self.limits.max_nodes:
            too_costly = TooComplex(
                "query.too_costly",
                extensions={"cost": cost.nodes, "limit": self.limits.max_nodes},
                cost=cost.nodes,
                max=self.limits.max_nodes,
            )
            return [GraphQLError(too_costly.message_key, nodes=[operation], original_error=too_costly)]
        return await self._pay(context, cost)

    def _budget_of(self, context: Any) -> tuple[str, ratelimit.Rule] | None:
        """Whose hourly budget pays for the operation: a partner key's or a user's; None for anonymous."""
        partner = getattr(context, "partner", None)
        if partner is not None:
            return f"points:partner:{partner.id}", self.documents.partner_budget
        viewer = getattr(context, "viewer", None)
        if viewer is not None and viewer.user_id is not None:
            return f"points:user:{viewer.user_id}", self.documents.user_budget
        return None

    async def _pay(self, context: Any, cost: Cost) -> list[GraphQLError]:
        budget_key = self._budget_of(context)
        if budget_key is None:
            return []
        key, rule = budget_key
        allowed, budget = await ratelimit.spend(key, cost.points, rule)
        status = RateLimitStatus(cost, budget)
        if hasattr(context, "rate_limit"):
            context.rate_limit = status
        if allowed:
            return []
        retry_after = max(1, round(budget.reset_at - datetime.now(UTC).timestamp()))
        error = DomainError.of(
            ErrorCode.RATE_LIMITED,
            "rate_limited.points",
            extensions={
                "cost": cost.points,
                "remaining": budget.remaining,
                "resetAt": status.reset_at.isoformat(),
                "retryAfter": retry_after,
            },
            cost=cost.points,
            remaining=budget.remaining,
            seconds=retry_after,
        )
        return [GraphQLError(str(error), original_error=error)]
