"""Opaque global IDs: ``base64url("Type:pk")``. Clients must not rely on the format."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from kennispunt.errors import DomainError, ErrorCode, FieldPath

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


def read_id_of(value: str, type_names: tuple[str, ...], field: FieldPath) -> GlobalId:
    """A global ID from input that names one of ``type_names``, or BAD_USER_INPUT ``id.invalid``
    at ``field`` (in a payload's errors, or a top-level error outside mutations)."""
    decoded = decode_id(value)
    if decoded is None or decoded.type_name not in type_names:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "id.invalid", field)
    return decoded


def read_id(value: str, type_name: str, field: FieldPath) -> int:
    """The primary key in a global ID from input of the expected type (see `read_id_of`)."""
    return read_id_of(value, (type_name,), field).pk


def read_optional_id(value: str | None, type_name: str, field: FieldPath) -> int | None:
    """`read_id` for an optional input: none given (null or empty) is None."""
    return read_id(value, type_name, field) if value else None
