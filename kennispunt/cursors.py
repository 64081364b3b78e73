"""Opaque cursors: ``base64url("prefix:number")``, one spelling each (clients must not rely on it)."""

from __future__ import annotations

import base64
import binascii


def encode_number(prefix: str, number: int) -> str:
    return base64.urlsafe_b64encode(f"{prefix}{number}".encode()).decode().rstrip("=")


def decode_number(prefix: str, cursor: str, maximum: int) -> int | None:
    """The number in a cursor `encode_number` made with ``prefix``; None for any other text.

    Only that one spelling is accepted: ASCII digits (``isdigit`` is also true of ``²`` and
    ``١``), no leading zeros, padding or stray bits, and nothing above ``maximum``.
    """
    if len(cursor) > 40:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    digits = raw.removeprefix(prefix)
    if (
        not raw.startswith(prefix)
        or not (digits.isascii() and digits.isdigit())
        or len(digits) > len(str(maximum))
    ):
        return None
    number = int(digits)
    if number > maximum or encode_number(prefix, number) != cursor:
        return None
    return number
