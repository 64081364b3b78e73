"""What one app serves at ``/metrics``, and where.

`AppMetrics` is the registry of one app: the process-wide counters (`kennispunt.metrics`),
the process itself, and what is read when Prometheus scrapes: watchers, the database
pool, the broker, and from the database the outbox backlog and unfinished mail.

`MetricsExposure` decides where ``/metrics`` is: on a port of its own with
``KENNISPUNT_METRICS_PORT``; on the public port only with a bearer token
(``KENNISPUNT_METRICS_TOKEN``) or in development; never openly in production.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kennispunt.db import Database
from kennispunt.events.service import count_events_after
from kennispunt.mail.outbox import unfinished_deliveries
from kennispunt.metrics import HTTP_DURATION, HTTP_REQUESTS, OTHER, SHARED

logger = logging.getLogger(__name__)

READ_TIMEOUT_SECONDS = 5.0


# --- read when scraped (per app) ----------------------------------------------------------


class WatcherState(Protocol):
    """What `realtime.watchers.SubjectWatchers` offers the metrics."""

    def positions(self) -> Mapping[tuple[str, int | None], int]: ...

    def follower_count(self) -> int: ...


@dataclass
class _Stored:
    """What was last read from the database, and whether that worked."""

    backlog: int = 0
    mail: dict[str, int] = field(default_factory=dict)
    ok: bool = True
    broker_connected: bool = True


class AppMetrics:
    """The registry one app serves: the shared counters, the state of this app, the process."""

    def __init__(
        self,
        db: Database,
        watchers: WatcherState,
        broker_connected: Callable[[], Awaitable[bool]],
        open_sockets: Callable[[], int],
    ) -> None:
        self.db = db
        self.watchers = watchers
        self.open_sockets = open_sockets
        self.broker_connected = broker_connected
        self.stored = _Stored()
        self.registry = CollectorRegistry()
        for collector in SHARED:
            self.registry.register(collector)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.registry.register(_StateCollector(self))
        self._lock = asyncio.Lock()

    async def read_state(self) -> None:
        """Ask the broker, and count what waits in the database: events the watchers have yet
        to hand out, unfinished mail."""
        async with self._lock:
            broker_connected = await self.broker_connected()
            try:
                async with asyncio.timeout(READ_TIMEOUT_SECONDS), self.db.session() as session:
                    backlog = await count_events_after(session, self.watchers.positions())
                    mail = await unfinished_deliveries(session)
            except Exception:  # the scrape still answers, and says so
                logger.warning("metrics: reading the database failed", exc_info=True)
                self.stored.ok, self.stored.broker_connected = False, broker_connected
                return
            counts = {status.value: count for status, count in mail.items()}
            self.stored = _Stored(backlog=backlog, mail=counts, ok=True, broker_connected=broker_connected)

    async def render(self) -> bytes:
        await self.read_state()
        return generate_latest(self.registry)


class _StateCollector(Collector):
    def __init__(self, metrics: AppMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterable[Metric]:
        metrics = self.metrics
        yield _gauge("kennispunt_websockets", "WebSocket connections open now", metrics.open_sockets())
        yield _gauge(
            "kennispunt_watchers",
            "Subjects watched in this process (one watcher each)",
            len(metrics.watchers.positions()),
        )
        yield _gauge(
            "kennispunt_watcher_followers",
            "Subscriptions following a watcher",
            metrics.watchers.follower_count(),
        )
        yield _gauge(
            "kennispunt_outbox_backlog_events",
            "Committed events of the subjects watched here that their watchers have not yet handed to subscribers",
            metrics.stored.backlog,
        )
        mail = GaugeMetricFamily(
            "kennispunt_mail_deliveries",
            "Helpdesk mail not (yet) sent, by delivery status",
            labels=("status",),
        )
        for status, count in sorted(metrics.stored.mail.items()):
            mail.add_metric((status,), count)
        yield mail
        yield _gauge(
            "kennispunt_metrics_database_read_ok",
            "1 when the last scrape could read the database",
            int(metrics.stored.ok),
        )
        yield _gauge(
            "kennispunt_broker_connected",
            "1 while the broker (Redis) answers",
            int(metrics.stored.broker_connected),
        )
        yield from _pool_gauges(metrics.db)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _pool_gauges(db: Database) -> Iterator[Metric]:
    pool: Any = db.engine.pool
    for name, documentation, method in (
        ("kennispunt_db_pool_size", "Connections the database pool keeps", "size"),
        ("kennispunt_db_pool_in_use", "Database connections checked out now", "checkedout"),
        ("kennispunt_db_pool_idle", "Database connections open and idle in the pool", "checkedin"),
    ):
        if hasattr(pool, method):
            yield _gauge(name, documentation, getattr(pool, method)())


# --- HTTP and WebSocket traffic -----------------------------------------------------------

METHODS = frozenset({"GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"})


class RequestMetrics:
    """Counts and times every HTTP request by route template. (Open WebSockets are read from
    `graph.open_sockets.OpenSockets` when scraped: wrapping every message a live feed sends to
    thousands of sockets would cost each of them.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = self._route(scope)
            method = scope["method"] if scope["method"] in METHODS else OTHER
            HTTP_REQUESTS.labels(route, method, str(status)).inc()
            HTTP_DURATION.labels(route).observe(time.perf_counter() - started)

    @staticmethod
    def _route(scope: Scope) -> str:
        """The path template of the app's route that answered (``/kennisbank/{slug}``)."""
        for route in scope["app"].routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return getattr(route, "path", OTHER)
        return OTHER


# --- where /metrics is served -------------------------------------------------------------


class MetricsExposure:
    """``/metrics`` on the public port (development, or with a token) and/or on a port of its own."""

    def __init__(
        self,
        metrics: AppMetrics,
        *,
        port: int | None,
        host: str,
        token: str | None,
        open_on_public_port: bool,
    ) -> None:
        self.metrics = metrics
        self.port = port
        self.host = host
        self.token = token
        self.on_public_port = port is None and (token is not None or open_on_public_port)
        self._server: _MetricsServer | None = None

    def routes(self) -> list[BaseRoute]:
        return [Route("/metrics", self.endpoint, methods=["GET"])] if self.on_public_port else []

    def allowed(self, authorization: str | None) -> bool:
        if self.token is None:
            return True
        scheme, _, credentials = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            credentials.strip().encode(), self.token.encode()
        )

    async def endpoint(self, request: Request) -> Response:
        if not self.allowed(request.headers.get("authorization")):
            return Response(
                "a bearer token is required (KENNISPUNT_METRICS_TOKEN)\n",
                status_code=401,
                media_type="text/plain; charset=utf-8",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"},
            )
        return Response(
            await self.metrics.render(), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
        )

    def start(self) -> None:
        """Open the metrics port, if one is set (from the app's lifespan: its loop reads the database)."""
        if self.port is not None:
            self._server = _MetricsServer(self, asyncio.get_running_loop())
            logger.info("metrics on http://%s:%d/metrics", self.host, self._server.port)
        elif not self.on_public_port:
            logger.info(
                "metrics are off: set KENNISPUNT_METRICS_PORT (or KENNISPUNT_METRICS_TOKEN) to serve /metrics"
            )

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *_args: Any) -> None:  # scrapes are not worth a log line each
        pass


class _MetricsServer:
    """A small threaded HTTP server (the standard library's, as prometheus-client uses) for
    the metrics port; each scrape reads the database on the app's event loop."""

    def __init__(self, exposure: MetricsExposure, loop: asyncio.AbstractEventLoop) -> None:
        self.exposure = exposure
        self.loop = loop
        assert exposure.port is not None
        self.httpd = make_server(
            exposure.host,
            exposure.port,
            self.wsgi,
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self.port = self.httpd.server_port
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="metrics", daemon=True)
        self.thread.start()

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"only /metrics here\n"]
        if not self.exposure.allowed(environ.get("HTTP_AUTHORIZATION")):
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Bearer realm="metrics"')])
            return [b"a bearer token is required (KENNISPUNT_METRICS_TOKEN)\n"]
        body = asyncio.run_coroutine_threadsafe(self.exposure.metrics.render(), self.loop).result(
            timeout=READ_TIMEOUT_SECONDS * 2
        )
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Cache-Control", "no-store")])
        return [body]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
