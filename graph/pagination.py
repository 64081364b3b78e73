"""Relay cursor connections over domain `Page`s."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

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

Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items to return from the end (or before `before`), 0 to {MAX_PAGE_SIZE}; "
        "not together with `first`."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Return the items before this cursor (an edge's `cursor` or `startCursor`); with `last`."
    ),
]


@strawberry.type(description="Where a page lies in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow this page.")
    has_previous_page: bool = strawberry.field(description="Whether items come before this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item, to pass as `before` for the page before; "
        "null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item, to pass as `after` for the next page; "
        "null when the page is empty."
    )


@strawberry.type(description="One item of a page, with its place in the list.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    cursor: str = strawberry.field(
        description="Opaque; pass as `after` to continue after this item, or as `before` for the items before it."
    )


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


def page_request(
    first: int | None,
    after: str | None,
    info: Info[Any, Any] | None = None,
    last: int | None = None,
    before: str | None = None,
) -> PageRequest:
    """Checks ``first``/``after`` or ``last``/``before`` (at most 100 items); raises a
    BAD_USER_INPUT error otherwise. The two directions do not mix.

    With the connection field's ``info``, all items are counted only when it selects
    ``totalCount``; without it, always.
    """
    count = info is None or "totalCount" in selected_names(info)
    if last is None:
        if before is not None:
            raise bad_input("page.mixed_directions", ("before",))
        offset = decode_cursor(after) + 1 if after else 0
        return PageRequest(offset=offset, limit=_page_size("first", first), count=count)
    if first is not None:
        raise bad_input("page.first_and_last", ("last",))
    if after is not None:
        raise bad_input("page.mixed_directions", ("after",))
    limit = _page_size("last", last)
    if before is not None:
        end = decode_cursor(before, ("before",))
        offset = max(0, end - limit)
        return PageRequest(offset=offset, limit=end - offset, count=count)
    if limit == 0:  # nothing from the end: the empty page at the start tells the same
        return PageRequest(offset=0, limit=0, count=count)
    return PageRequest(limit=limit, count=count, from_end=True)


_SIZE_ERRORS = {
    "first": ("page.first_negative", "page.first_too_large"),
    "last": ("page.last_negative", "page.last_too_large"),
}
"""Message keys for ``first`` and ``last`` below 0 and above 100."""


def _page_size(argument: Literal["first", "last"], size: int | None) -> int:
    """``first`` or ``last`` checked: 0 to 100, 20 when left out."""
    negative, too_large = _SIZE_ERRORS[argument]
    limit = DEFAULT_PAGE_SIZE if size is None else size
    if limit < 0:
        raise bad_input(negative)
    if limit > MAX_PAGE_SIZE:
        raise bad_input(too_large, max=MAX_PAGE_SIZE)
    return limit


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
