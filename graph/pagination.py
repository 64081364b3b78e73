"""Relay cursor connections over domain `Page`s."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from strawberry.types import Info

from graph.errors import bad_input
from kennispunt.cursors import decode_number, encode_number
from kennispunt.errors import FieldPath
from kennispunt.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest

NodeT = TypeVar("NodeT")

_CURSOR_PREFIX = "offset:"
MAX_OFFSET = 999_999_999

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items to return, 0 to {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} when left out."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return the items after this cursor (an edge's `cursor` or `endCursor`)."
    ),
]


@strawberry.type(description="Where a page lies in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item, to pass as `after` for the next page; "
        "null when the page is empty."
    )


@strawberry.type(description="One item of a page, with its place in the list.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(description="Opaque; pass as `after` to continue after this item.")


@strawberry.type(description="One page of a list; ask for the next with `after: pageInfo.endCursor`.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The page's items, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Whether there is more before or after this page.")
    counted: strawberry.Private[int | None]
    """The page's total, counted only when ``totalCount`` is selected (`page_request`)."""

    @strawberry.field(description="All items in the list, not only this page.")
    def total_count(self) -> int:
        if self.counted is None:  # `selected_names` missed the selection: a bug, not the client's doing
            raise RuntimeError("totalCount is selected but was not counted")
        return self.counted


def encode_cursor(offset: int) -> str:
    return encode_number(_CURSOR_PREFIX, offset)


def decode_cursor(cursor: str, field: FieldPath = ("after",)) -> int:
    """The offset in a cursor we handed out; BAD_USER_INPUT for any other text (`kennispunt.cursors`)."""
    offset = decode_number(_CURSOR_PREFIX, cursor, MAX_OFFSET)
    if offset is None:
        raise bad_input("page.bad_cursor", field)
    return offset


def page_request(first: int | None, after: str | None, info: Info[Any, Any] | None = None) -> PageRequest:
    """Checks ``first`` (at most 100) and ``after``; raises a BAD_USER_INPUT error otherwise.

    With the connection field's ``info``, all items are counted only when it selects
    ``totalCount``; without it, always.
    """
    limit = DEFAULT_PAGE_SIZE if first is None else first
    if limit < 0:
        raise bad_input("page.first_negative")
    if limit > MAX_PAGE_SIZE:
        raise bad_input("page.first_too_large", max=MAX_PAGE_SIZE)
    offset = decode_cursor(after) + 1 if after else 0
    count = info is None or "totalCount" in selected_names(info)
    return PageRequest(offset=offset, limit=limit, count=count)


def selected_names(info: Info[Any, Any], *path: str) -> frozenset[str]:
    """The names of the fields selected at ``path`` below the field being resolved, through
    fragments and inline fragments (``@skip`` and ``@include`` are not looked at, so a
    name may be selected and skipped). ``selected_names(info, "edges", "node")`` are the
    fields asked of a connection's nodes."""
    raw = info._raw_info
    names: set[str] = set()
    _collect(
        [node.selection_set for node in raw.field_nodes if node.selection_set is not None],
        path,
        raw.fragments,
        names,
    )
    return frozenset(names)


def _collect(
    selection_sets: list[SelectionSetNode],
    path: tuple[str, ...],
    fragments: dict[str, FragmentDefinitionNode],
    names: set[str],
) -> None:
    below: list[SelectionSetNode] = []
    pending = list(selection_sets)
    spread: set[str] = set()  # each fragment once, however often it is spread
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if not path:
                    names.add(selection.name.value)
                elif selection.name.value == path[0] and selection.selection_set is not None:
                    below.append(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                spread.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    pending.append(fragment.selection_set)
    if path and below:
        _collect(below, path[1:], fragments, names)


def to_connection(page: Page[NodeT]) -> Connection[NodeT]:
    edges = [
        Edge(node=item, cursor=encode_cursor(page.offset + index)) for index, item in enumerate(page.items)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        counted=page.total,
    )
