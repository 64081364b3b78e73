"""Pages of query results: one page of a list, or one page per parent in a single query."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, SQLColumnExpression, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class PageRequest:
    offset: int = 0
    limit: int = DEFAULT_PAGE_SIZE
    count: bool = True
    """Whether all items are counted too (a statement more); without it `Page.total` is None."""
    from_end: bool = False
    """The last ``limit`` items of the list (``offset`` is not used): the list is counted first."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int | None
    """All items, not only this page; None when the request did not ask (`PageRequest.count`)."""
    offset: int
    has_next: bool = False

    @classmethod
    def empty(cls, request: PageRequest) -> Page[T]:
        return cls(items=(), total=0 if request.count else None, offset=request.offset)


async def fetch_page(session: AsyncSession, statement: Select[Any], request: PageRequest) -> Page[Any]:
    """Run an ordered select for one page: one statement, or two with the total count.

    Without the count, one item more than the page is read to know whether there is a next page.
    The last items of the list (`PageRequest.from_end`) always take the count.
    """
    if request.from_end:
        total = await _count(session, statement)
        offset = max(0, total - request.limit)
        tail = (await session.scalars(statement.offset(offset).limit(request.limit))).all() if total else []
        return Page(items=tail, total=total if request.count else None, offset=offset)
    if not request.count:
        rows = (await session.scalars(statement.offset(request.offset).limit(request.limit + 1))).all()
        return Page(
            items=rows[: request.limit], total=None, offset=request.offset, has_next=len(rows) > request.limit
        )
    total = await _count(session, statement)
    items: Sequence[Any] = []
    if request.limit > 0 and request.offset < total:
        items = (await session.scalars(statement.offset(request.offset).limit(request.limit))).all()
    return Page(items=items, total=total, offset=request.offset, has_next=request.offset + len(items) < total)


async def _count(session: AsyncSession, statement: Select[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0


async def fetch_child_pages(
    session: AsyncSession,
    entity: type[T],
    statement: Select[Any],
    parent_column: SQLColumnExpression[Any],
    parent_ids: Sequence[Hashable],
    order_by: Sequence[SQLColumnExpression[Any]],
    request: PageRequest,
) -> dict[Hashable, Page[T]]:
    """The same page of children for many parents in one statement (two with the counts),
    whatever their number.

    ``statement`` selects ``entity`` (with any visibility filters); ``parent_column``
    is the column that links a child to its parent.
    """
    filtered = statement.where(parent_column.in_(parent_ids))
    position = func.row_number().over(partition_by=parent_column, order_by=list(order_by)).label("position")
    if request.from_end:
        return await _last_child_pages(
            session, entity, filtered, parent_column, parent_ids, position, request
        )
    numbered = filtered.add_columns(position, parent_column.label("parent_key")).subquery()
    child = aliased(entity, numbered)
    last = request.offset + request.limit + (0 if request.count else 1)  # one more tells of a next page
    rows = await session.execute(
        select(child, numbered.c.parent_key)
        .where(numbered.c.position > request.offset, numbered.c.position <= last)
        .order_by(numbered.c.parent_key, numbered.c.position)
    )
    items: dict[Hashable, list[T]] = {key: [] for key in parent_ids}
    for item, key in rows.all():
        items[key].append(item)
    if not request.count:
        return {
            key: Page(
                items=found[: request.limit],
                total=None,
                offset=request.offset,
                has_next=len(found) > request.limit,
            )
            for key, found in items.items()
        }
    counts = await session.execute(
        select(numbered.c.parent_key, func.count()).group_by(numbered.c.parent_key)
    )
    totals: dict[Hashable, int] = {key: total for key, total in counts.all()}
    return {
        key: Page(
            items=found,
            total=totals.get(key, 0),
            offset=request.offset,
            has_next=request.offset + len(found) < totals.get(key, 0),
        )
        for key, found in items.items()
    }


async def _last_child_pages(
    session: AsyncSession,
    entity: type[T],
    filtered: Select[Any],
    parent_column: SQLColumnExpression[Any],
    parent_ids: Sequence[Hashable],
    position: Any,
    request: PageRequest,
) -> dict[Hashable, Page[T]]:
    """The last ``request.limit`` children of each parent, and their counts, in one statement:
    each row carries its parent's count (a window function) to keep the rows near the end."""
    siblings = func.count().over(partition_by=parent_column).label("siblings")
    numbered = filtered.add_columns(position, siblings, parent_column.label("parent_key")).subquery()
    child = aliased(entity, numbered)
    rows = await session.execute(
        select(child, numbered.c.parent_key, numbered.c.siblings)
        .where(numbered.c.position > numbered.c.siblings - request.limit)
        .order_by(numbered.c.parent_key, numbered.c.position)
    )
    items: dict[Hashable, list[T]] = {key: [] for key in parent_ids}
    totals: dict[Hashable, int] = {}
    for item, key, total in rows.all():
        items[key].append(item)
        totals[key] = total
    pages: dict[Hashable, Page[T]] = {}
    for key, found in items.items():
        total = totals.get(key, 0)
        pages[key] = Page(items=found, total=total if request.count else None, offset=total - len(found))
    return pages
