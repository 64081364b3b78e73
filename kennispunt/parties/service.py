"""Rules for municipalities, parties and memberships."""

from __future__ import annotations

import csv
from collections.abc import Hashable, Sequence
from datetime import date
from importlib import resources

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.access import AccessChange, record_access_change
from kennispunt.accounts.models import StaffRole, User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, conflict, forbidden, not_found, unauthenticated
from kennispunt.lookups import rows_by_ids
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import NotificationKind
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page
from kennispunt.parties import policy
from kennispunt.parties.models import Member, MemberRole, MemberStatus, Municipality, Party
from kennispunt.search import contains_text

NAME_MAX, DESCRIPTION_MAX = 150, 5_000


def read_municipalities_csv() -> list[dict[str, str]]:
    """The 342 municipalities as of 1 January 2025, shipped with the package (CBS)."""
    with resources.files("kennispunt").joinpath("data/gemeenten.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def municipalities_page(
    session: AsyncSession, request: PageRequest, query: str | None = None
) -> Page[Municipality]:
    statement = select(Municipality)
    if query and query.strip():
        statement = statement.where(
            or_(contains_text(Municipality.name, query), Municipality.code == query.strip().upper())
        )
    return await fetch_page(session, statement.order_by(Municipality.name, Municipality.id), request)


async def municipalities_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Municipality]:
    return await rows_by_ids(session, Municipality, ids)


async def municipality_by_code(session: AsyncSession, code: str) -> Municipality | None:
    return await session.scalar(select(Municipality).where(Municipality.code == code.strip().upper()))


async def parties_page(
    session: AsyncSession,
    request: PageRequest,
    *,
    municipality_code: str | None = None,
    query: str | None = None,
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
        session,
        Party,
        select(Party),
        Party.municipality_id,
        municipality_ids,
        (Party.name, Party.id),
        request,
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
    name = checks.title(("name",), name, max_length=NAME_MAX)
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


async def pending_members_of_parties(
    session: AsyncSession, viewer: Viewer, party_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[Member]]:
    """Each party's requests waiting for a decision, oldest first, for its deciders (empty
    for others, without asking the database)."""
    deciding = [party for party in party_ids if isinstance(party, int) and policy.can_decide(viewer, party)]
    pages = (
        await fetch_child_pages(
            session,
            Member,
            select(Member).where(policy.pending_members(viewer)),
            Member.party_id,
            deciding,
            (Member.created_at, Member.id),
            request,
        )
        if deciding
        else {}
    )
    return {party_id: pages.get(party_id, Page.empty(request)) for party_id in party_ids}


async def members_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Member]:
    return await rows_by_ids(session, Member, ids, policy.visible_members(viewer))


async def memberships_of_user(session: AsyncSession, user_id: int) -> list[Member]:
    return list(await session.scalars(select(Member).where(Member.user_id == user_id).order_by(Member.id)))


async def verified_parties_of_users(session: AsyncSession, user_ids: Sequence[int]) -> dict[int, Party]:
    """Each user's party, shown next to their name: the first they became a verified member of."""
    rows = await session.execute(
        select(Member.user_id, Party)
        .join(Party, Party.id == Member.party_id)
        .where(Member.user_id.in_(user_ids), Member.status == MemberStatus.VERIFIED)
        .order_by(Member.id.desc())
    )
    return {user_id: party for user_id, party in rows.all()}  # the first membership is written last


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


# --- the membership workflow -------------------------------------------------------


async def deciders_of(session: AsyncSession, party_id: int) -> list[int]:
    """Who is told about a request: the party's verified chair and secretary, or, while
    it has neither, every admin."""
    board = list(
        await session.scalars(
            select(Member.user_id)
            .where(
                Member.party_id == party_id,
                Member.status == MemberStatus.VERIFIED,
                Member.role.in_(policy.DECIDING_ROLES),
            )
            .order_by(Member.user_id)
        )
    )
    if board:
        return board
    return list(
        await session.scalars(
            select(UserRole.user_id).where(UserRole.role == StaffRole.ADMIN).order_by(UserRole.user_id)
        )
    )


