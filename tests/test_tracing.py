"""OpenTelemetry traces: ``kennispunt serve`` with ``OTEL_EXPORTER_OTLP_ENDPOINT`` sends its
spans over OTLP/HTTP to a receiver of the test's own on loopback, which decodes them with
opentelemetry-proto; every span carries the request id, as the log lines do."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import websockets
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from starlette.routing import Route

from graph.view import GraphQLView
from kennispunt.app import create_app
from kennispunt.db import Database
from kennispunt.settings import Settings
from kennispunt.tracing import tracing_configured
from tests.conftest import free_port
from tests.factories import make_article, make_topic
from tests.processes import serve


class Receiver:
    """An OTLP/HTTP trace receiver: POST /v1/traces with an ExportTraceServiceRequest."""

    def __init__(self) -> None:
        self.spans: list[dict[str, Any]] = []
        self.paths: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.paths.append(f"{self.path} {self.headers['Content-Type']}")
                request = ExportTraceServiceRequest.FromString(body)
                for resource_spans in request.resource_spans:
                    service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}[
                        "service.name"
                    ]
                    for scope_spans in resource_spans.scope_spans:
                        for span in scope_spans.spans:
                            receiver.spans.append(
                                {
                                    "service": service,
                                    "name": span.name,
                                    "kind": span.kind,
                                    "trace_id": span.trace_id.hex(),
                                    "parent": span.parent_span_id.hex(),
                                    "span_id": span.span_id.hex(),
                                    "attributes": {a.key: _value(a.value) for a in span.attributes},
                                }
                            )
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _value(value: Any) -> Any:
    return getattr(value, value.WhichOneof("value"))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


async def wait_for(receiver: Receiver, request_id: str, name: str) -> list[dict[str, Any]]:
    for _ in range(200):
        spans = [span for span in receiver.spans if span["attributes"].get("request_id") == request_id]
        if any(span["name"] == name for span in spans):
            return spans
        await asyncio.sleep(0.05)
    raise AssertionError(f"no span {name!r} for request {request_id}: {receiver.spans}")


async def test_spans_of_operations_and_resolvers_arrive_with_the_request_id(
    db: Database, settings: Settings, receiver: Receiver
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Een afdeling oprichten")
    env = {
        "KENNISPUNT_DATABASE_URL": settings.database_url,
        "KENNISPUNT_LOG_FORMAT": "json",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.port}",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    request_id = uuid.uuid4().hex
    query = "query Latest($topic: String) { articles(topic: $topic, first: 1) { edges { node { title } } } }"

    with serve(env) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            response = await http.post(
                "/graphql",
                json={"query": query, "variables": {"topic": "campagne-voeren"}},
                headers={"X-Request-ID": request_id},
            )
        spans = await wait_for(receiver, request_id, "GraphQL Resolving: articles")
        socket_request_id = uuid.uuid4().hex  # a WebSocket's id comes from its handshake
        async with websockets.connect(
            server.url.replace("http://", "ws://") + "/graphql",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            additional_headers={"X-Request-ID": socket_request_id},
        ) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
            await socket.recv()
            await socket.send(
                json.dumps(
                    {"id": "1", "type": "subscribe", "payload": {"query": "query Kort { topics { slug } }"}}
                )
            )
            await socket.recv()
        socket_spans = await wait_for(receiver, socket_request_id, "query Kort")
        log_lines = [json.loads(line) for line in server.log().splitlines()]

    assert response.json() == {
        "data": {"articles": {"edges": [{"node": {"title": "Een afdeling oprichten"}}]}}
    }
    assert response.headers["x-request-id"] == request_id
    assert receiver.paths[0] == "/v1/traces application/x-protobuf"
    by_name = {span["name"]: span for span in spans}
    operation = by_name["query Latest"]
    assert operation["service"] == "kennispunt"
    assert operation["kind"] == 2  # SERVER
    assert operation["attributes"] == {
        "component": "graphql",
        "request_id": request_id,
        "graphql.operation.type": "query",
        "graphql.operation.name": "Latest",
    }
    assert {"GraphQL Parsing", "GraphQL Validation", "GraphQL Resolving: articles"} <= set(by_name)
    resolver = by_name["GraphQL Resolving: articles"]
    assert resolver["attributes"] == {
        "component": "graphql",
        "graphql.parentType": "Query",
        "graphql.path": "articles",
        "request_id": request_id,
    }  # the arguments' values ("campagne-voeren") are not recorded
    assert {span["trace_id"] for span in spans} == {operation["trace_id"]}
    assert all(span["parent"] == operation["span_id"] for span in spans if span is not operation)
    assert "campagne-voeren" not in json.dumps(receiver.spans)
    assert {span["attributes"]["request_id"] for span in socket_spans} == {socket_request_id}
    access = [line for line in log_lines if line["logger"] == "kennispunt.access"]
    assert [line["request_id"] for line in access] == [request_id, socket_request_id]


async def test_without_an_endpoint_tracing_is_not_even_installed(settings: Settings) -> None:
    assert tracing_configured({}) is False
    assert tracing_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}) is True
    assert tracing_configured({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}) is True
    assert (
        tracing_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"})
        is False
    )
    app = create_app(settings)
    view = next(
        route.endpoint for route in app.routes if isinstance(route, Route) and route.path == "/graphql"
    )
    assert isinstance(view, GraphQLView)
    names = [getattr(extension, "__name__", type(extension).__name__) for extension in view.schema.extensions]
    await app.state.db.dispose()
    assert not any("Tracing" in name or "OpenTelemetry" in name for name in names), names
