"""Limits on every operation: depth and aliases (validation rules), tokens (parser)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension

from graph.errors import ApiError

TOO_COMPLEX = "QUERY_TOO_COMPLEX"


def _too_complex(message_key: str, node: Any, **params: Any) -> GraphQLError:
    return GraphQLError(message_key, nodes=[node], original_error=ApiError(TOO_COMPLEX, message_key, **params))


def depth_limit(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        """Counts nesting of fields through fragments; introspection fields are not counted."""

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            depth = self._depth(node.selection_set, 0, frozenset())
            if depth > max_depth:
                self.report_error(_too_complex("query.too_deep", node, max=max_depth))

        def _depth(self, selection_set: SelectionSetNode | None, depth: int, seen: frozenset[str]) -> int:
            if selection_set is None:
                return depth
            deepest = depth
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    if selection.name.value.startswith("__"):
                        continue
                    deepest = max(deepest, self._depth(selection.selection_set, depth + 1, seen))
                elif isinstance(selection, InlineFragmentNode):
                    deepest = max(deepest, self._depth(selection.selection_set, depth, seen))
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.context.get_fragment(name)
                    if fragment is not None and name not in seen:
                        deepest = max(deepest, self._depth(fragment.selection_set, depth, seen | {name}))
            return deepest

    return DepthLimit


def alias_limit(max_aliases: int) -> type[ValidationRule]:
    class AliasLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.count = 0
            self.reported = False

        def enter_field(self, node: FieldNode, *_args: Any) -> None:
            if node.alias is None:
                return
            self.count += 1
            if self.count > max_aliases and not self.reported:
                self.reported = True
                self.report_error(_too_complex("query.too_many_aliases", node, max=max_aliases))

    return AliasLimit


def limit_extensions(*, max_depth: int, max_aliases: int, max_tokens: int) -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every operation."""
    rules = [depth_limit(max_depth), alias_limit(max_aliases)]
    return [lambda: AddValidationRules(rules), lambda: MaxTokensLimiter(max_token_count=max_tokens)]
