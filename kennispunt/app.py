"""The application factory: one stateless ASGI app per process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial

from asgi_correlation_id import CorrelationIdMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from strawberry.extensions import SchemaExtension

from auth.authenticate import SESSION_COOKIE, Authenticator
from auth.cache import CredentialCache
from auth.gate import AccessGate
from auth.oidc import OIDCClient
from auth.routes import AuthRoutes
from graph.graphiql import graphiql_routes
from graph.instrumentation import operation_metrics, tracing_extensions
from graph.live.feed import LiveFeeds
from graph.open_sockets import OpenSockets
from graph.persisted import PersistedQueries
from graph.schema.schema import build_schema
from graph.view import GraphQLView
from graph.websocket import KeepRawSend, SocketLimits
from kennispunt import collector, tracing
from kennispunt.accesslog import AccessLog
from kennispunt.app_limits import ApplyLimits, Limits
from kennispunt.db import Database
from kennispunt.mail.outbox import MailDispatcher
from kennispunt.mail.smtp import SmtpConfig
from kennispunt.metrics.exposure import AppMetrics, MetricsExposure, RequestMetrics
from kennispunt.probes import Probes
from kennispunt.security_headers import SecurityHeaders
from kennispunt.settings import Settings, get_settings
from realtime.access import AccessWatch
from realtime.broker import create_broadcast, is_connected
from realtime.publisher import EventPublisher
from realtime.watchers import SubjectWatchers
from syndication.embed import EMBED_QUERIES, embed_routes
from syndication.routes import syndication_routes


def socket_limits(settings: Settings) -> SocketLimits:
    return SocketLimits(
        max_message_bytes=settings.max_ws_message_bytes,
        max_json_depth=settings.max_json_depth,
        max_sockets_per_address=settings.max_sockets_per_address,
        max_operations=settings.max_operations_per_socket,
        init_timeout_seconds=settings.ws_init_timeout_seconds,
    )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    db = Database(settings.database_url)
    limits = Limits.from_settings(settings)
    broadcast = create_broadcast(settings.broker_url)
    db.after_commit_hooks.append(EventPublisher(broadcast).publish)
    mail = MailDispatcher(db, SmtpConfig.from_settings(settings))
    db.after_commit_hooks.append(mail.after_commit)
    oidc = (
        OIDCClient(
            settings.oidc_issuer or "",
            settings.oidc_client_id or "",
            settings.oidc_client_secret,
            audience=settings.oidc_audience,
            scopes=settings.oidc_scopes,
        )
        if settings.oidc_enabled
        else None
    )
    credentials = CredentialCache(settings.credential_cache_lifetime)
    db.after_commit_hooks.insert(
        0, credentials.after_commit
    )  # this process's own changes, before the response
    authenticator = Authenticator(db, oidc, credentials)
    persisted_queries = PersistedQueries()
    persisted_queries.pin(EMBED_QUERIES.values())  # the embeds' GETs work from the first request
    watchers = SubjectWatchers(db, broadcast, poll_interval=settings.live_poll_seconds)
    sockets = OpenSockets(db, socket_limits(settings))
    access = AccessWatch(db, watchers)
    access.listeners.append(sockets.apply)
    access.listeners.append(credentials.forget)  # every other process's changes
    live_feeds = LiveFeeds(db, watchers, access)
    observed: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        operation_metrics({*EMBED_QUERIES, *settings.metrics_operation_names}),  # the names metrics count by
        *tracing_extensions(tracing.start_tracing()),
    ]
    schema = build_schema(settings, observed)
    graphql = GraphQLView(
        schema, db, watchers, authenticator, settings, persisted_queries, sockets, live_feeds
    )
    auth_routes = AuthRoutes(db, settings, oidc)
    broker_connected = partial(is_connected, broadcast)
    probes = Probes(
        db,
        broker_connected,
        broker="redis" if settings.redis_url else "memory",
        poll_seconds=settings.live_poll_seconds,
    )
    metrics = MetricsExposure(
        AppMetrics(db, watchers, broker_connected, lambda: sockets.open_count),
        port=settings.metrics_port,
        host=settings.metrics_host,
        token=settings.metrics_token,
        open_on_public_port=settings.environment == "development",
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await broadcast.connect()
        access.start()
        metrics.start()
        collector.settle_after_start_up()  # everything is imported and built by now
        try:
            yield
        finally:
            metrics.stop()
            await live_feeds.close()
            await access.close()
            await watchers.close()
            await broadcast.disconnect()
            await mail.drain()
            await db.dispose()
            tracing.flush_tracing()

    async def home(_request: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(
        routes=[
            # First, as by far the busiest: routes are tried in order, by the router and by
            # the request metrics naming the route.
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            Route("/", home),
            *probes.routes(),
            *metrics.routes(),
            *auth_routes.routes(),
            *(graphiql_routes() if settings.graphiql_enabled else []),
            *syndication_routes(db, settings),
            *embed_routes(db, settings),
        ],
        middleware=[
            Middleware(ApplyLimits),
            Middleware(KeepRawSend),
            Middleware(SecurityHeaders, settings=settings),
            Middleware(CorrelationIdMiddleware, header_name="X-Request-ID"),
            *([Middleware(AccessLog, session_cookie=SESSION_COOKIE)] if settings.access_log else []),
            Middleware(RequestMetrics),
            Middleware(AccessGate, db=db, authenticator=authenticator, settings=settings),
        ],
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.limits = limits
    app.state.schema = schema
    app.state.broadcast = broadcast
    app.state.mail = mail
    app.state.sockets = sockets
    return app
