from __future__ import annotations

import strawberry

from graph.context import Info
from graph.schema.accounts import SignedIn, Viewer


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in user; null when anonymous.")
    def viewer(self, info: Info) -> Viewer | None:
        user_id = info.context.viewer.user_id
        return SignedIn(user_id) if user_id is not None else None  # type: ignore[return-value]
