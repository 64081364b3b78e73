"""Rows by primary key, as the API's loaders ask for them: one statement for any number of ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession


class Keyed(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=Keyed)


async def rows_by_ids(
    session: AsyncSession, model: type[RowT], ids: Sequence[int], *conditions: ColumnElement[bool]
) -> dict[int, RowT]:
    """The rows of ``model`` with these ids that meet ``conditions`` (the domain policy's
    visibility), by id; ids that are missing or not visible are left out."""
    (key,) = inspect(model).primary_key
    rows = await session.scalars(select(model).where(key.in_(ids), *conditions))
    return {row.id: row for row in rows}
