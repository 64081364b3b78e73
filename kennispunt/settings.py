"""Settings, read from environment variables with the ``KENNISPUNT_`` prefix."""

from __future__ import annotations

from email.utils import parseaddr
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kennispunt.ratelimit import parse_setting as parse_rate
from kennispunt.urls import origin_of

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./kennispunt.db"


def normalize_database_url(url: str) -> str:
    """Accept the URLs operators paste (``postgres://``, ``sqlite:///``) and pick the async driver."""
    for prefix, driver in (
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgresql+psycopg://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(prefix):
            return driver + url[len(prefix) :]
    return url


LOOPBACK_NAMES = ("127.0.0.1", "localhost")
MAX_DAYS = 3650
MAX_HOURS = 24 * 366
"""Durations are added to the current time: beyond these the sum overflows (or is nonsense)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KENNISPUNT_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy URL; unset: a SQLite file ``kennispunt.db`` in the working directory."""
    redis_url: str | None = None
    """``redis://host:port/db`` for fan-out between replicas; unset: an in-memory broker."""
    environment: Literal["development", "production"] = "development"
    graphiql: bool | None = None
    """Serve GraphiQL at /graphql; unset: on in development, off in production."""
    introspection: bool | None = None
    """Answer introspection queries; unset: on in development, off in production."""
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    public_url: str = "http://127.0.0.1:8000"
    """Where browsers reach this server; the OIDC redirect URI is ``{public_url}/auth/callback``."""
    allowed_origins: str = ""
    """Comma-separated origins (``https://kennispunt.nl``) whose pages may send cookie-authenticated
    requests and that ``next`` may return to; the public URL's own origin always counts."""
    site_url: str | None = None
    """The public website whose pages show articles (``{site_url}/kennisbank/{slug}``) and
    trainings (``{site_url}/trainingen/{slug}``); unset: the public URL (this server's own pages)."""
    anonymous_rate: str = "120/minute"
    """How often one client address without an API key may call the API, feeds and oEmbed."""
    partner_rate: str = "1200/minute"
    """The rate a new partner API key gets unless its creator sets another."""
    public_cache_seconds: int = 60
    """``max-age`` of public responses (GET queries on public content, feeds, oEmbed)."""
    response_cache_seconds: float = 5.0
    """How long each process answers a repeated public GET query from memory; 0: never."""
    demo_mode: bool | None = None
    """One-click sign-in as a demo user at /auth/dev; unset: on for the embedded default
    (development on SQLite), off otherwise."""
    oidc_issuer: str | None = None
    """The identity provider, found by discovery at ``{issuer}/.well-known/openid-configuration``."""
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_audience: str | None = None
    """Expected ``aud`` of bearer JWT access tokens from the provider; unset: JWTs are not accepted."""
    oidc_scopes: str = "openid profile email"
    session_days: int = Field(default=14, ge=1, le=MAX_DAYS)
    event_retention_days: int = Field(default=30, ge=1, le=MAX_DAYS)
    """How long live events (the outbox) are kept: replay with ``after`` reaches back this far."""
    ticket_retention_days: int = Field(default=730, ge=1, le=MAX_DAYS)
    """Closed tickets and their messages are anonymised this long after closing (``privacy retention``)."""
    mail_retention_days: int = Field(default=90, ge=2, le=MAX_DAYS)
    """Finished mail deliveries and quarantined mail are removed after this long (at least
    two days: ``mail send-pending`` looks a day back for events without a delivery)."""
    credential_cache_seconds: float | None = Field(default=None, ge=0, le=60)
    """How long each process remembers who is behind a token, session or partner key; 0:
    never. Unset: 5 seconds with Redis, which carries every access change (from the API,
    the CLI and every replica) to every process at once, and 0 without it, where a CLI
    in another process could not tell the server."""
    live_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    """Each subject's watcher checks the database at least this often, also when the broker is down."""
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    document_cache_tokens: int = Field(default=50_000, ge=0, le=100_000_000)
    """How much of the parsed and checked documents each process keeps, in tokens (about
    500 bytes each, so 25 MB at most; the least recently used go first): a document sent
    again is not parsed or validated again; 0: none are kept."""
    max_repeated_fields: int = Field(default=20, ge=1)
    """How often one response name may occur in one selection set, fragments included."""
    max_query_nodes: int = Field(default=10_000, ge=1)
    """The most nodes one operation may ask for: each connection counts ``first`` nodes per
    parent object (see `graph.cost`); beyond it QUERY_TOO_COMPLEX, with the cost and the limit."""
    user_points_per_hour: int = Field(default=5000, ge=1)
    """Hourly points budget of each signed-in user; an operation costs its connection fetches
    / 100, at least 1 (``Query.rateLimit`` reports it)."""
    partner_points_per_hour: int = Field(default=50_000, ge=1)
    """Hourly points budget of each partner API key."""
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    """The largest HTTP request body ``/graphql`` reads; a bigger one is refused with 413."""
    max_json_depth: int = Field(default=32, ge=1)
    """How deeply JSON values may nest in a request's ``variables`` and ``extensions``, and in a
    WebSocket message."""
    max_ws_message_bytes: int = Field(default=262_144, ge=1024)
    """The largest WebSocket message a client may send; a bigger one closes the socket (1009)."""
    max_sockets_per_address: int = Field(default=100, ge=1)
    """Open WebSockets per client address in each process; beyond it the handshake is refused."""
    max_operations_per_socket: int = Field(default=50, ge=1)
    """Subscriptions (and operations in flight) per WebSocket."""
    ws_init_timeout_seconds: float = Field(default=10.0, gt=0, le=3600)
    """How long a WebSocket may stay open without ``connection_init`` (then closed with 4408)."""
    forum_post_rate: str = "5/30seconds;30/hour"
    """How often one user may post in the forum (threads and replies together): rules
    separated by ``;``, each ``<count>/<period>`` as the `limits` library reads them."""
    helpdesk_ticket_rate: str = "10/hour;30/day"
    """How often one representative may open helpdesk tickets (web and e-mail together);
    helpdesk staff logging calls are not limited."""
    helpdesk_close_after_hours: float = Field(default=72.0, ge=0, le=MAX_HOURS)
    """A RESOLVED ticket is CLOSED this long after it was resolved (see `kennispunt helpdesk close-resolved`)."""
    helpdesk_response_hours_urgent: float = Field(default=2.0, ge=0, le=MAX_HOURS)
    """First-response target of an URGENT ticket: overdue when staff have not answered within it."""
    helpdesk_response_hours_high: float = Field(default=8.0, ge=0, le=MAX_HOURS)
    helpdesk_response_hours_normal: float = Field(default=24.0, ge=0, le=MAX_HOURS)
    helpdesk_response_hours_low: float = Field(default=72.0, ge=0, le=MAX_HOURS)
    smtp_host: str | None = None
    """Outgoing mail server for helpdesk replies; unset: no e-mail is sent (and that is logged)."""
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    """Upgrade the connection with STARTTLS (and refuse to send when the server cannot)."""
    smtp_from: str = "Kennispunt helpdesk <helpdesk@kennispunt.nl>"
    """``From`` and ``Reply-To`` of helpdesk mail: the address the mail intake receives on."""
    smtp_timeout: float = 30.0
    mail_max_bytes: int = 1_048_576
    """The largest message the mail intake accepts; bigger ones are refused with 552."""
    metrics_port: int | None = None
    """Serve Prometheus metrics at ``/metrics`` on this port of their own (and not on the public port)."""
    metrics_host: str = "0.0.0.0"
    """Interface of the metrics port; do not publish that port to the internet."""
    metrics_token: str | None = None
    """Bearer token every scrape of ``/metrics`` must send; with it (and no metrics port),
    ``/metrics`` is on the public port, also in production."""
    metrics_operations: str = ""
    """Comma-separated GraphQL operation names counted under their own name (the site's own
    operations); the embeds' operations always are, every other name counts as ``other``."""
    access_log: bool = True
    """One line per request on the ``kennispunt.access`` logger (see the README's Logs)."""

    @field_validator("database_url")
    @classmethod
    def _normalize_database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("forum_post_rate", "anonymous_rate", "partner_rate", "helpdesk_ticket_rate")
    @classmethod
    def _valid_rate(cls, value: str) -> str:
        parse_rate(value)  # raises ValueError when malformed, or with a zero period
        return value

    @field_validator("redis_url")
    @classmethod
    def _empty_redis_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("smtp_host", "smtp_username", "smtp_password", "metrics_token")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("smtp_from")
    @classmethod
    def _valid_from(cls, value: str) -> str:
        _name, address = parseaddr(value)
        if "@" not in address:
            raise ValueError("give an address like 'Kennispunt helpdesk <helpdesk@kennispunt.nl>'")
        return value

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.environment == "development"

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection if self.introspection is not None else self.environment == "development"

    @property
    def demo_mode_enabled(self) -> bool:
        if self.demo_mode is not None:
            return self.demo_mode
        return self.environment == "development" and self.is_sqlite

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def trusted_origins(self) -> frozenset[str]:
        origins = {
            origin.strip().rstrip("/").lower() for origin in self.allowed_origins.split(",") if origin.strip()
        }
        own = origin_of(self.public_url)
        origins.add(own)
        for loopback in LOOPBACK_NAMES:  # the same server by another loopback name
            if f"://{loopback}" in own:
                origins |= {own.replace(loopback, other) for other in LOOPBACK_NAMES}
        return frozenset(origins)

    @property
    def website_url(self) -> str:
        return (self.site_url or self.public_url).rstrip("/")

    @property
    def metrics_operation_names(self) -> frozenset[str]:
        return frozenset(name.strip() for name in self.metrics_operations.split(",") if name.strip())

    @property
    def credential_cache_lifetime(self) -> float:
        """`credential_cache_seconds`, or its default for the broker in use."""
        if self.credential_cache_seconds is not None:
            return self.credential_cache_seconds
        return 5.0 if self.redis_url else 0.0

    @property
    def broker_url(self) -> str:
        return self.redis_url or "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
