"""Settings, read from environment variables with the ``KENNISPUNT_`` prefix."""

from __future__ import annotations

from email.utils import parseaddr
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kennispunt.ratelimit import parse as parse_rate

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


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lowercased; "" when it has none."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


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
    session_days: int = 14
    live_poll_seconds: float = 5.0
    """Each subject's watcher checks the database at least this often, also when the broker is down."""
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    """The largest HTTP request body ``/graphql`` reads; a bigger one is refused with 413."""
    max_json_depth: int = Field(default=32, ge=1)
    """How deeply JSON values may nest in a request's ``variables`` and ``extensions``."""
    forum_post_rate: str = "5/30seconds;30/hour"
    """How often one user may post in the forum (threads and replies together): rules
    separated by ``;``, each ``<count>/<period>`` as the `limits` library reads them."""
    helpdesk_ticket_rate: str = "10/hour;30/day"
    """How often one representative may open helpdesk tickets (web and e-mail together);
    helpdesk staff logging calls are not limited."""
    helpdesk_close_after_hours: float = 72.0
    """A RESOLVED ticket is CLOSED this long after it was resolved (see `kennispunt helpdesk close-resolved`)."""
    helpdesk_response_hours_urgent: float = 2.0
    """First-response target of an URGENT ticket: overdue when staff have not answered within it."""
    helpdesk_response_hours_high: float = 8.0
    helpdesk_response_hours_normal: float = 24.0
    helpdesk_response_hours_low: float = 72.0
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

    @field_validator("database_url")
    @classmethod
    def _normalize_database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("forum_post_rate", "anonymous_rate", "partner_rate", "helpdesk_ticket_rate")
    @classmethod
    def _valid_rate(cls, value: str) -> str:
        parse_rate(value)  # raises ValueError when malformed
        return value

    @field_validator("redis_url")
    @classmethod
    def _empty_redis_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("smtp_host", "smtp_username", "smtp_password")
    @classmethod
    def _empty_smtp_is_none(cls, value: str | None) -> str | None:
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
        origins = {origin.strip().rstrip("/").lower() for origin in self.allowed_origins.split(",") if origin.strip()}
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
    def broker_url(self) -> str:
        return self.redis_url or "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
