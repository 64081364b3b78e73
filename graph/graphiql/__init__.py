"""GraphiQL, served whole by this server: no CDN, so it works offline and under a strict CSP.

The page (`page_response`) loads React, GraphiQL and its explorer plugin from the files
vendored under ``vendor/`` (pinned npm releases; see ``refresh.py`` and ``assets.json``)
and our own set-up script from ``static/``, each with its Subresource-Integrity hash. The
page's Content-Security-Policy allows nothing but this server (`CONTENT_SECURITY_POLICY`);
the GraphiQL-specific headers live here, not in a site-wide middleware.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypedDict

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from graph.graphiql.refresh import integrity

HERE = Path(__file__).resolve().parent
PREFIX = "/graphiql"

CONTENT_SECURITY_POLICY = "; ".join(  # noqa: FLY002 -- one directive a line
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self' data:",  # GraphiQL's stylesheet embeds its fonts as data: URLs
        "img-src 'self' data:",
        "connect-src 'self'",  # fetch to /graphql; 'self' also covers ws(s):// to this host
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
VENDOR_CACHE = "public, max-age=31536000, immutable"
"""Vendored files: their URL names the version, so a browser keeps them for good."""
OWN_CACHE = "no-cache"
"""Our set-up files change with the code: revalidated on every load (ETag)."""

SCRIPTS = (
    ("react", "umd/react.production.min.js"),
    ("react-dom", "umd/react-dom.production.min.js"),
    ("graphiql", "graphiql.min.js"),
    ("@graphiql/plugin-explorer", "dist/index.umd.js"),
)
STYLESHEETS = (("graphiql", "graphiql.min.css"), ("@graphiql/plugin-explorer", "dist/style.css"))
OWN_SCRIPT = "kennispunt-graphiql.js"
OWN_STYLESHEET = "kennispunt-graphiql.css"


@dataclass(frozen=True)
class Asset:
    url: str
    path: Path
    integrity: str
    cache_control: str


def vendored(name: str, file: str) -> Asset:
    package = _manifest()[name]
    folder = f"{name}@{package['version']}"
    return Asset(
        f"{PREFIX}/vendor/{folder}/{file}",
        HERE / "vendor" / folder / file,
        package["files"][file],
        VENDOR_CACHE,
    )


def own(file: str) -> Asset:
    path = HERE / "static" / file
    return Asset(f"{PREFIX}/static/{file}", path, integrity(path.read_bytes(), "sha384"), OWN_CACHE)


class _Package(TypedDict):
    version: str
    integrity: str
    license: str
    files: dict[str, str]
    """The integrity hash of each file."""


@cache
def _manifest() -> dict[str, _Package]:
    manifest: dict[str, _Package] = json.loads((HERE / "assets.json").read_text(encoding="utf-8"))
    return manifest


def _script(asset: Asset) -> str:
    return f'  <script src="{asset.url}" integrity="{asset.integrity}"></script>'


def _stylesheet(asset: Asset) -> str:
    return f'  <link rel="stylesheet" href="{asset.url}" integrity="{asset.integrity}">'


@cache
def page_html() -> str:
    scripts = [vendored(name, file) for name, file in SCRIPTS]
    stylesheets = [*(vendored(name, file) for name, file in STYLESHEETS), own(OWN_STYLESHEET)]
    template = (HERE / "graphiql.html").read_text(encoding="utf-8")
    return template.format(
        stylesheets="\n".join(map(_stylesheet, stylesheets)),
        head_scripts="\n".join(map(_script, scripts[:2])),
        body_scripts="\n".join(map(_script, [*scripts[2:], own(OWN_SCRIPT)])),
    )


def page_response() -> Response:
    """The GraphiQL page, with its Content-Security-Policy."""
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


def assets() -> list[Asset]:
    return [
        *(vendored(name, file) for name, file in (*SCRIPTS, *STYLESHEETS)),
        own(OWN_SCRIPT),
        own(OWN_STYLESHEET),
    ]


def graphiql_routes() -> list[BaseRoute]:
    """One GET route per file the page loads (and nothing else from these folders)."""

    def serve(asset: Asset) -> Route:
        async def endpoint(_request: Request) -> Response:
            return FileResponse(
                asset.path,
                headers={"Cache-Control": asset.cache_control, "X-Content-Type-Options": "nosniff"},
            )

        return Route(asset.url, endpoint, methods=["GET"])

    return [serve(asset) for asset in assets()]
