from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.errors import UserError
from graph.pagination import After, Connection, First, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.node import Node
from kennispunt.parties import models

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models

MemberRole = models.MemberRole
strawberry.enum(MemberRole, description="The role someone holds in their party.")
MemberStatus = models.MemberStatus
strawberry.enum(MemberStatus, description="Whether a membership has been verified.")


@strawberry.type(description="A Dutch municipality (gemeente).")
class Municipality(Node):
    model = models.Municipality
    code: str = strawberry.field(description="CBS code, e.g. GM0050.")
    name: str
    province: str

    @strawberry.field(
        graphql_type="Connection[Party]", description="Local parties in this municipality, by name."
    )
    @staticmethod
    async def parties(
        root: Parent[models.Municipality], info: Info, first: First = None, after: After = None
    ) -> Connection[models.Party]:
        page = await info.context.loaders.parties_of_municipality.load(
            (root.id, page_request(first, after, info))
        )
        return to_connection(page)


@strawberry.type(description="A local political party.")
class Party(Node):
    model = models.Party
    slug: str
    name: str
    seats: int | None = strawberry.field(description="Seats in the municipal council, null if unknown.")
    website: str | None
    description: str
    founded_on: date | None

    @strawberry.field(graphql_type=Municipality)
    @staticmethod
    async def municipality(root: Parent[models.Party], info: Info) -> models.Municipality | None:
        return await info.context.loaders.municipality.load(root.municipality_id)

    @strawberry.field(
        graphql_type="Connection[Member]",
        description="Verified members; visible to members of this party and staff.",
    )
    @staticmethod
    async def members(
        root: Parent[models.Party], info: Info, first: First = None, after: After = None
    ) -> Connection[models.Member]:
        page = await info.context.loaders.members_of_party.load((root.id, page_request(first, after, info)))
        return to_connection(page)

    @strawberry.field(
        graphql_type="Connection[Member]",
        description="Membership requests waiting for a decision, oldest first; visible to the party's "
        "verified chair and secretary and to admins (empty for anyone else).",
    )
    @staticmethod
    async def pending_members(
        root: Parent[models.Party], info: Info, first: First = None, after: After = None
    ) -> Connection[models.Member]:
        request = page_request(first, after, info)
        page = await info.context.loaders.pending_members_of_party.load((root.id, request))
        return to_connection(page)


@strawberry.type(description="A person's membership of a party.")
class Member(Node):
    model = models.Member
    role: MemberRole
    status: MemberStatus
    created_at: datetime = strawberry.field(description="When the membership was (last) requested.")
    decided_at: datetime | None = strawberry.field(
        description="When it was last approved, rejected or revoked."
    )

    @strawberry.field(graphql_type=User)
    @staticmethod
    async def user(root: Parent[models.Member], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.user_id)

    @strawberry.field(graphql_type=Party)
    @staticmethod
    async def party(root: Parent[models.Member], info: Info) -> models.Party | None:
        return await info.context.loaders.party.load(root.party_id)


@strawberry.input(description="Claim a role in a party; its chair or secretary (or an admin) decides.")
class RequestMembershipInput:
    party_id: strawberry.ID
    role: MemberRole


@strawberry.type
class RequestMembershipPayload:
    member: Member | None
    errors: list[UserError]


@strawberry.input(description="Approve (VERIFIED) or reject (REVOKED) a pending request.")
class DecideMembershipInput:
    member_id: strawberry.ID
    approve: bool


@strawberry.type
class DecideMembershipPayload:
    member: Member | None
    errors: list[UserError]


@strawberry.input(description="End a verified membership (REVOKED).")
class RevokeMembershipInput:
    member_id: strawberry.ID


@strawberry.type
class RevokeMembershipPayload:
    member: Member | None
    errors: list[UserError]