async def _notify(
    session: AsyncSession, viewer: Viewer, recipients: Sequence[int], kind: NotificationKind, member: Member
) -> None:
    """Tell the recipients (never the one who acted) about this membership."""
    party = await session.get(Party, member.party_id)
    user = await session.get(User, member.user_id)
    assert party is not None and user is not None
    payload = {
        "member_id": member.id,
        "party_id": party.id,
        "party_name": party.name,
        "requester_name": user.display_name,
        "role": member.role.name,
    }
    await notifications.notify(session, [r for r in recipients if r != viewer.user_id], kind, payload)


async def _lock_member(session: AsyncSession, member_id: int) -> Member | None:
    return await session.scalar(
        select(Member)
        .where(Member.id == member_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def request_membership(
    session: AsyncSession, viewer: Viewer, party_id: int, role: MemberRole
) -> Member:
    """The viewer claims a role in a party: a PENDING membership for its deciders.

    One membership per user and party: a pending or verified one is a conflict; a
    rejected or revoked one is reopened as a new request with the new role.
    """
    if not policy.can_request_membership(viewer):
        raise unauthenticated()
    assert viewer.user_id is not None
    if await session.get(Party, party_id) is None:
        raise not_found("party.not_found", ("party_id",))
    member = await session.scalar(
        select(Member)
        .where(Member.user_id == viewer.user_id, Member.party_id == party_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if member is not None and member.status is MemberStatus.PENDING:
        raise conflict("membership.already_requested", ("party_id",))
    if member is not None and member.status is MemberStatus.VERIFIED:
        raise conflict("membership.already_member", ("party_id",))
    if member is None:
        member = Member(user_id=viewer.user_id, party_id=party_id)
        session.add(member)
    member.role = role
    member.status = MemberStatus.PENDING
    member.created_at = utcnow()
    member.decided_at = None
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # the same user asking twice at the same moment
        raise conflict("membership.already_requested", ("party_id",)) from None
    await _notify(
        session, viewer, await deciders_of(session, party_id), NotificationKind.MEMBERSHIP_REQUESTED, member
    )
    return member


async def _decidable(
    session: AsyncSession, viewer: Viewer, member_id: int, status: MemberStatus, key: str
) -> Member:
    """The membership, locked, if the viewer decides on it and it is in ``status``."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    member = await _lock_member(session, member_id)
    if member is None:
        raise not_found("member.not_found", ("member_id",))
    if not policy.can_decide_on(viewer, member):
        raise forbidden()
    if member.status is not status:
        raise conflict(key, ("member_id",))
    return member


async def decide_membership(session: AsyncSession, viewer: Viewer, member_id: int, approve: bool) -> Member:
    """Approve (VERIFIED) or reject (REVOKED) a pending request; the requester is told."""
    member = await _decidable(session, viewer, member_id, MemberStatus.PENDING, "membership.not_pending")
    member.status = MemberStatus.VERIFIED if approve else MemberStatus.REVOKED
    member.decided_at = utcnow()
    await session.flush()
    kind = NotificationKind.MEMBERSHIP_APPROVED if approve else NotificationKind.MEMBERSHIP_REJECTED
    await _notify(session, viewer, [member.user_id], kind, member)
    if approve:
        await record_access_change(session, AccessChange.USER_CHANGED, user_id=member.user_id)
    return member


async def revoke_membership(session: AsyncSession, viewer: Viewer, member_id: int) -> Member:
    """End a verified membership. The member loses access with their next request,
    since the viewer is loaded afresh for every request."""
    member = await _decidable(session, viewer, member_id, MemberStatus.VERIFIED, "membership.not_verified")
    member.status = MemberStatus.REVOKED
    member.decided_at = utcnow()
    await session.flush()
    await _notify(session, viewer, [member.user_id], NotificationKind.MEMBERSHIP_REVOKED, member)
    await record_access_change(session, AccessChange.USER_CHANGED, user_id=member.user_id)
    return member
