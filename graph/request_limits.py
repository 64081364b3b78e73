"""Limits on what a request may carry before any GraphQL runs: the size of an HTTP body,
the nesting of JSON values (``variables``, ``extensions``) and text that is Unicode.

Checked without trusting the input: a body is counted while it arrives and reading
stops at the limit; decoded JSON is walked without recursion, in time linear in its
size. The WebSocket transport can use the same functions for its messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from starlette.types import Message, Receive


class BodyTooLarge(Exception):
    """The request body is (or says it is) longer than ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body over {limit} bytes")
        self.limit = limit


class NestedTooDeeply(json.JSONDecodeError):
    """JSON nested beyond what Python's parser follows (it raises ``RecursionError`` near
    1 000 levels), reported as the decoding error it is."""

    def __init__(self, document: str) -> None:
        super().__init__("JSON nested too deeply to parse", document, 0)


def json_depth_exceeds(value: object, limit: int) -> bool:
    """Whether decoded JSON nests deeper than ``limit`` levels of arrays and objects.

    A scalar has depth 0, ``{}`` and ``[1]`` depth 1, ``{"a": [1]}`` depth 2. Each
    container is visited once, from an explicit stack, and the walk stops at the first
    container beyond the limit.
    """
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[object]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_has_lone_surrogate(value: object) -> bool:
    """Whether a string in decoded JSON, key or value, holds a lone UTF-16 surrogate: valid
    JSON (``"\\ud800"``) but not Unicode text, so no UTF-8 encoder (and no database) takes it.
    A proper pair (``"\\ud83d\\ude00"``) decodes to one character and passes."""
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def declared_length_exceeds(headers: Mapping[str, str], limit: int) -> bool:
    """Whether ``Content-Length`` announces more than ``limit`` bytes (checked before reading)."""
    declared = headers.get("content-length", "")
    return declared.isascii() and declared.isdigit() and int(declared) > limit


def receive_within(receive: Receive, limit: int) -> Receive:
    """``receive``, raising `BodyTooLarge` as soon as the body's bytes pass ``limit``.

    This also holds for a chunked body, which announces no length: its chunks are
    counted as they arrive, and nothing is read after the one that crosses the limit.
    """
    received = 0

    async def receive_counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return receive_counted
