"""Logging: readable text in development, one JSON object per line in production.

JSON lines carry ``time`` (ISO-8601 in UTC, with its offset), ``level``, ``logger``,
``message``, ``request_id`` and the record's extra fields; never terminal colour codes
(uvicorn's ``color_message`` is dropped).
"""

from __future__ import annotations

import logging.config

from pythonjsonlogger.core import RESERVED_ATTRS

from kennispunt.settings import Settings

DROPPED_FIELDS = ("color_message", "taskName")
"""Record attributes a line should not carry: uvicorn's ANSI-coloured copy of the message,
and Python 3.12's asyncio task name."""


class DropUvicornAccessLines(logging.Filter):
    """uvicorn logs every WebSocket handshake with the client's address and the query string
    (``'%s - "WebSocket %s" [accepted]'``), its access log by another name: ours replaces it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("uvicorn") and str(record.msg).startswith('%s - "WebSocket '))


def configure_logging(settings: Settings) -> None:
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {"levelname": "level", "name": "logger", "correlation_id": "request_id"},
            "timestamp": "time",
            "reserved_attrs": [*RESERVED_ATTRS, *DROPPED_FIELDS],
        }
        if settings.log_format == "json"
        else {"format": "%(asctime)s %(levelname)-7s [%(correlation_id)s] %(name)s: %(message)s"}
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "correlation_id": {"()": "asgi_correlation_id.CorrelationIdFilter", "default_value": "-"},
                "no_uvicorn_access": {"()": DropUvicornAccessLines},
            },
            "formatters": {"default": formatter},
            "handlers": {
                "console": {
                    "class": "logging.StreamHandler",
                    "formatter": "default",
                    "filters": ["no_uvicorn_access", "correlation_id"],
                }
            },
            "root": {"handlers": ["console"], "level": settings.log_level.upper()},
            "loggers": {
                "uvicorn.access": {"level": "WARNING"},  # ours is kennispunt.access, without addresses
                "alembic.runtime.migration": {"level": "WARNING"},  # "Context impl …" at every schema check
            },
        }
    )
