"""Opaque global IDs: ``base64url("Type:pk")``. Clients must not rely on the format."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

MAX_PK = 2**31 - 1
"""Primary keys are 32-bit integers (``integer`` on PostgreSQL): a larger one names nothing."""


@dataclass(frozen=True)
class GlobalId:
    type_name: str
    pk: int


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_id(value: str) -> GlobalId | None:
    """The type and primary key in a global ID, or None when it is not one of ours."""
    if not value or len(value) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, pk = raw.partition(":")
    if not type_name.isidentifier() or not (pk.isascii() and pk.isdigit()) or len(pk) > 10:
        return None
    decoded = GlobalId(type_name, int(pk))
    if decoded.pk > MAX_PK or encode_id(decoded.type_name, decoded.pk) != value:
        return None  # out of range, or not the one spelling we hand out ("01", padding, stray bits)
    return decoded
