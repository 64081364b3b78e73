"""The one way mutations run: decode input, one unit of work, domain errors → payload errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from graph.context import Info
from graph.errors import UserError, user_errors
from graph.ids import decode_id
from kennispunt.db import DISPLAY_TIMEZONE
from kennispunt.errors import DomainError, ErrorCode, FieldPath
from kennispunt.idempotency.service import mark_applied

T = TypeVar("T")


async def run_in_transaction(
    info: Info, work: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    """Run ``work`` as one unit of work; on an expected failure nothing is written.

    Afterwards the request's loaders start afresh, so the payload (and any later
    mutation in the same request) reads the data as it is after this write.
    """
    idempotency = info.context.idempotency
    try:
        async with info.context.db.transaction() as session:
            if idempotency is not None:  # what this commits counts as the keyed request's doing
                await mark_applied(session, idempotency)
            return await work(session), []
    except DomainError as error:
        return None, user_errors(error, info.context.language)
    except IntegrityError:  # a uniqueness race the service could not see coming
        conflict = DomainError.of(ErrorCode.CONFLICT, "conflict.concurrent")
        return None, user_errors(conflict, info.context.language)
    finally:
        info.context.renew_loaders()


def input_id(value: str, type_name: str, field: FieldPath) -> int:
    """The primary key in a global ID of the expected type, or a BAD_USER_INPUT problem."""
    decoded = decode_id(value)
    if decoded is None or decoded.type_name != type_name:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "id.invalid", field)
    return decoded.pk


def aware(value: datetime) -> datetime:
    """A datetime from input; one without a UTC offset is read as Dutch local time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=DISPLAY_TIMEZONE)
