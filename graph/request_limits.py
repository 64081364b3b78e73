"""Limits on what a request carries before GraphQL looks at it."""

from __future__ import annotations


def json_depth_exceeds(value: object, limit: int) -> bool:
    """Whether decoded JSON nests deeper than ``limit`` (a scalar is depth 0); iterative,
    linear in the size of the value, and stops at the first path that is too deep."""
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: object = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        pending.extend((child, depth + 1) for child in children)  # type: ignore[attr-defined]
    return False
