"""Relay cursor connections over domain `Page`s."""

from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

import strawberry

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
    total_count: int = strawberry.field(description="All items in the list, not only this page.")


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


def page_request(first: int | None, after: str | None) -> PageRequest:
    """Checks ``first`` (at most 100) and ``after``; raises a BAD_USER_INPUT error otherwise."""
    limit = DEFAULT_PAGE_SIZE if first is None else first
    if limit < 0:
        raise bad_input("page.first_negative")
    if limit > MAX_PAGE_SIZE:
        raise bad_input("page.first_too_large", max=MAX_PAGE_SIZE)
    offset = decode_cursor(after) + 1 if after else 0
    return PageRequest(offset=offset, limit=limit)


def to_connection(page: Page[object]) -> Connection[object]:
    edges = [Edge(node=item, cursor=encode_cursor(page.offset + index)) for index, item in enumerate(page.items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )
