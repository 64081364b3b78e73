"""Reading the helpdesk: ticket lists for staff and requesters, a ticket's messages, the
articles attached to answers, and search. Everything goes through `policy`."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import search
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import policy as content_policy
from kennispunt.content.models import Article
from kennispunt.db import utcnow
from kennispunt.helpdesk import policy, rules
from kennispunt.helpdesk.models import (
    Ticket,
    TicketMessage,
    TicketMessageArticle,
    TicketPriority,
    TicketStatus,
)
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page


class TicketOrder(enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    PRIORITY = "priority"
    """Most urgent first; the longest waiting first within a priority."""


PRIORITY_RANK = {
    TicketPriority.URGENT: 0,
    TicketPriority.HIGH: 1,
    TicketPriority.NORMAL: 2,
    TicketPriority.LOW: 3,
}


@dataclass(frozen=True)
class TicketFilter:
    """What a ticket list is narrowed to; None means "any"."""

    statuses: Sequence[TicketStatus] | None = None
    assignee_id: int | None = None
    unassigned: bool | None = None
    overdue: bool | None = None
    party_id: int | None = None
    query: str | None = None
    order: TicketOrder = TicketOrder.NEWEST


def status_condition(statuses: Sequence[TicketStatus], now: datetime) -> ColumnElement[bool]:
    """Tickets in one of the statuses as shown (a resolved ticket past its closing time is CLOSED)."""
    cutoff = rules.closing_cutoff(now)
    due = and_(Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at <= cutoff)
    parts: list[ColumnElement[bool]] = []
    for status in dict.fromkeys(statuses):
        if status is TicketStatus.CLOSED:
            parts.append(or_(Ticket.status == TicketStatus.CLOSED, due))
        elif status is TicketStatus.RESOLVED:
            parts.append(and_(Ticket.status == TicketStatus.RESOLVED, Ticket.resolved_at > cutoff))
        else:
            parts.append(Ticket.status == status)
    return or_(*parts) if parts else false()


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """`rules.is_overdue` in SQL."""
    return and_(
        Ticket.first_responded_at.is_(None),
        Ticket.status.in_(rules.WAITING_FOR_STAFF),
        Ticket.first_response_due_at <= now,
    )


def _ordering(order: TicketOrder) -> tuple[Any, ...]:
    if order is TicketOrder.OLDEST:
        return (Ticket.created_at, Ticket.id)
    if order is TicketOrder.PRIORITY:
        rank = case(*((Ticket.priority == priority, value) for priority, value in PRIORITY_RANK.items()))
        return (rank, Ticket.created_at, Ticket.id)
    return (Ticket.created_at.desc(), Ticket.id.desc())


def _search_hits(session: AsyncSession, viewer: Viewer, query: str) -> Any:
    """``(ticket_id, rank)`` of tickets whose subject or visible messages match, best rank per ticket."""
    kinds = policy.searchable_kinds(viewer)
    parts = []
    for kind in kinds:
        found = search.matches(session, kind, query)
        if kind == policy.TICKET_SEARCH_KIND:
            parts.append(select(found.c.object_id.label("ticket_id"), found.c.rank.label("rank")))
        else:
            parts.append(
                select(TicketMessage.ticket_id.label("ticket_id"), found.c.rank.label("rank")).join(
                    found, found.c.object_id == TicketMessage.id
                )
            )
    hits = union_all(*parts).subquery("ticket_hits")
    return (
        select(hits.c.ticket_id, func.max(hits.c.rank).label("rank"))
        .group_by(hits.c.ticket_id)
        .subquery("ticket_best")
    )


async def tickets_page(
    session: AsyncSession,
    viewer: Viewer,
    request: PageRequest,
    filters: TicketFilter = TicketFilter(),
    now: datetime | None = None,
) -> Page[Ticket]:
    """The tickets the viewer may see, narrowed by ``filters``; with a search, best matches first."""
    if not viewer.is_authenticated:
        return Page.empty(request)
    now = now or utcnow()
    statement = select(Ticket).where(policy.visible_tickets(viewer))
    if filters.statuses:
        statement = statement.where(status_condition(filters.statuses, now))
    if filters.assignee_id is not None:
        statement = statement.where(Ticket.assignee_id == filters.assignee_id)
    if filters.unassigned is not None:
        statement = statement.where(
            Ticket.assignee_id.is_(None) if filters.unassigned else Ticket.assignee_id.is_not(None)
        )
    if filters.overdue is not None:
        overdue = overdue_condition(now)
        statement = statement.where(overdue if filters.overdue else ~overdue)
    if filters.party_id is not None:
        statement = statement.where(Ticket.party_id == filters.party_id)
    ordering = _ordering(filters.order)
    query = search.checked_query(filters.query, ("search",)) if filters.query is not None else ""
    if query:
        best = _search_hits(session, viewer, query)
        statement = statement.join(best, best.c.ticket_id == Ticket.id)
        ordering = (best.c.rank.desc(), *ordering)
    return await fetch_page(session, statement.order_by(*ordering), request)


async def tickets_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Ticket]:
    return await rows_by_ids(session, Ticket, ids, policy.visible_tickets(viewer))


async def ticket_by_number(session: AsyncSession, number: str) -> Ticket | None:
    """A ticket by its number (``KP-2027-00042``, any case), whoever may see it: callers
    such as the mail intake decide what the sender may do with it."""
    return await session.scalar(select(Ticket).where(Ticket.number == number.strip().upper()))


async def visible_ticket_by_number(session: AsyncSession, viewer: Viewer, number: str) -> Ticket | None:
    return await session.scalar(
        select(Ticket).where(Ticket.number == number.strip().upper(), policy.visible_tickets(viewer))
    )


async def messages_of_tickets(
    session: AsyncSession, viewer: Viewer, ticket_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[TicketMessage]]:
    """Each ticket's messages the viewer may see, oldest first (counts included)."""
    return await fetch_child_pages(
        session,
        TicketMessage,
        select(TicketMessage).where(policy.visible_messages(viewer)),
        TicketMessage.ticket_id,
        ticket_ids,
        (TicketMessage.created_at, TicketMessage.id),
        request,
    )


async def messages_by_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, TicketMessage]:
    return await rows_by_ids(session, TicketMessage, ids, policy.visible_messages(viewer))


async def articles_of_messages(
    session: AsyncSession, viewer: Viewer, message_ids: Sequence[int]
) -> dict[int, list[Article]]:
    """The articles attached to each message, in the order given (those the viewer may read)."""
    rows = await session.execute(
        select(TicketMessageArticle.message_id, Article)
        .join(Article, Article.id == TicketMessageArticle.article_id)
        .where(TicketMessageArticle.message_id.in_(message_ids), content_policy.visible_articles(viewer))
        .order_by(TicketMessageArticle.message_id, TicketMessageArticle.position)
    )
    found: dict[int, list[Article]] = defaultdict(list)
    for message_id, article in rows.all():
        found[message_id].append(article)
    return {message_id: found.get(message_id, []) for message_id in message_ids}
