from __future__ import annotations

import strawberry

from graph.context import Info
from graph.mutations import input_id, run_in_transaction
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
    @strawberry.field(description="The signed-in user; null when anonymous.")
    def viewer(self, info: Info) -> Viewer | None:
        user_id = info.context.viewer.user_id
        return SignedIn(user_id) if user_id is not None else None  # type: ignore[return-value]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Admins: give a user a staff role.")
    async def grant_staff_role(self, info: Info, input: GrantStaffRoleInput) -> GrantStaffRolePayload:
        viewer = info.context.viewer
        user, errors = await run_in_transaction(
            info,
            lambda session: service.grant_staff_role(
                session, viewer, input_id(input.user_id, "User", ("user_id",)), input.role
            ),
        )
        return GrantStaffRolePayload(user=user, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins: take a staff role away; the last admin keeps theirs.")
    async def revoke_staff_role(self, info: Info, input: RevokeStaffRoleInput) -> RevokeStaffRolePayload:
        viewer = info.context.viewer
        user, errors = await run_in_transaction(
            info,
            lambda session: service.revoke_staff_role(
                session, viewer, input_id(input.user_id, "User", ("user_id",)), input.role
            ),
        )
        return RevokeStaffRolePayload(user=user, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins: block a user; their open connections close within seconds.")
    async def block_user(self, info: Info, input: BlockUserInput) -> UserPayload:
        viewer = info.context.viewer
        user, errors = await run_in_transaction(
            info,
            lambda session: service.block_user(
                session, viewer, input_id(input.user_id, "User", ("user_id",))
            ),
        )
        return UserPayload(user=user, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins: let a blocked user sign in again.")
    async def unblock_user(self, info: Info, input: UnblockUserInput) -> UserPayload:
        viewer = info.context.viewer
        user, errors = await run_in_transaction(
            info,
            lambda session: service.unblock_user(
                session, viewer, input_id(input.user_id, "User", ("user_id",))
            ),
        )
        return UserPayload(user=user, errors=errors)  # type: ignore[arg-type]
