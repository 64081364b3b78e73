"""OpenTelemetry spans of GraphQL operations and resolvers (Strawberry's extension), without
the document or any argument value: those may hold what people typed. Imported only when
tracing is on (`kennispunt.tracing`), so that otherwise nothing of it runs."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from opentelemetry.trace import SpanKind
from strawberry.extensions import LifecycleStep
from strawberry.extensions.tracing import OpenTelemetryExtension

from graph.instrumentation import operation_type


def _no_arguments(_arguments: dict[str, Any], _info: Any) -> dict[str, Any]:
    return {}


class OperationTracing(OpenTelemetryExtension):
    """One server span per operation (``query LatestArticles``), one child span per resolver
    with its path; the request id is added to every span (`kennispunt.tracing`)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(arg_filter=_no_arguments, **options)

    def on_operation(self) -> Generator[None, None, None]:
        span = self._tracer.start_span("GraphQL operation", kind=SpanKind.SERVER)
        span.set_attribute("component", "graphql")
        self._span_holder[LifecycleStep.OPERATION] = span
        try:
            yield
        finally:
            name, kind = self.execution_context.operation_name, operation_type(self.execution_context)
            span.set_attribute("graphql.operation.type", kind)
            if name:
                span.set_attribute("graphql.operation.name", name)
            span.update_name(f"{kind} {name}" if name else kind)
            span.end()
