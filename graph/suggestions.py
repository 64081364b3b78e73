"""No "Did you mean …?" in errors where the schema is not public (introspection off).

graphql-core suggests field, argument, type and enum value names in its validation and
variable-coercion messages; with introspection off those would spell the schema out
anyway. graphql-core can leave them out (``hide_suggestions``); Strawberry does not pass
the option on, so the two places that need it get it here: validation (an extension
that runs it, as Strawberry's own ``ValidationCache`` does) and execution (the executor).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule


class HideSuggestions(SchemaExtension):
    """Validates the document with ``hide_suggestions``, in place of Strawberry's own pass."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            rules = (*context.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule)
            context.pre_execution_errors = validate(
                context.schema._schema, context.graphql_document, rules, hide_suggestions=True
            )
        yield


class QuietExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with suggestions left out of variable and argument errors."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs["hide_suggestions"] = True
        return super().build(*args, **kwargs)
