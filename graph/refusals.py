"""Requests answered before (or instead of) any GraphQL: a status, a code and a message in
the caller's language, in the negotiated media type."""

from __future__ import annotations

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.schema.exceptions import InvalidOperationTypeError

from auth.gate import error_response
from graph.idempotency import Refusal
from graph.media_types import CONTENT_TYPES, JSON
from graph.persisted import NOT_FOUND_CODE, PersistedQueryError
from kennispunt.i18n import negotiate_language, translate

REQUEST_ERROR_CODES = {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND"}


class RequestRefused(Exception):
    """A request answered before any GraphQL runs: a status and a message key (translated when sent)."""

    def __init__(
        self, status_code: int, message_key: str, *, headers: dict[str, str] | None = None, **params: object
    ) -> None:
        super().__init__(message_key)
        self.status_code = status_code
        self.message_key = message_key
        self.headers = headers or {}
        self.params = params


def idempotency_refusal(request: Request, refusal: Refusal) -> Response:
    return _error(request, refusal.status, refusal.message, refusal.code)


def _error(
    request: Request, status_code: int, message: str, code: str, headers: dict[str, str] | None = None
) -> Response:
    """A refusal in the negotiated media type (``application/json`` before negotiation)."""
    media_type = getattr(request.state, "media_type", JSON)
    return error_response(status_code, message, code, headers, media_type=CONTENT_TYPES[media_type])


def refusal(request: Request, refused: RequestRefused) -> Response:
    language = negotiate_language(request.headers.get("accept-language"))
    message = translate(refused.message_key, language, **refused.params)
    return _error(request, refused.status_code, message, "BAD_USER_INPUT", refused.headers)


def persisted_query_error(request: Request, error: PersistedQueryError) -> Response:
    """Apollo clients expect an unknown hash as a 200 with PERSISTED_QUERY_NOT_FOUND,
    upon which they send the query text along; as ``application/graphql-response+json``,
    a response without ``data`` is a 400."""
    language = negotiate_language(request.headers.get("accept-language"))
    legacy = getattr(request.state, "media_type", JSON) == JSON
    status = 200 if error.code == NOT_FOUND_CODE and legacy else 400
    return _error(request, status, translate(error.message_key, language), error.code)


def request_error(request: Request, error: HTTPException) -> Response:
    if isinstance(error.__cause__, InvalidOperationTypeError):  # GET may only read
        return _error(request, 405, error.reason, "BAD_USER_INPUT", headers={"Allow": "POST"})
    code = REQUEST_ERROR_CODES.get(error.status_code, "BAD_USER_INPUT")
    headers = {"Allow": "GET, POST"} if error.status_code == 405 else None  # PUT, DELETE, ...
    return _error(request, error.status_code, error.reason, code, headers)


def cross_site(request: Request) -> Response:
    language = negotiate_language(request.headers.get("accept-language"))
    return _error(request, 403, translate("auth.cross_site", language), "FORBIDDEN")
