from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import SLUG
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.node import Node
from kennispunt.parties import models

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models

MemberRole = models.MemberRole
domain_enum(
    MemberRole,
    "The role someone holds in their party.",
    {
        MemberRole.CHAIR: "Chair (voorzitter); when verified, decides on the party's membership requests.",
        MemberRole.SECRETARY: "Secretary (secretaris); when verified, decides on the party's membership requests.",
        MemberRole.TREASURER: "Treasurer (penningmeester).",
        MemberRole.BOARD_MEMBER: "Board member (bestuurslid).",
        MemberRole.COUNCIL_MEMBER: "Member of the municipal council (raadslid).",
        MemberRole.ALDERMAN: "Alderman (wethouder).",
        MemberRole.CANDIDATE: "Candidate for the council (kandidaat).",
        MemberRole.MEMBER: "Member without another role (lid).",
    },
)
MemberStatus = models.MemberStatus
domain_enum(
    MemberStatus,
    "Whether a membership has been verified.",
    {
        MemberStatus.PENDING: "Requested, waiting for the party's chair or secretary (or an admin).",
        MemberStatus.VERIFIED: "Approved: the user acts for the party in this role.",
        MemberStatus.REVOKED: "Rejected, or ended after it was verified.",
    },
)


@strawberry.type(description="A Dutch municipality (gemeente).")
class Municipality(Node):
    model = models.Municipality
    code: str = strawberry.field(description="CBS code, e.g. GM0050.")
    name: str = strawberry.field(description="The municipality's official name.")
    province: str = strawberry.field(description="The province it lies in.")

    @strawberry.field(
        graphql_type="Connection[Party]", description="Local parties in this municipality, by name."
    )
    @staticmethod
    async def parties(
        root: Parent[models.Municipality],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Party]:
        page = await info.context.loaders.parties_of_municipality.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)


@strawberry.type(description="A local political party.")
class Party(Node):
    model = models.Party
    slug: str = strawberry.field(description=SLUG)
    name: str = strawberry.field(description="The party's name, at most 150 characters.")
    seats: int | None = strawberry.field(description="Seats in the municipal council, null if unknown.")
    website: str | None = strawberry.field(description="An http(s) address; null if unknown.")
    description: str = strawberry.field(description="About the party, plain text; may be empty.")
    founded_on: date | None = strawberry.field(description="When the party was founded; null if unknown.")

    @strawberry.field(graphql_type=Municipality, description="The municipality the party takes part in.")
    @staticmethod
    async def municipality(root: Parent[models.Party], info: Info) -> models.Municipality | None:
        return await info.context.loaders.municipality.load(root.municipality_id)

    @strawberry.field(
        graphql_type="Connection[Member]",
        description="Verified members; visible to members of this party and staff.",
    )
    @staticmethod
    async def members(
        root: Parent[models.Party],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Member]:
        page = await info.context.loaders.members_of_party.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)

    @strawberry.field(
        graphql_type="Connection[Member]",
        description="Membership requests waiting for a decision, oldest first; visible to the party's "
        "verified chair and secretary and to admins (empty for anyone else).",
    )
    @staticmethod
    async def pending_members(
        root: Parent[models.Party],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Member]:
        request = page_request(first, after, info, last, before)
        page = await info.context.loaders.pending_members_of_party.load((root.id, request))
        return to_connection(page)


@strawberry.type(description="A person's membership of a party.")
class Member(Node):
    model = models.Member
    role: MemberRole = strawberry.field(description="The role claimed in the party.")
    status: MemberStatus = strawberry.field(description="Pending, verified or revoked.")
    created_at: datetime = strawberry.field(description="When the membership was (last) requested.")
    decided_at: datetime | None = strawberry.field(
        description="When it was last approved, rejected or revoked."
    )

    @strawberry.field(graphql_type=User, description="The member.")
    @staticmethod
    async def user(root: Parent[models.Member], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.user_id)

    @strawberry.field(graphql_type=Party, description="The party of the membership.")
    @staticmethod
    async def party(root: Parent[models.Member], info: Info) -> models.Party | None:
        return await info.context.loaders.party.load(root.party_id)


@strawberry.input(description="Claim a role in a party; its chair or secretary (or an admin) decides.")
class RequestMembershipInput:
    party_id: strawberry.ID = strawberry.field(description="The party's `id`.")
    role: MemberRole = strawberry.field(description="The role claimed.")


@strawberry.type(description="What `requestMembership` returns.")
class RequestMembershipPayload:
    member: Member | None = strawberry.field(description="The membership, PENDING; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="Approve (VERIFIED) or reject (REVOKED) a pending request.")
class DecideMembershipInput:
    member_id: strawberry.ID = strawberry.field(description="The pending membership's `id`.")
    approve: bool = strawberry.field(description="true: approve; false: reject.")


@strawberry.type(description="What `decideMembership` returns.")
class DecideMembershipPayload:
    member: Member | None = strawberry.field(description="The membership as decided; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="End a verified membership (REVOKED).")
class RevokeMembershipInput:
    member_id: strawberry.ID = strawberry.field(description="The verified membership's `id`.")


@strawberry.type(description="What `revokeMembership` returns.")
class RevokeMembershipPayload:
    member: Member | None = strawberry.field(description="The membership, now REVOKED; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
