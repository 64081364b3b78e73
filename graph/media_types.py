"""Which media type a GraphQL response is sent in, and with which status, as
GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) reads.

``application/graphql-response+json`` goes to clients that ask for it: a request that
never executed (a syntax, validation or variable error) is then a 4xx without ``data``.
``application/json`` goes to everyone else (``*/*``, no ``Accept``), and keeps the
legacy contract: 200 for every well-formed GraphQL request, ``"data": null`` included.
"""

from __future__ import annotations

from collections.abc import Sequence

import mimeparse
from graphql import GraphQLError

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
CONTENT_TYPES = {GRAPHQL_RESPONSE_JSON: f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8", JSON: JSON}

_STATUS_BY_CODE = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "RATE_LIMITED": 429,
    "INTERNAL_SERVER_ERROR": 500,
}


def response_media_type(accept: str | None) -> str | None:
    """The media type to answer in; None when the client accepts neither (406).

    The higher quality wins. At equal quality a client that names
    ``application/graphql-response+json`` gets it (the spec recommends clients send
    ``application/graphql-response+json, application/json``); one that accepts both only
    through a wildcard (``*/*``, as fetch() sends) gets ``application/json``.
    """
    if accept is None or not accept.strip():
        return JSON
    try:
        ranges = [mimeparse.parse_media_range(part) for part in accept.split(",") if part.strip()]
    except ValueError:  # not a media range at all: answer as to a client that sent none
        return JSON
    modern = mimeparse.quality_parsed(GRAPHQL_RESPONSE_JSON, ranges)
    legacy = mimeparse.quality_parsed(JSON, ranges)
    if max(modern, legacy) <= 0:
        return None
    named = any(f"{kind}/{subtype}" == GRAPHQL_RESPONSE_JSON for kind, subtype, _params in ranges)
    return GRAPHQL_RESPONSE_JSON if modern > legacy or (modern == legacy and named) else JSON


def never_executed(data: object, errors: Sequence[GraphQLError] | None) -> bool:
    """A *request error*: the operation did not run (it did not parse or validate, its
    variables did not fit, or it was refused before execution). Field errors have a path."""
    return data is None and bool(errors) and all(error.path is None for error in errors or ())


def request_error_status(errors: Sequence[GraphQLError]) -> int:
    """The 4xx (or 5xx) of a request error sent as ``application/graphql-response+json``."""
    code = (errors[0].extensions or {}).get("code") if errors else None
    return _STATUS_BY_CODE.get(str(code), 400)
