from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.ids import encode_id


@strawberry.interface(description="An object with a global ID that `node(id:)` finds again.")
class Node:
    model: ClassVar[type]
    """The domain model whose rows this type shows."""

    @strawberry.field(description="Opaque global ID.")
    @staticmethod
    def id(root: Parent[Any], info: Info) -> strawberry.ID:
        return strawberry.ID(encode_id(info.path.typename or "", root.id))

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls.model)
