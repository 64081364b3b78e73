"""Cross-site request forgery: a browser sends cookies along with requests other sites
make it send. A state-changing request authenticated by cookie is therefore only
accepted from a trusted origin and with a content type a plain HTML form cannot send
(which also forces a CORS preflight)."""

from __future__ import annotations

from collections.abc import Mapping, Set

from kennispunt.urls import origin_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SIMPLE_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})


def request_origin(headers: Mapping[str, str]) -> str:
    """The Origin header, or the origin of the Referer when a browser left Origin out."""
    origin = headers.get("origin")
    if origin and origin != "null":
        return origin.lower().rstrip("/")
    return origin_of(headers.get("referer", ""))


def is_trusted_origin(headers: Mapping[str, str], trusted: Set[str]) -> bool:
    return request_origin(headers) in trusted


def cookie_request_allowed(method: str, headers: Mapping[str, str], trusted: Set[str]) -> bool:
    if method.upper() in SAFE_METHODS:
        return True
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if not content_type or content_type in SIMPLE_CONTENT_TYPES:
        return False
    return is_trusted_origin(headers, trusted)


def safe_next(next_url: str | None, trusted: Set[str]) -> str:
    """Where to send the browser after login or logout: a path on this site, or a page
    on a trusted origin; anything else (other sites, ``//host``, odd schemes) becomes "/"."""
    if not next_url or "\\" in next_url or any(ord(char) < 32 or ord(char) == 127 for char in next_url):
        return "/"
    if next_url.startswith("/") and not next_url.startswith(("//", "/\\")):
        return next_url
    if origin_of(next_url) in trusted:
        return next_url
    return "/"
