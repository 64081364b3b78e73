"""Relay cursor connections over domain `Page`s."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Generic, TypeVar

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
from kennispunt.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageRequest

NodeT = TypeVar("NodeT")

_CURSOR_PREFIX = "offset:"
MAX_OFFSET = 999_999_999


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    node: NodeT
    cursor: str


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    counted: strawberry.Private[int | None]
    """The page's total, counted only when ``totalCount`` is selected (`page_request`)."""

    @strawberry.field(description="All items in the list, not only this page.")
    def total_count(self) -> int:
        if self.counted is None:  # `selected_names` missed the selection: a bug, not the client's doing
            raise RuntimeError("totalCount is selected but was not counted")
        return self.counted


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor we handed out; BAD_USER_INPUT for any other text.

    Only the one spelling `encode_cursor` produces is accepted: ASCII digits (``isdigit``
    is also true of ``²`` and ``١``), no leading zeros, padding or stray bits.
    """
    if len(cursor) > 40:
        raise bad_input("page.bad_cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise bad_input("page.bad_cursor") from None
    number = raw.removeprefix(_CURSOR_PREFIX)
    if not raw.startswith(_CURSOR_PREFIX) or not (number.isascii() and number.isdigit()) or len(number) > 9:
        raise bad_input("page.bad_cursor")
    offset = int(number)
    if offset > MAX_OFFSET or encode_cursor(offset) != cursor:
        raise bad_input("page.bad_cursor")
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


def to_connection(page: Page[object]) -> Connection[object]:
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
