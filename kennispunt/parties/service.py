"""Rules for municipalities, parties and memberships."""

from __future__ import annotations

import csv
from collections.abc import Hashable, Sequence
from datetime import date
from importlib import resources

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, not_found
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page
from kennispunt.parties import policy
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Municipality, Party
from kennispunt.search import contains_text

NAME_MAX, DESCRIPTION_MAX = 150, 5_000


def read_municipalities_csv() -> list[dict[str, str]]:
    """The 342 municipalities as of 1 January 2025, shipped with the package (CBS)."""
    with resources.files("kennispunt").joinpath("data/gemeenten.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def municipalities_page(session: AsyncSession, request: PageRequest, query: str | None = None) -> Page[Municipality]:
    statement = select(Municipality)
    if query and query.strip():
        statement = statement.where(
            or_(contains_text(Municipality.name, query), Municipality.code == query.strip().upper())
        )
    return await fetch_page(session, statement.order_by(Municipality.name, Municipality.id), request)


async def municipalities_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Municipality]:
    rows = await session.scalars(select(Municipality).where(Municipality.id.in_(ids)))
    return {row.id: row for row in rows}


async def municipality_by_code(session: AsyncSession, code: str) -> Municipality | None:
    return await session.scalar(select(Municipality).where(Municipality.code == code.strip().upper()))


async def parties_page(
    session: AsyncSession, request: PageRequest, *, municipality_code: str | None = None, query: str | None = None
) -> Page[Party]:
    statement = select(Party)
    if municipality_code is not None:
        statement = statement.join(Municipality, Municipality.id == Party.municipality_id).where(
            Municipality.code == municipality_code.strip().upper()
        )
    if query and query.strip():
        statement = statement.where(contains_text(Party.name, query))
    return await fetch_page(session, statement.order_by(Party.name, Party.id), request)


async def parties_of_municipalities(
    session: AsyncSession, municipality_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[Party]]:
    return await fetch_child_pages(
        session, Party, select(Party), Party.municipality_id, municipality_ids, (Party.name, Party.id), request
    )


async def parties_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Party]:
    return {row.id: row for row in await session.scalars(select(Party).where(Party.id.in_(ids)))}


async def party_by_slug(session: AsyncSession, slug: str) -> Party | None:
    return await session.scalar(select(Party).where(Party.slug == slug))


async def create_party(
    session: AsyncSession,
    *,
    slug: str,
    name: str,
    municipality_code: str,
    seats: int | None = None,
    website: str | None = None,
    description: str = "",
    founded_on: date | None = None,
) -> Party:
    checks = Checks()
    slug = checks.slug(("slug",), slug)
    name = checks.text(("name",), name, max_length=NAME_MAX)
    description = checks.text(("description",), description, min_length=0, max_length=DESCRIPTION_MAX)
    website = checks.url(("website",), website)
    if seats is not None:
        checks.number(("seats",), seats, minimum=0, maximum=55)
    municipality = await municipality_by_code(session, municipality_code)
    if municipality is None:
        checks.add(("municipality_code",), "municipality.not_found", ErrorCode.NOT_FOUND)
    if await party_by_slug(session, slug) is not None:
        checks.add(("slug",), "slug.taken", ErrorCode.CONFLICT)
    checks.raise_if_any()
    assert municipality is not None
    party = Party(
        slug=slug,
        name=name,
        municipality_id=municipality.id,
        seats=seats,
        website=website,
        description=description,
        founded_on=founded_on,
    )
    session.add(party)
    await session.flush()
    return party


async def members_of_parties(
    session: AsyncSession, viewer: Viewer, party_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[Member]]:
    """Each party's verified members, for viewers the party policy lets look."""
    return await fetch_child_pages(
        session,
        Member,
        select(Member).where(policy.listed_members(viewer)),
        Member.party_id,
        party_ids,
        (Member.id,),
        request,
    )


async def members_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Member]:
    rows = await session.scalars(select(Member).where(Member.id.in_(ids), policy.visible_members(viewer)))
    return {row.id: row for row in rows}


async def memberships_of_user(session: AsyncSession, user_id: int) -> list[Member]:
    return list(await session.scalars(select(Member).where(Member.user_id == user_id).order_by(Member.id)))


async def add_member(
    session: AsyncSession, user_id: int, party_id: int, role: MemberRole, status: MemberStatus
) -> Member:
    """Record a membership as an operator (CLI, demo data); the claim-and-verify
    workflow for representatives builds on this."""
    if await session.get(Party, party_id) is None:
        raise not_found("party.not_found", ("party_id",))
    member = Member(user_id=user_id, party_id=party_id, role=role, status=status)
    if status is not MemberStatus.PENDING:
        member.decided_at = utcnow()
    session.add(member)
    await session.flush()
    return member
