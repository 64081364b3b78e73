"""Prometheus metrics of one process (prometheus-client), scraped at ``/metrics``.

What happens is counted as it happens, in the process-wide counters and histograms
below (one process per replica, so no multiprocess mode); this module imports nothing
of the app, so any layer may count. What the process holds (watchers, database pool,
broker) and what waits in the database is read when Prometheus scrapes, and where
``/metrics`` is served is decided, in `kennispunt.metrics.exposure`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.registry import Collector

OTHER = "other"
"""The label of every operation name, route or method outside the known ones."""
LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

# --- counted as it happens (process-wide) -------------------------------------------------

GRAPHQL_OPERATIONS = Counter(
    "kennispunt_graphql_operations",
    "GraphQL operations that finished, by operation name (a shipped or configured one, else 'other'), "
    "type and outcome (ok, or error when the result had top-level errors)",
    ("operation", "type", "outcome"),
    registry=None,
)
GRAPHQL_DURATION = Histogram(
    "kennispunt_graphql_operation_duration_seconds",
    "Time from receiving a query or mutation to its result (subscriptions are not timed)",
    ("operation", "type"),
    registry=None,
)
GRAPHQL_ERRORS = Counter(
    "kennispunt_graphql_errors", "Top-level GraphQL errors by extensions.code", ("code",), registry=None
)
SUBSCRIPTIONS = Gauge(
    "kennispunt_graphql_subscriptions",
    "Subscriptions running now, by operation name",
    ("operation",),
    registry=None,
)
EVENT_LAG = Histogram(
    "kennispunt_event_delivery_lag_seconds",
    "From an event's write (in the transaction that commits it) to its message on a subscriber's socket",
    buckets=LAG_BUCKETS,
    registry=None,
)
RATE_LIMIT_REFUSALS = Counter(
    "kennispunt_rate_limit_refusals",
    "Requests refused by a rate limit, by limit (api:anonymous, api:partner, forum.post, helpdesk.open)",
    ("limit",),
    registry=None,
)
HTTP_REQUESTS = Counter(
    "kennispunt_http_requests",
    "HTTP requests by route (its path template), method and status",
    ("route", "method", "status"),
    registry=None,
)
HTTP_DURATION = Histogram(
    "kennispunt_http_request_duration_seconds",
    "Time from request to the end of the response, by route",
    ("route",),
    registry=None,
)

SHARED: tuple[Collector, ...] = (
    GRAPHQL_OPERATIONS,
    GRAPHQL_DURATION,
    GRAPHQL_ERRORS,
    SUBSCRIPTIONS,
    EVENT_LAG,
    RATE_LIMIT_REFUSALS,
    HTTP_REQUESTS,
    HTTP_DURATION,
)


def rate_limit_name(key: str) -> str:
    """The limit a rate-limit key counts for, without whom it counts: ``api:partner:7`` → ``api:partner``."""
    parts = key.split(":")
    return ":".join(parts[:2]) if parts[0] == "api" else parts[0]
