"""Errors as clients see them.

Expected failures are the domain's `DomainError`: a mutation's come back in its payload as
``errors: [UserError!]!`` (`user_errors`); anywhere else (a bad ID or cursor, a limit,
authentication) as a top-level error with ``extensions.code``. An operation refused for its
shape before it runs is `TooComplex` (``QUERY_TOO_COMPLEX``, no code of the domain's). Anything
unexpected is a masked ``INTERNAL_SERVER_ERROR`` with a request id, logged in full.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.utils.str_converters import to_camel_case

from graph.enums import domain_enum
from kennispunt.errors import DomainError, ErrorCode, FieldPath
from kennispunt.i18n import DEFAULT_LANGUAGE, Language, translate

logger = logging.getLogger("kennispunt.graph")

domain_enum(
    ErrorCode,
    "What kind of expected failure this is.",
    {
        ErrorCode.BAD_USER_INPUT: "The input is not valid; `field` says where.",
        ErrorCode.NOT_FOUND: "The object does not exist or the viewer may not see it.",
        ErrorCode.FORBIDDEN: "The viewer may not do this.",
        ErrorCode.UNAUTHENTICATED: "Only signed-in users may do this.",
        ErrorCode.CONFLICT: "Clashes with existing data or the current state, e.g. a slug already taken.",
        ErrorCode.RATE_LIMITED: "Too many attempts; try again later.",
    },
    name="ErrorCode",
)


class TooComplex(Exception):
    """An operation refused for its size or cost (``QUERY_TOO_COMPLEX``), with a message key
    (translated when sent) and more for clients beside the code, e.g. the cost and the limit."""

    def __init__(self, message_key: str, *, extensions: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.params = params
        self.extensions = extensions or {}


TOO_COMPLEX = "QUERY_TOO_COMPLEX"


def bad_input(message_key: str, field: FieldPath | None = None, **params: Any) -> DomainError:
    return DomainError.of(ErrorCode.BAD_USER_INPUT, message_key, field, **params)


@strawberry.type(description="An expected failure of a mutation, in the viewer's language (nl by default).")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path into the input, e.g. ["body"]; null when not field-bound.'
    )
    message: str = strawberry.field(description="What went wrong, a sentence to show the viewer.")
    code: ErrorCode = strawberry.field(description="The kind of failure, for code to act on.")


PAYLOAD_ERRORS = "Why the mutation did nothing; empty when it succeeded."


def user_errors(error: DomainError, language: Language) -> list[UserError]:
    return [
        UserError(
            field=[str(part) if isinstance(part, int) else to_camel_case(part) for part in problem.field]
            if problem.field
            else None,
            message=translate(problem.message_key, language, **problem.params),
            code=problem.code,
        )
        for problem in error.problems
    ]


def _is_request_error(error: GraphQLError) -> bool:
    """A variable the client sent that does not fit its type (wrong type, missing, unknown field).

    graphql-core reports these before execution (so without a path) and keeps the
    coercion failure as ``original_error``; they are the client's mistake, not ours.
    A GraphQLError *with* a path (e.g. a resolver result that cannot be serialised) is ours.
    """
    return error.path is None and isinstance(error.original_error, GraphQLError)


def _is_unexpected(error: GraphQLError) -> bool:
    return (
        error.original_error is not None
        and not isinstance(error.original_error, (TooComplex, DomainError))
        and not _is_request_error(error)
    )


_TOO_COMPLEX_SIGNS = (
    "tokens. Parsing aborted",  # the token limit
    "nested too deeply",  # graphql-core's parser
    "Maximum introspection depth exceeded",
)


def _expected_error_in(error: GraphQLError) -> DomainError | TooComplex | None:
    """The expected failure behind an error: raised by a resolver, or by a scalar while a variable
    or literal was coerced (graphql-core wraps that in one or two GraphQLErrors)."""
    cause = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error
    return cause if isinstance(cause, (DomainError, TooComplex)) else None


def _context_value(execution_context: ExecutionContext, name: str, default: Any) -> Any:
    return getattr(execution_context.context, name, default)


class ErrorFormatting(SchemaExtension):
    """Gives every top-level error a code and a message in the caller's language."""

    def on_operation(self) -> Iterator[None]:
        yield
        self._format_result(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result of a subscription, before it is sent."""
        self._format_result(result)
        yield

    def _format_result(self, result: Any) -> None:
        if result is not None and getattr(result, "errors", None):
            language = _context_value(self.execution_context, "language", DEFAULT_LANGUAGE)
            request_id = _context_value(self.execution_context, "request_id", "-")
            result.errors = [self._format(error, language, request_id) for error in result.errors]

    @staticmethod
    def _format(error: GraphQLError, language: Language, request_id: str) -> GraphQLError:
        return format_error(error, language, request_id)


def format_error(error: GraphQLError, language: Language, request_id: str) -> GraphQLError:
    """An error as clients see it: a code, and a message in their language."""
    more: dict[str, Any] = {}
    expected = _expected_error_in(error)
    if isinstance(expected, TooComplex):
        message, code = translate(expected.message_key, language, **expected.params), TOO_COMPLEX
        more = expected.extensions
    elif isinstance(expected, DomainError):
        problem = expected.problems[0]
        message, code = translate(problem.message_key, language, **problem.params), problem.code.value
        more = dict(expected.extensions)
    elif _is_unexpected(error):
        message, code = translate("internal", language, request_id=request_id), "INTERNAL_SERVER_ERROR"
    elif error.message == "Validation aborted.":  # graphql-core's field-merging rule gave up
        message, code = translate("query.validation_aborted", language), TOO_COMPLEX
    elif any(sign in error.message for sign in _TOO_COMPLEX_SIGNS):
        message, code = error.message, TOO_COMPLEX
    else:  # a syntax or validation error: the developer's mistake, explained by graphql-core
        message, code = error.message, (error.extensions or {}).get("code", "BAD_USER_INPUT")
    extensions: dict[str, Any] = {"code": code, **more}
    if code == "INTERNAL_SERVER_ERROR":
        extensions["requestId"] = request_id
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def log_unexpected_errors(errors: list[GraphQLError], execution_context: ExecutionContext | None) -> None:
    """Log what will be masked, with its traceback and the request id the client sees."""
    request_id = _context_value(execution_context, "request_id", "-") if execution_context else "-"
    for error in errors:
        if _is_unexpected(error):
            logger.error(
                "unexpected error in %s (request %s)",
                ".".join(str(part) for part in error.path or []) or "operation",
                request_id,
                exc_info=error.original_error,
                extra={"request_id": request_id},
            )
