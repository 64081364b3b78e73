"""Limits on every operation: depth and aliases (validation rules), tokens (parser),
and no NUL characters or lone surrogates in any string (no database can hold them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    BREAK,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValidationContext,
    ValidationRule,
    Visitor,
    visit,
)
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension

from graph.errors import ApiError

TOO_COMPLEX = "QUERY_TOO_COMPLEX"


def _too_complex(message_key: str, node: Any, **params: Any) -> GraphQLError:
    return GraphQLError(message_key, nodes=[node], original_error=ApiError(TOO_COMPLEX, message_key, **params))


def depth_limit(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        """Counts nesting of fields through fragments; introspection fields are not counted.

        Each fragment's depth is computed once and remembered, so the rule costs time
        linear in the document, however often fragments spread one another.
        """

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragment_depths: dict[str, int] = {}
            self.in_progress: set[str] = set()

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            if self._depth(node.selection_set) > max_depth:
                self.report_error(_too_complex("query.too_deep", node, max=max_depth))

        def _depth(self, selection_set: SelectionSetNode | None) -> int:
            """How deep the fields below ``selection_set`` nest."""
            if selection_set is None:
                return 0
            deepest = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    if not selection.name.value.startswith("__"):
                        deepest = max(deepest, 1 + self._depth(selection.selection_set))
                elif isinstance(selection, InlineFragmentNode):
                    deepest = max(deepest, self._depth(selection.selection_set))
                elif isinstance(selection, FragmentSpreadNode):
                    deepest = max(deepest, self._fragment_depth(selection.name.value))
            return deepest

        def _fragment_depth(self, name: str) -> int:
            known = self.fragment_depths.get(name)
            if known is not None:
                return known
            fragment = self.context.get_fragment(name)
            if fragment is None or name in self.in_progress:  # unknown or cyclic: other rules refuse it
                return 0
            self.in_progress.add(name)
            depth = self._depth(fragment.selection_set)
            self.in_progress.discard(name)
            self.fragment_depths[name] = depth
            return depth

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


NUL = "\x00"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL, and surrogates on their own (JSON's ``"\\ud800"``): UTF-8 cannot encode those."""


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


class _NulInLiteral(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> Any:
        if NUL in node.value:
            self.found = True
            return BREAK
        return None


class RejectNulCharacters(SchemaExtension):
    """A ``\\u0000`` in a variable or literal is refused up front as BAD_USER_INPUT, and
    so is a lone surrogate in a variable (the lexer already refuses one in a literal).

    PostgreSQL cannot store or even compare text containing NUL, so otherwise the same
    input would be a masked server error there and an ordinary miss on SQLite; a lone
    surrogate cannot be encoded for either database.
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        finder = _NulInLiteral()
        if context.graphql_document is not None:
            visit(context.graphql_document, finder)
        if finder.found or _contains_nul(context.variables):
            unstorable = ApiError("BAD_USER_INPUT", "text.unstorable")
            context.pre_execution_errors = [GraphQLError(unstorable.message_key, original_error=unstorable)]
        yield


def limit_extensions(*, max_depth: int, max_aliases: int, max_tokens: int) -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every operation."""
    rules = [depth_limit(max_depth), alias_limit(max_aliases)]
    return [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        RejectNulCharacters,
    ]
