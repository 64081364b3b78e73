"""Logging: readable text in development, one JSON object per line in production."""

from __future__ import annotations

import logging.config

from kennispunt.settings import Settings


def configure_logging(settings: Settings) -> None:
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "correlation_id": "request_id"},
        }
        if settings.log_format == "json"
        else {"format": "%(asctime)s %(levelname)-7s [%(correlation_id)s] %(name)s: %(message)s"}
    )
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"correlation_id": {"()": "asgi_correlation_id.CorrelationIdFilter", "default_value": "-"}},
            "formatters": {"default": formatter},
            "handlers": {
                "console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["correlation_id"]}
            },
            "root": {"handlers": ["console"], "level": settings.log_level.upper()},
            "loggers": {"uvicorn.access": {"level": "WARNING"}},
        }
    )
