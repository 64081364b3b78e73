"""Opaque global IDs: ``base64url("Type:pk")``. Clients must not rely on the format."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass


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
    if not type_name.isidentifier() or not pk.isdigit() or len(pk) > 18:
        return None
    return GlobalId(type_name, int(pk))
