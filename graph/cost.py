"""What an operation will cost, computed from its document before it runs.

In the style of GitHub's GraphQL API:

- **nodes**: every connection fetches up to ``first`` (or ``last``) items for each of the
  objects it hangs under, so it adds ``parents × first`` nodes and multiplies what lies
  below it by ``first``. A plain list of objects counts as `LIST_ESTIMATE` items (or as
  many as the IDs asked for, for ``nodes(ids:)``). An operation above the configured
  maximum is refused before it runs.
- **calls**: a connection is one fetch per parent object; ``points = round(calls / 100)``,
  at least 1, is what the operation takes from the caller's hourly budget.

Each fragment is costed once (at multiplier 1) and reused: cost is linear in the
multiplier, so the analysis is linear in the document however often fragments spread
one another. Introspection fields cost nothing here (graphql-core bounds their depth).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)

from kennispunt.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

LIST_ESTIMATE = 10
"""Items assumed in a plain list of objects (topics, categories, a training's sessions)."""
PAGE_ARGUMENTS = ("first", "last")


@dataclass(frozen=True)
class Cost:
    nodes: int = 0
    calls: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.nodes + other.nodes, self.calls + other.calls)

    def times(self, factor: int) -> Cost:
        return Cost(self.nodes * factor, self.calls * factor)

    @property
    def points(self) -> int:
        """What the operation takes from an hourly budget: calls / 100, rounded, at least 1."""
        return max(1, (self.calls + 50) // 100)


FREE = Cost()


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
) -> Cost:
    """The cost of one operation of a valid document."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return FREE
    return _Costing(schema, fragments, _variable_values(operation, variables)).selection_set(
        operation.selection_set, root
    )


def _variable_values(
    operation: OperationDefinitionNode, variables: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The variables as sent, with the operation's defaults for those left out."""
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if variables is not None and name in variables:
            values[name] = variables[name]
        elif definition.default_value is not None:
            values[name] = _literal(definition.default_value, {})
    return values


def _literal(node: ValueNode, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, ListValueNode):
        return [_literal(item, variables) for item in node.values]
    return getattr(node, "value", None)


class _Costing:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.fragment_costs: dict[str, Cost] = {}
        self.in_progress: set[str] = set()

    def selection_set(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType) -> Cost:
        """The cost of a selection set under one parent object."""
        if selection_set is None:
            return FREE
        total = FREE
        spread: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition is not None else parent
                total += self.selection_set(selection.selection_set, inner or parent)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)  # a fragment spread twice in one place is fetched once
                total += self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> Cost:
        known = self.fragment_costs.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:  # validation refuses these
            return FREE
        condition = self.schema.get_type(definition.type_condition.name.value)
        if condition is None:
            return FREE
        self.in_progress.add(name)
        cost = self.selection_set(definition.selection_set, condition)
        self.in_progress.discard(name)
        self.fragment_costs[name] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> Cost:
        name = node.name.value
        if name.startswith("__"):
            return FREE
        definition: GraphQLField | None = getattr(parent, "fields", {}).get(name)
        if definition is None:
            return FREE
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return FREE
        below = self.selection_set(node.selection_set, named)
        if _is_connection(named):
            size = self._page_size(node)
            return Cost(nodes=size, calls=1) + below.times(size)
        if _is_list(definition.type) and not _is_connection(parent):  # a connection's edges are its page
            size = self._list_size(node)
            return Cost(nodes=size) + below.times(size)
        return below

    def _argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                return _literal(argument.value, self.variables)
        return None

    def _page_size(self, node: FieldNode) -> int:
        """What the connection may return: ``first``/``last`` as asked (the resolver refuses
        more than the maximum), or the default page size."""
        asked = [value for name in PAGE_ARGUMENTS if isinstance(value := self._argument(node, name), int)]
        if not asked:
            return DEFAULT_PAGE_SIZE
        return max(0, min(max(asked), MAX_PAGE_SIZE))

    def _list_size(self, node: FieldNode) -> int:
        ids = self._argument(node, "ids")
        if isinstance(ids, list):
            return len(ids)
        return LIST_ESTIMATE


def _is_connection(named: GraphQLNamedType) -> bool:
    return (
        isinstance(named, GraphQLObjectType) and named.name.endswith("Connection") and "edges" in named.fields
    )


def _is_list(field_type: Any) -> bool:
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)
