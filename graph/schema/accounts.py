from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.schema.node import Node
from kennispunt.accounts import models
from kennispunt.parties import service as parties

if TYPE_CHECKING:
    from graph.schema.parties import Member

StaffRole = strawberry.enum(models.StaffRole, description="Roles of Kennispunt's own staff.")


@strawberry.type(description="A person with an account.")
class User(Node):
    model = models.User
    display_name: str


@dataclass(frozen=True)
class SignedIn:
    user_id: int


@strawberry.type(description="The signed-in user, with what they are and may do.")
class Viewer:
    @strawberry.field
    @staticmethod
    async def user(root: Parent[SignedIn], info: Info) -> User:
        return await info.context.loaders.user.load(root.user_id)  # type: ignore[return-value]

    @strawberry.field(description="Only the viewer sees their own e-mail address.")
    @staticmethod
    async def email(root: Parent[SignedIn], info: Info) -> str:
        user = await info.context.loaders.user.load(root.user_id)
        return user.email if user else ""

    @strawberry.field(description="Every membership the viewer has claimed, in any status.")
    @staticmethod
    async def memberships(
        root: Parent[SignedIn], info: Info
    ) -> list[Annotated[Member, strawberry.lazy("graph.schema.parties")]]:
        async with info.context.db.session() as session:
            return await parties.memberships_of_user(session, root.user_id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    def roles(info: Info) -> list[StaffRole]:  # type: ignore[valid-type]
        return sorted(info.context.viewer.roles, key=lambda role: role.name)
