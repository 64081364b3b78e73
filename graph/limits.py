"""Limits on the shape of every operation, each linear in the size of the document:
depth and aliases (validation rules), response names repeated in one selection set, and
no NUL characters or lone surrogates in any string (no database can hold them).

`graph.admission` applies them, in order, to every operation on every transport.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
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

from graph.errors import TooComplex, bad_input


def too_complex(message_key: str, node: Any, **params: Any) -> GraphQLError:
    return GraphQLError(message_key, nodes=[node], original_error=TooComplex(message_key, **params))


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
                self.report_error(too_complex("query.too_deep", node, max=max_depth))

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
                self.report_error(too_complex("query.too_many_aliases", node, max=max_aliases))

    return AliasLimit


def repeated_field(document: DocumentNode, limit: int) -> FieldNode | FragmentSpreadNode | None:
    """Where a response name occurs more than ``limit`` times in one selection set,
    counting the fields that inline fragments and fragment spreads bring in; None if nowhere.

    graphql-core compares every pair of fields that share a response name, so a document
    repeating one field a thousand times costs it seconds. Here each selection set's and
    each fragment's names are counted once and reused (counts capped at ``limit + 1``),
    so the guard is linear in the document.
    """
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    counted: dict[int, dict[str, int]] = {}
    in_progress: set[str] = set()
    offender: list[FieldNode | FragmentSpreadNode] = []

    def add(into: dict[str, int], name: str, times: int, node: FieldNode | FragmentSpreadNode) -> None:
        into[name] = min(into.get(name, 0) + times, limit + 1)
        if into[name] > limit and not offender:
            offender.append(node)

    def names_in(selection_set: SelectionSetNode) -> dict[str, int]:
        known = counted.get(id(selection_set))
        if known is not None:
            return known
        names: dict[str, int] = {}
        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                add(names, (selection.alias or selection.name).value, 1, selection)
            elif isinstance(selection, InlineFragmentNode):
                for name, times in names_in(selection.selection_set).items():
                    add(names, name, times, selection.selection_set.selections[0])  # type: ignore[arg-type]
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)  # a fragment spread twice in one place is collected once
                for name, times in names_in_fragment(selection.name.value).items():
                    add(names, name, times, selection)
        counted[id(selection_set)] = names
        return names

    def names_in_fragment(name: str) -> dict[str, int]:
        fragment = fragments.get(name)
        if fragment is None or name in in_progress:  # unknown or cyclic: validation refuses it
            return {}
        in_progress.add(name)
        names = names_in(fragment.selection_set)
        in_progress.discard(name)
        return names

    visit(document, _EverySelectionSet(names_in, offender))
    return offender[0] if offender else None


class _EverySelectionSet(Visitor):
    """Counts each selection set's names (`repeated_field`) until one is over the limit."""

    def __init__(self, names_in: Callable[[SelectionSetNode], object], offender: list[Any]) -> None:
        super().__init__()
        self.names_in = names_in
        self.offender = offender

    def enter_selection_set(self, node: SelectionSetNode, *_args: Any) -> Any:
        self.names_in(node)
        return BREAK if self.offender else None


NUL = "\x00"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""NUL, and surrogates on their own (JSON's ``"\\ud800"``): UTF-8 cannot encode those."""


def unstorable_error() -> GraphQLError:
    """PostgreSQL cannot store or even compare text containing NUL, so otherwise the same
    input would be a masked server error there and an ordinary miss on SQLite; a lone
    surrogate cannot be encoded for either database."""
    return GraphQLError("text.unstorable", original_error=bad_input("text.unstorable"))


def variables_unstorable(value: Any) -> bool:
    """Whether any string in the variables (keys included) holds a NUL or a lone surrogate;
    iterative, so deep nesting cannot exhaust the stack."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item) is not None:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
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


def document_has_nul(document: DocumentNode) -> bool:
    finder = _NulInLiteral()
    visit(document, finder)
    return finder.found
