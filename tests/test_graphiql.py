"""GraphiQL's page and files as a browser fetches them over HTTP (the browser itself:
tests/test_graphiql_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from graph import graphiql
from graph.graphiql.refresh import integrity
from kennispunt.settings import Settings
from tests.conftest import RunningServer, run_server

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # as browsers send it
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self' data:; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
ASSET = re.compile(r'<(?:script src|link rel="stylesheet" href)="([^"]+)" integrity="([^"]+)">')


async def test_the_page_loads_only_its_own_files_with_integrity(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers=BROWSER)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "://" not in response.text  # no absolute URL: nothing from another host
    assets = ASSET.findall(response.text)
    assert [url for url, _ in assets] == [
        "/graphiql/vendor/graphiql@3.8.3/graphiql.min.css",
        "/graphiql/vendor/@graphiql/plugin-explorer@1.0.2/dist/style.css",
        "/graphiql/static/kennispunt-graphiql.css",
        "/graphiql/vendor/react@18.2.0/umd/react.production.min.js",
        "/graphiql/vendor/react-dom@18.2.0/umd/react-dom.production.min.js",
        "/graphiql/vendor/graphiql@3.8.3/graphiql.min.js",
        "/graphiql/vendor/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js",
        "/graphiql/static/kennispunt-graphiql.js",
    ]
    for url, expected in assets:
        asset = await http.get(url)
        assert asset.status_code == 200, url
        assert integrity(asset.content, "sha384") == expected, url
        assert asset.headers["content-type"].startswith(
            "text/css" if url.endswith(".css") else "text/javascript"
        )
        immutable = "/vendor/" in url
        assert asset.headers["cache-control"] == (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        ), url


def test_the_vendored_files_are_the_pinned_ones() -> None:
    """What ``refresh.py`` wrote is what ``assets.json`` says (nobody edited a vendored file)."""
    manifest = graphiql._manifest()
    assert set(manifest) == {"react", "react-dom", "graphiql", "@graphiql/plugin-explorer"}
    for name, package in manifest.items():
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", str(package["integrity"])), name
        assert package["license"] == "MIT"
        files = package["files"]
        assert isinstance(files, dict)
        for file, expected in files.items():
            asset = graphiql.vendored(name, file)
            assert integrity(asset.path.read_bytes(), "sha384") == expected, asset.path


async def test_a_query_over_get_is_not_mistaken_for_the_page(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", params={"query": "{ __typename }"}, headers=BROWSER)
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.fixture(scope="module")
def production_server(settings: Settings) -> Iterator[RunningServer]:
    with run_server(settings.model_copy(update={"environment": "production"})) as running:
        yield running


async def test_without_graphiql_neither_the_page_nor_its_files_are_served(
    production_server: RunningServer,
) -> None:
    async with httpx.AsyncClient(base_url=production_server.url) as http:
        page = await http.get("/graphql", headers=BROWSER)
        script = await http.get("/graphiql/vendor/graphiql@3.8.3/graphiql.min.js")
    assert "text/html" not in page.headers.get("content-type", "")
    assert script.status_code == 404
