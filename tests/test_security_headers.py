"""Security headers: a Content-Security-Policy, frame-ancestors and a Referrer-Policy on
every HTML page, nosniff on every response."""

from __future__ import annotations

import httpx

from graph.graphiql import CONTENT_SECURITY_POLICY as GRAPHIQL_POLICY
from kennispunt.db import Database
from kennispunt.security_headers import PAGE_POLICY, REFERRER_POLICY, embed_page_policy
from tests.conftest import RunningServer
from tests.factories import make_article, make_topic, make_training


def page_headers(response: httpx.Response) -> tuple[str, str, str, str]:
    headers = response.headers
    return (
        headers["content-type"],
        headers["content-security-policy"],
        headers["referrer-policy"],
        headers["x-content-type-options"],
    )


async def test_every_html_page_has_a_policy_and_may_not_be_framed(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    article = await make_article(db, await make_topic(db))
    training = await make_training(db)
    html = "text/html; charset=utf-8"

    pages = {
        "article": await http.get(f"/kennisbank/{article.slug}"),
        "training": await http.get(f"/trainingen/{training.slug}"),
        "sign-out form": await http.get("/auth/logout"),
        "sign-in without provider": await http.get("/auth/login"),
        "embed example": await http.get("/embed/"),
        "GraphiQL": await http.get("/graphql", headers={"Accept": "text/html"}),
    }

    assert {name: page_headers(response) for name, response in pages.items()} == {
        "article": (html, PAGE_POLICY, REFERRER_POLICY, "nosniff"),
        "training": (html, PAGE_POLICY, REFERRER_POLICY, "nosniff"),
        "sign-out form": (html, PAGE_POLICY, REFERRER_POLICY, "nosniff"),
        "sign-in without provider": (html, PAGE_POLICY, REFERRER_POLICY, "nosniff"),
        "embed example": (html, embed_page_policy(server.url), REFERRER_POLICY, "nosniff"),
        "GraphiQL": (html, GRAPHIQL_POLICY, "no-referrer", "nosniff"),
    }
    assert PAGE_POLICY == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
    )
    port = server.url.rsplit(":", 1)[1]
    assert embed_page_policy(server.url) == (
        f"default-src 'none'; script-src 'self' http://127.0.0.1:{port}; "
        f"connect-src 'self' http://127.0.0.1:{port} ws://127.0.0.1:{port}; "
        "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
    )
    assert REFERRER_POLICY == "strict-origin-when-cross-origin"


async def test_graphiqls_policy_allows_what_its_page_loads(http: httpx.AsyncClient) -> None:
    """Every script and style sheet the page loads comes from this server, which its policy lists."""
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    page = response.text

    assert response.headers["cache-control"] == "private, no-store"
    assert "unpkg.com" not in page and "https://" not in page  # its assets are served from here
    assert "script-src 'self'" in GRAPHIQL_POLICY
    assert "frame-ancestors 'none'" in GRAPHIQL_POLICY


async def test_json_and_everything_else_is_nosniff_without_a_page_policy(http: httpx.AsyncClient) -> None:
    responses = [
        await http.post("/graphql", json={"query": "{ __typename }"}),
        await http.post("/graphql", content=b"kapot", headers={"Content-Type": "application/json"}),
        await http.get("/healthz"),
        await http.get("/oembed"),
        await http.get("/kennisbank/bestaat-niet"),
        await http.get("/feeds/articles.atom"),
    ]

    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff", response.url
        assert "content-security-policy" not in response.headers, response.url
