"""OpenTelemetry traces, exported over OTLP/HTTP (protobuf) when ``OTEL_EXPORTER_OTLP_ENDPOINT``
(or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) is set; the exporter reads the standard
``OTEL_*`` variables (headers, timeout, ``OTEL_SERVICE_NAME``, ``OTEL_RESOURCE_ATTRIBUTES``).

Unset, tracing is off and costs nothing: no provider, no GraphQL extension, nothing of
OpenTelemetry imported. On, every span carries the request id (``request_id``, the
``X-Request-ID`` that asgi-correlation-id gives each request and that log lines carry).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
SERVICE_NAME = "kennispunt"

_provider: Any = None


def tracing_configured(environ: Mapping[str, str] = os.environ) -> bool:
    return (
        any(environ.get(name) for name in ENDPOINT_VARIABLES)
        and environ.get("OTEL_SDK_DISABLED", "").lower() != "true"
    )


def start_tracing() -> bool:
    """Install the tracer provider (once per process); False when tracing is not configured."""
    global _provider
    if not tracing_configured():
        return False
    if _provider is not None:
        return True
    from asgi_correlation_id import correlation_id
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    class RequestIdProcessor(SpanProcessor):
        """Puts the request id on every span when it starts."""

        def on_start(self, span: Any, parent_context: Any = None) -> None:
            request_id = correlation_id.get()
            if request_id:
                span.set_attribute("request_id", request_id)

    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME") or SERVICE_NAME})
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(RequestIdProcessor())
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _provider = provider
    logger.info("tracing: exporting spans over OTLP/HTTP")
    return True


def flush_tracing() -> None:
    """Send what is buffered (at shutdown)."""
    if _provider is not None:
        _provider.force_flush()
