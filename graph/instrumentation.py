"""GraphQL operations as operators see them: Prometheus counts and times (`OperationMetrics`)
and the operation's name for the access log. Traces: `graph.tracing`, installed only when on.

Operation names become metric labels only from a bounded set (the operations the
platform ships, e.g. the embeds', and those configured); every other name counts as
``other``, so clients cannot create labels. The access log gets the name as sent.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from kennispunt.accesslog import OPERATION_STATE_KEY
from kennispunt.metrics import GRAPHQL_DURATION, GRAPHQL_ERRORS, GRAPHQL_OPERATIONS, OTHER, SUBSCRIPTIONS

NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


def operation_type(execution_context: Any) -> str:
    try:
        return str(execution_context.operation_type.value)
    except Exception:  # noqa: BLE001 -- not parsed, or no operation by that name
        return "unknown"


class OperationMetrics(SchemaExtension):
    """Counts every operation when it ends (by name, type, outcome), times queries and
    mutations, counts errors by code, and the subscriptions running. Listed first among
    the schema's extensions, so it sees the errors as `graph.errors` formatted them."""

    def __init__(self, known_operations: frozenset[str]) -> None:
        self.known_operations = known_operations
        self._codes: list[str] = []
        self._streamed = False
        self._subscription: str | None = None

    def _label(self) -> str:
        name = self.execution_context.operation_name
        return name if name in self.known_operations else OTHER

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            label, kind = self._label(), operation_type(self.execution_context)
            if not self._streamed:
                result = self.execution_context.result
                self._codes.extend(error_codes(getattr(result, "errors", None)))
            live = getattr(self.execution_context.context, "live_subscriber", None)
            if live is not None:  # a live feed serves it from now on: it is counted when it ends
                live.when_ended(lambda: self._count(label, kind, started))
            else:
                self._count(label, kind, started)
            self._remember_name()

    def _count(self, label: str, kind: str, started: float) -> None:
        GRAPHQL_OPERATIONS.labels(label, kind, "error" if self._codes else "ok").inc()
        if kind in ("query", "mutation"):
            GRAPHQL_DURATION.labels(label, kind).observe(time.perf_counter() - started)
        for code in self._codes:
            GRAPHQL_ERRORS.labels(code).inc()
        if self._subscription is not None:
            SUBSCRIPTIONS.labels(self._subscription).dec()

    def on_execute(self) -> Iterator[None]:
        if operation_type(self.execution_context) == "subscription":
            self._subscription = self._label()
            SUBSCRIPTIONS.labels(self._subscription).inc()
        yield

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """A result over a WebSocket: its errors count when it has been sent (or dropped)."""
        try:
            yield
        finally:
            self._streamed = True
            self._codes.extend(error_codes(getattr(result, "errors", None)))

    def _remember_name(self) -> None:
        request = getattr(self.execution_context.context, "request", None)
        name = self.execution_context.operation_name
        if request is not None and request.scope["type"] == "http" and name and NAME.fullmatch(name):
            setattr(request.state, OPERATION_STATE_KEY, name)  # for the access log


def error_codes(errors: Iterable[GraphQLError] | None) -> list[str]:
    return [str((error.extensions or {}).get("code", "UNKNOWN")) for error in errors or ()]


def operation_metrics(known_operations: Iterable[str]) -> Callable[[], SchemaExtension]:
    """A factory: Strawberry builds a fresh extension for every operation."""
    known = frozenset(known_operations)
    return lambda: OperationMetrics(known)


def tracing_extensions(enabled: bool) -> list[type[SchemaExtension]]:
    """Strawberry's OpenTelemetry extension when tracing is on (`kennispunt.tracing`); else
    none, and OpenTelemetry is not even imported."""
    if not enabled:
        return []
    from graph.tracing import OperationTracing

    return [OperationTracing]
