from __future__ import annotations

from typing import Annotated

import strawberry

from graph.context import Info
from graph.ids import read_id
from graph.mutations import Write, mutation
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.parties import (
    DecideMembershipInput,
    DecideMembershipPayload,
    Municipality,
    Party,
    RequestMembershipInput,
    RequestMembershipPayload,
    RevokeMembershipInput,
    RevokeMembershipPayload,
)
from kennispunt.parties import models, service


@strawberry.type
class PartiesQuery:
    @strawberry.field(
        graphql_type=Connection[Municipality],
        description="Municipalities by name; `search` matches part of the name or the CBS code.",
    )
    async def municipalities(
        self,
        info: Info,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Part of the name (any case), or a whole CBS code such as GM0050."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Municipality]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await service.municipalities_page(session, request, search)
        return to_connection(page)

    @strawberry.field(
        graphql_type=Connection[Party],
        description="Local parties by name, optionally in one municipality (CBS code).",
    )
    async def parties(
        self,
        info: Info,
        municipality_code: Annotated[
            str | None,
            strawberry.argument(description="Only parties of the municipality with this CBS code."),
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the party's name, any case.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.Party]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await service.parties_page(
                session, request, municipality_code=municipality_code, query=search
            )
        return to_connection(page)

    @strawberry.field(graphql_type=Party | None, description="A party by slug; null if there is none.")
    async def party(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The party's `slug`.")]
    ) -> models.Party | None:
        async with info.context.db.session() as session:
            return await service.party_by_slug(session, slug)


@strawberry.type
class PartiesMutation:
    @mutation(
        RequestMembershipPayload,
        description="Claim a role in a party: a PENDING membership until its deciders decide.",
    )
    async def request_membership(self, write: Write, input: RequestMembershipInput) -> object:
        return await service.request_membership(
            write.session, write.viewer, read_id(input.party_id, "Party", ("party_id",)), input.role
        )

    @mutation(
        DecideMembershipPayload,
        description="A party's verified chair or secretary, or an admin: approve or reject a request.",
    )
    async def decide_membership(self, write: Write, input: DecideMembershipInput) -> object:
        return await service.decide_membership(
            write.session, write.viewer, read_id(input.member_id, "Member", ("member_id",)), input.approve
        )

    @mutation(
        RevokeMembershipPayload,
        description="A party's verified chair or secretary, or an admin: end a verified membership.",
    )
    async def revoke_membership(self, write: Write, input: RevokeMembershipInput) -> object:
        return await service.revoke_membership(
            write.session, write.viewer, read_id(input.member_id, "Member", ("member_id",))
        )
