"""Settings, read from environment variables with the ``KENNISPUNT_`` prefix."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000

    @field_validator("database_url")
    @classmethod
    def _normalize_database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("redis_url")
    @classmethod
    def _empty_redis_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.environment == "development"

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection if self.introspection is not None else self.environment == "development"

    @property
    def broker_url(self) -> str:
        return self.redis_url or "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
