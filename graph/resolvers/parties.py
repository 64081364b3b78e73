from __future__ import annotations

import strawberry

from graph.context import Info
from graph.pagination import Connection, page_request, to_connection
from graph.schema.parties import Municipality, Party
from kennispunt.parties import service


@strawberry.type
class PartiesQuery:
    @strawberry.field(description="Municipalities by name; `search` matches part of the name or the CBS code.")
    async def municipalities(
        self, info: Info, search: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Municipality]:
        request = page_request(first, after)
        async with info.context.db.session() as session:
            page = await service.municipalities_page(session, request, search)
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(description="Local parties by name, optionally in one municipality (CBS code).")
    async def parties(
        self,
        info: Info,
        municipality_code: str | None = None,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Party]:
        request = page_request(first, after)
        async with info.context.db.session() as session:
            page = await service.parties_page(session, request, municipality_code=municipality_code, query=search)
        return to_connection(page)  # type: ignore[return-value]

    @strawberry.field(description="A party by slug; null if there is none.")
    async def party(self, info: Info, slug: str) -> Party | None:
        async with info.context.db.session() as session:
            return await service.party_by_slug(session, slug)  # type: ignore[return-value]
