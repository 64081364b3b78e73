"""Slugs made from titles: readable, and free in their table."""

from __future__ import annotations

from slugify import slugify
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def free_slug_from_title(
    session: AsyncSession, column: InstrumentedAttribute[str], title: str | None, fallback: str
) -> str | None:
    """A slug for ``title`` not yet in ``column``: a title used before gets ``-2``, ``-3``, ...

    None for a blank title, which is reported as such rather than as a bad slug.
    """
    if title is None or not title.strip():
        return None
    base = slugify(title, max_length=110, word_boundary=True) or fallback
    taken = set(await session.scalars(select(column).where(or_(column == base, column.like(f"{base}-%")))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
