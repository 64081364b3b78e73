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
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLError, ValidationRule, get_operation_ast, validate
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from graph.cost import Cost, operation_cost
from graph.errors import ApiError
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


@dataclass(frozen=True)
class RateLimitStatus:
    """The operation's cost and the budget after paying it (``Query.rateLimit``)."""

    cost: Cost
    budget: Budget

    @property
    def reset_at(self) -> datetime:
        return datetime.fromtimestamp(self.budget.reset_at, UTC)


def _budget_of(context: Any, limits: Limits) -> tuple[str, ratelimit.Rule] | None:
    """Whose hourly budget pays for the operation: a partner key's or a user's; None for anonymous."""
    partner = getattr(context, "partner", None)
    if partner is not None:
        return f"points:partner:{partner.id}", ratelimit.parse(f"{limits.partner_points_per_hour}/hour")[0]
    viewer = getattr(context, "viewer", None)
    if viewer is not None and viewer.user_id is not None:
        return f"points:user:{viewer.user_id}", ratelimit.parse(f"{limits.user_points_per_hour}/hour")[0]
    return None


class Admission(SchemaExtension):
    def __init__(self, *, limits: Limits, rules: tuple[type[ValidationRule], ...]) -> None:
        self.limits = limits
        self.rules = rules

    @staticmethod
    def factory(limits: Limits) -> Callable[[], Admission]:
        """Strawberry builds an extension per operation; the rules are built once, here."""
        rules = (depth_limit(limits.max_depth), alias_limit(limits.max_aliases))
        return lambda: Admission(limits=limits, rules=rules)

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.limits.max_tokens
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        execution = self.execution_context
        if execution.pre_execution_errors is None:
            execution.pre_execution_errors = await self._errors()
        yield

    async def _errors(self) -> list[GraphQLError]:
        execution = self.execution_context
        document = execution.graphql_document
        assert document is not None
        if document_has_nul(document) or variables_unstorable(execution.variables):
            return [unstorable_error()]
        repeated = repeated_field(document, self.limits.max_repeated_fields)
        if repeated is not None:
            return [too_complex("query.repeated_field", repeated, max=self.limits.max_repeated_fields)]
        schema = execution.schema._schema
        context = execution.context
        outside = fields_outside(schema, document)  # a field the schema lacks counts as outside
        if hasattr(context, "public_operation"):
            context.public_operation = not outside
        refused = [field for field in outside if field not in PARTNER_FIELDS]
        if refused and getattr(context, "partner", None) is not None:
            error = ApiError("FORBIDDEN", "partner.public_only", fields=", ".join(refused[:5]))
            return [GraphQLError(error.message_key, original_error=error)]
        rules = (*execution.validation_rules, *self.rules, MaybeNullValidationRule, OneOfInputValidationRule)
        errors = validate(schema, document, rules, hide_suggestions=self.limits.hide_suggestions)
        if errors:
            return errors
        operation = get_operation_ast(document, execution.operation_name)
        if operation is None:  # Strawberry answers this itself
            return []
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        cost = operation_cost(schema, operation, fragments, execution.variables)
        if cost.nodes > self.limits.max_nodes:
            error = ApiError(
                "QUERY_TOO_COMPLEX",
                "query.too_costly",
                extensions={"cost": cost.nodes, "limit": self.limits.max_nodes},
                cost=cost.nodes,
                max=self.limits.max_nodes,
            )
            return [GraphQLError(error.message_key, nodes=[operation], original_error=error)]
        return await self._pay(context, cost)

    async def _pay(self, context: Any, cost: Cost) -> list[GraphQLError]:
        budget_key = _budget_of(context, self.limits)
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
        error = ApiError(
            "RATE_LIMITED",
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
        return [GraphQLError(error.message_key, original_error=error)]
