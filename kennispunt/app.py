"""The application factory: one stateless ASGI app per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from asgi_correlation_id import CorrelationIdMiddleware
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute

from auth.authenticate import Authenticator
from auth.gate import AccessGate
from auth.oidc import OIDCClient
from auth.routes import AuthRoutes
from graph.persisted import PersistedQueries
from graph.schema.schema import build_schema
from graph.view import GraphQLView
from kennispunt import ratelimit
from kennispunt.db import Database
from kennispunt.forum import posting as forum_posting
from kennispunt.helpdesk import rules as helpdesk_rules
from kennispunt.mail.outbox import MailDispatcher
from kennispunt.mail.smtp import SmtpConfig
from kennispunt.security_headers import SecurityHeaders
from kennispunt.settings import Settings, get_settings
from realtime.broker import create_broadcast
from realtime.publisher import EventPublisher
from realtime.watchers import SubjectWatchers
from syndication.embed import EMBED_QUERIES, embed_routes
from syndication.routes import syndication_routes


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    db = Database(settings.database_url)
    ratelimit.configure(settings.redis_url)
    forum_posting.configure(post_rate=settings.forum_post_rate)
    helpdesk_rules.configure_from(settings)
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
    authenticator = Authenticator(db, oidc)
    persisted_queries = PersistedQueries()
    persisted_queries.pin(EMBED_QUERIES.values())  # the embeds' GETs work from the first request
    watchers = SubjectWatchers(db, broadcast, poll_interval=settings.live_poll_seconds)
    graphql = GraphQLView(build_schema(settings), db, watchers, authenticator, settings, persisted_queries)
    auth_routes = AuthRoutes(db, settings, oidc)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await broadcast.connect()
        try:
            yield
        finally:
            await watchers.close()
            await broadcast.disconnect()
            await mail.drain()
            await db.dispose()

    async def health(_request: Request) -> Response:
        """Liveness and readiness: the database answers."""
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})

    async def home(_request: Request) -> Response:
        return RedirectResponse("/graphql")

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", health),
            *auth_routes.routes(),
            Route("/graphql", graphql),
            WebSocketRoute("/graphql", graphql),
            *syndication_routes(db, settings),
            *embed_routes(db, settings),
        ],
        middleware=[
            Middleware(SecurityHeaders, settings=settings),
            Middleware(CorrelationIdMiddleware, header_name="X-Request-ID"),
            Middleware(AccessGate, db=db, authenticator=authenticator, settings=settings),
        ],
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.broadcast = broadcast
    app.state.mail = mail
    return app
