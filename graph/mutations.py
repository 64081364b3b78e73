"""The one form of a mutation: `mutation` owns the unit of work, the idempotency mark, the
mapping of domain errors to payload errors, the loaders' fresh start and the payload, so a
resolver is its input decoding and one service call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.base import get_object_definition

from graph.context import Context, Info
from graph.errors import UserError, user_errors
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import DISPLAY_TIMEZONE
from kennispunt.errors import DomainError, ErrorCode
from kennispunt.idempotency.service import mark_applied

T = TypeVar("T")


@dataclass(frozen=True)
class Write:
    """What a mutation's work gets: the open transaction, and who asks."""

    session: AsyncSession
    context: Context

    @property
    def viewer(self) -> Viewer:
        return self.context.viewer


Work = Callable[[Any, Write, Any], Awaitable[object]]
"""A mutation resolver as written: ``(self, write, input)``, returning what its payload holds."""


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


def _value_fields(payload: type) -> list[str]:
    """The payload's fields besides ``errors``: one holds the work's result, several are read from it."""
    definition = get_object_definition(payload, strict=True)
    return [field.python_name for field in definition.fields if field.python_name != "errors"]


INPUT = "What to act on, and how; its input type describes each value."


def mutation(payload: type, *, description: str) -> Callable[[Work], Any]:
    """A mutation field whose resolver is ``async def name(self, write: Write, input: XInput)``.

    Its input is decoded and the service called inside the transaction, so a malformed ID is
    a payload error like any other. The result fills the payload's one other field (or, for
    a payload of several, each by name from the result); on errors they are null.
    """
    fields = _value_fields(payload)

    def build(value: object, errors: list[UserError]) -> object:
        if len(fields) == 1:
            return payload(**{fields[0]: value}, errors=errors)
        return payload(**{name: getattr(value, name, None) for name in fields}, errors=errors)

    def field(work: Work) -> Any:
        async def resolve(root: object, info: Info, input: Any) -> object:
            value, errors = await run_in_transaction(
                info, lambda session: work(root, Write(session, info.context), input)
            )
            return build(value, errors)

        resolve.__name__ = resolve.__qualname__ = work.__name__
        resolve.__module__ = work.__module__  # where Strawberry resolves the input's annotation
        described: Any = Annotated  # built at run time: the input type is the resolver's, not a static one
        input_type = described[work.__annotations__["input"], strawberry.argument(description=INPUT)]
        resolve.__annotations__ = {"info": Info, "input": input_type, "return": payload}
        return strawberry.mutation(resolver=resolve, description=description)

    return field


def aware(value: datetime) -> datetime:
    """A datetime from input; one without a UTC offset is read as Dutch local time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=DISPLAY_TIMEZONE)
