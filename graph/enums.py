"""GraphQL enums made from the domain's own Python enums, each value with its description.

`strawberry.enum(DomainEnum)` describes the enum but not its values (Strawberry reads those
only from `strawberry.enum_value(...)` members, which would put Strawberry into the domain).
`domain_enum` registers the enum as Strawberry does and then gives each value its text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

EnumT = TypeVar("EnumT", bound=Enum)


def domain_enum(
    cls: type[EnumT], description: str, values: Mapping[EnumT, str], *, name: str | None = None
) -> type[EnumT]:
    """Registers ``cls`` as a GraphQL enum; ``values`` describes every member (none may be left out)."""
    missing = [member.name for member in cls if member not in values]
    if missing:
        raise ValueError(f"{cls.__name__}: no description for {', '.join(missing)}")
    strawberry.enum(cls, name=name, description=description)
    definition: StrawberryEnumDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    definition.values = [
        dataclasses.replace(value, description=values[member])
        for member, value in zip(cls, definition.values, strict=True)
    ]
    return cls
