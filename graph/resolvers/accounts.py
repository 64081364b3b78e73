from __future__ import annotations

import strawberry

from graph.context import Info
from graph.ids import read_id
from graph.mutations import Write, mutation
from graph.schema.accounts import (
    BlockUserInput,
    GrantStaffRoleInput,
    GrantStaffRolePayload,
    RevokeStaffRoleInput,
    RevokeStaffRolePayload,
    SignedIn,
    UnblockUserInput,
    UserPayload,
    Viewer,
)
from kennispunt.accounts import service


@strawberry.type
class AccountsQuery:
    @strawberry.field(graphql_type=Viewer | None, description="The signed-in user; null when anonymous.")
    def viewer(self, info: Info) -> SignedIn | None:
        user_id = info.context.viewer.user_id
        return SignedIn(user_id) if user_id is not None else None


@strawberry.type
class AccountsMutation:
    @mutation(GrantStaffRolePayload, description="Admins: give a user a staff role.")
    async def grant_staff_role(self, write: Write, input: GrantStaffRoleInput) -> object:
        return await service.grant_staff_role(
            write.session, write.viewer, read_id(input.user_id, "User", ("user_id",)), input.role
        )

    @mutation(
        RevokeStaffRolePayload, description="Admins: take a staff role away; the last admin keeps theirs."
    )
    async def revoke_staff_role(self, write: Write, input: RevokeStaffRoleInput) -> object:
        return await service.revoke_staff_role(
            write.session, write.viewer, read_id(input.user_id, "User", ("user_id",)), input.role
        )

    @mutation(UserPayload, description="Admins: block a user; their open connections close within seconds.")
    async def block_user(self, write: Write, input: BlockUserInput) -> object:
        return await service.block_user(
            write.session, write.viewer, read_id(input.user_id, "User", ("user_id",))
        )

    @mutation(UserPayload, description="Admins: let a blocked user sign in again.")
    async def unblock_user(self, write: Write, input: UnblockUserInput) -> object:
        return await service.unblock_user(
            write.session, write.viewer, read_id(input.user_id, "User", ("user_id",))
        )
