from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.pagination import Connection, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.node import Node
from kennispunt.parties import models

MemberRole = strawberry.enum(models.MemberRole, description="The role someone holds in their party.")
MemberStatus = strawberry.enum(models.MemberStatus, description="Whether a membership has been verified.")


@strawberry.type(description="A Dutch municipality (gemeente).")
class Municipality(Node):
    model = models.Municipality
    code: str = strawberry.field(description="CBS code, e.g. GM0050.")
    name: str
    province: str

    @strawberry.field(description="Local parties in this municipality, by name.")
    @staticmethod
    async def parties(
        root: Parent[models.Municipality], info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Party]:
        page = await info.context.loaders.parties_of_municipality.load((root.id, page_request(first, after)))
        return to_connection(page)  # type: ignore[return-value]


@strawberry.type(description="A local political party.")
class Party(Node):
    model = models.Party
    slug: str
    name: str
    seats: int | None = strawberry.field(description="Seats in the municipal council, null if unknown.")
    website: str | None
    description: str
    founded_on: date | None

    @strawberry.field
    @staticmethod
    async def municipality(root: Parent[models.Party], info: Info) -> Municipality:
        return await info.context.loaders.municipality.load(root.municipality_id)  # type: ignore[return-value]

    @strawberry.field(description="Verified members; visible to members of this party and staff.")
    @staticmethod
    async def members(
        root: Parent[models.Party], info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Member]:
        page = await info.context.loaders.members_of_party.load((root.id, page_request(first, after)))
        return to_connection(page)  # type: ignore[return-value]


@strawberry.type(description="A person's membership of a party.")
class Member(Node):
    model = models.Member
    role: MemberRole  # type: ignore[valid-type]
    status: MemberStatus  # type: ignore[valid-type]
    created_at: datetime

    @strawberry.field
    @staticmethod
    async def user(root: Parent[models.Member], info: Info) -> User:
        return await info.context.loaders.user.load(root.user_id)  # type: ignore[return-value]

    @strawberry.field
    @staticmethod
    async def party(root: Parent[models.Member], info: Info) -> Party:
        return await info.context.loaders.party.load(root.party_id)  # type: ignore[return-value]
