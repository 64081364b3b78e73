from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.node import Node
from kennispunt.accounts import models, policy
from kennispunt.i18n import translate
from kennispunt.notifications import service as notifications
from kennispunt.parties import service as parties

if TYPE_CHECKING:
    from graph.schema.notifications import Notification
    from graph.schema.parties import Member, Party
    from kennispunt.notifications import models as notifications_models
    from kennispunt.parties import models as parties_models

StaffRole = models.StaffRole
domain_enum(
    StaffRole,
    "Roles of Kennispunt's own staff; a user may hold several.",
    {
        StaffRole.EDITOR: "Writes and publishes articles and trainings.",
        StaffRole.HELPDESK: "Answers and handles helpdesk tickets.",
        StaffRole.MODERATOR: "Moderates the forum: reports, hiding, locking, pinning, moving.",
        StaffRole.ADMIN: "Manages staff roles, users, forum categories and partner keys; may also edit content.",
    },
)


@strawberry.type(description="A person with an account.")
class User(Node):
    model = models.User

    @strawberry.field(
        description="The name shown with the user's posts and messages; an erased account's reads 'Verwijderde gebruiker' ('Deleted user' in English)."
    )
    @staticmethod
    def display_name(root: Parent[models.User], info: Info) -> str:
        if root.erased_at is not None:
            return translate("privacy.erased_user", info.context.language)
        return root.display_name

    @strawberry.field(
        description="Staff roles; visible to the user themselves and to admins (empty for others)."
    )
    @staticmethod
    async def staff_roles(root: Parent[models.User], info: Info) -> list[StaffRole]:
        return await info.context.loaders.staff_roles.load(root.id)

    @strawberry.field(description="When an admin blocked the user; admins only (null for others).")
    @staticmethod
    def blocked_at(root: Parent[models.User], info: Info) -> datetime | None:
        return root.blocked_at if policy.can_manage_roles(info.context.viewer) else None

    @strawberry.field(
        graphql_type=Annotated["Party", strawberry.lazy("graph.schema.parties")] | None,
        description="The party shown next to the user's name: the first they are a verified member of, if any.",
    )
    @staticmethod
    async def party(root: Parent[models.User], info: Info) -> parties_models.Party | None:
        return await info.context.loaders.party_of_user.load(root.id)


@dataclass(frozen=True)
class SignedIn:
    user_id: int


def _own_staff_roles(info: Info) -> list[StaffRole]:
    return sorted(info.context.viewer.roles, key=lambda role: role.name)


@strawberry.type(description="The signed-in user, with what they are and may do.")
class Viewer:
    @strawberry.field(graphql_type=User, description="The viewer's own account.")
    @staticmethod
    async def user(root: Parent[SignedIn], info: Info) -> models.User | None:
        return await info.context.loaders.user.load(root.user_id)

    @strawberry.field(description="Only the viewer sees their own e-mail address.")
    @staticmethod
    async def email(root: Parent[SignedIn], info: Info) -> str:
        user = await info.context.loaders.user.load(root.user_id)
        return user.email if user else ""

    @strawberry.field(
        graphql_type=list[Annotated["Member", strawberry.lazy("graph.schema.parties")]],
        description="Every membership the viewer has claimed, in any status.",
    )
    @staticmethod
    async def memberships(root: Parent[SignedIn], info: Info) -> list[parties_models.Member]:
        async with info.context.db.session() as session:
            return await parties.memberships_of_user(session, root.user_id)

    roles: list[StaffRole] = strawberry.field(
        resolver=_own_staff_roles,
        description="The viewer's staff roles, by name; empty for non-staff.",
        deprecation_reason="Use `staffRoles`, the name `User` uses too.",
    )
    staff_roles: list[StaffRole] = strawberry.field(
        resolver=_own_staff_roles, description="The viewer's staff roles, by name; empty for non-staff."
    )

    @strawberry.field(
        graphql_type=Connection[Annotated["Notification", strawberry.lazy("graph.schema.notifications")]],
        description="The viewer's notifications, newest first.",
    )
    @staticmethod
    async def notifications(
        root: Parent[SignedIn],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        unread_only: Annotated[
            bool | None, strawberry.argument(description="true: only those not read yet.")
        ] = False,
    ) -> Connection[notifications_models.Notification]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await notifications.notifications_page(
                session, info.context.viewer, request, unread_only=bool(unread_only)
            )
        return to_connection(page)

    @strawberry.field(description="How many of the viewer's notifications are not read yet.")
    @staticmethod
    async def unread_notification_count(root: Parent[SignedIn], info: Info) -> int:
        async with info.context.db.session() as session:
            return await notifications.unread_count(session, info.context.viewer)


@strawberry.input(
    description="Give a user a staff role (admins only); granting one they have changes nothing."
)
class GrantStaffRoleInput:
    user_id: strawberry.ID = strawberry.field(description="The user's `id`.")
    role: StaffRole = strawberry.field(description="The role to give.")


@strawberry.type(description="What `grantStaffRole` returns.")
class GrantStaffRolePayload:
    user: User | None = strawberry.field(description="The user with their roles now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="Take a staff role away (admins only); the last admin keeps theirs.")
class RevokeStaffRoleInput:
    user_id: strawberry.ID = strawberry.field(description="The user's `id`.")
    role: StaffRole = strawberry.field(description="The role to take away.")


@strawberry.type(description="What `revokeStaffRole` returns.")
class RevokeStaffRolePayload:
    user: User | None = strawberry.field(description="The user with their roles now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(
    description="Block a user (admins only): they can no longer sign in, and what they have open closes."
)
class BlockUserInput:
    user_id: strawberry.ID = strawberry.field(description="The user's `id`.")


@strawberry.input(description="Let a blocked user sign in again (admins only).")
class UnblockUserInput:
    user_id: strawberry.ID = strawberry.field(description="The user's `id`.")


@strawberry.type(description="What `blockUser` and `unblockUser` return.")
class UserPayload:
    user: User | None = strawberry.field(description="The user as they are now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
