"""Web addresses from outside: split without surprises.

`urllib.parse.urlsplit` raises ``ValueError`` on some input (``http://[::1``, an invalid
IPv6 address, a host that NFKC-normalises to ``/?#@``), and ``.port`` raises on a port
that is not a number from 0 to 65535. Every address a client or an operator gives goes
through `split_url`, which answers None instead. It also refuses whitespace and control
characters anywhere in the address: `urlsplit` silently drops tabs and newlines (as browsers
do), so ``http://\n0`` would otherwise be read as ``http://0`` while the text kept its newline.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

WEB_SCHEMES = ("http", "https")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)

_BLANK_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def split_url(url: str) -> SplitResult | None:
    """The parts of ``url``, or None when the standard library refuses it or its port, or
    when it holds whitespace or a control character."""
    if _BLANK_OR_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number in range
    except ValueError:
        return None
    return parts


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lowercased; "" when it has none or cannot be read."""
    parts = split_url(url)
    if parts is None or not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host a browser can reach: a DNS name (ASCII, as
    browsers send it; international names in their ``xn--`` form), an IPv4 address or a
    bracketed IPv6 address, and a valid port if any."""
    parts = split_url(url)
    if parts is None or parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return False
    if parts.port == 0 or parts.netloc.endswith(":"):
        return False
    host = parts.hostname
    return parts.netloc.rsplit("@", 1)[-1].startswith("[") or bool(_HOSTNAME.fullmatch(host))


def web_origin(value: str) -> str | None:
    """``value`` as a web origin (``https://www.utrecht.nl``, ``http://127.0.0.1:8000``),
    lowercased, or None when it is not exactly one: no path, query, fragment or user."""
    candidate = value.strip().rstrip("/").lower()
    parts = split_url(candidate)
    if parts is None or not is_web_address(candidate):
        return None
    if (
        parts.path
        or parts.query
        or parts.fragment
        or "?" in candidate
        or "#" in candidate
        or "@" in parts.netloc
    ):
        return None
    return candidate
