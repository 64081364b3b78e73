"""Persisted queries (Apollo APQ) and HTTP caching of public GET queries."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import select

from graph.persisted import query_hash
from kennispunt.content.models import Topic
from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import count_statements, run_server
from tests.factories import make_article, make_token, make_topic, make_user

ARTICLES = "query Latest($first: Int) { articles(first: $first) { edges { node { title url } } } }"
NOT_FOUND = {
    "data": None,
    "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}],
}


def persisted(query: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": query_hash(query)}}


def get_params(query: str, variables: dict[str, object] | None = None) -> dict[str, str]:
    return {
        "operationName": "Latest",
        "variables": json.dumps(variables or {}),
        "extensions": json.dumps(persisted(query)),
    }


async def test_a_hash_runs_its_query_once_registered(db: Database, http: httpx.AsyncClient) -> None:
    await make_article(db, await make_topic(db), "Een campagne plannen")
    variables = {"first": 5}

    unknown = await http.get("/graphql", params=get_params(ARTICLES, variables))
    registered = await http.post(
        "/graphql", json={"query": ARTICLES, "variables": variables, "extensions": persisted(ARTICLES)}
    )
    by_hash = await http.get("/graphql", params=get_params(ARTICLES, variables))

    assert unknown.status_code == 200 and unknown.json() == NOT_FOUND
    assert unknown.headers["cache-control"] == "private, no-store"
    expected = {
        "data": {
            "articles": {
                "edges": [
                    {
                        "node": {
                            "title": "Een campagne plannen",
                            "url": f"{str(http.base_url).rstrip('/')}/kennisbank/een-campagne-plannen",
                        }
                    }
                ]
            }
        }
    }
    assert registered.json() == expected
    assert by_hash.status_code == 200 and by_hash.json() == expected


async def test_a_hash_that_does_not_match_its_query_is_refused(http: httpx.AsyncClient) -> None:
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}

    response = await http.post(
        "/graphql", json={"query": ARTICLES, "extensions": wrong}, headers={"Accept-Language": "en"}
    )
    bad_version = await http.post(
        "/graphql",
        json={"query": ARTICLES, "extensions": {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}},
    )

    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "The sha256Hash does not match this query.", "extensions": {"code": "BAD_USER_INPUT"}}
        ],
    }
    assert bad_version.json()["errors"][0]["message"] == "Alleen persistedQuery version 1 wordt ondersteund."


async def test_public_get_responses_carry_an_etag_and_a_repeat_gets_304(
    db: Database, http: httpx.AsyncClient
) -> None:
    await make_article(db, await make_topic(db), "Een campagne plannen")
    await http.post("/graphql", json={"query": ARTICLES, "extensions": persisted(ARTICLES)})

    first = await http.get("/graphql", params=get_params(ARTICLES))
    repeat = await http.get(
        "/graphql", params=get_params(ARTICLES), headers={"If-None-Match": first.headers["etag"]}
    )

    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=60"
    assert first.headers["etag"].startswith('"') and len(first.headers["etag"]) == 34
    assert first.headers["vary"] == "Origin, Accept-Language, Authorization, Cookie, Accept"
    assert repeat.status_code == 304 and repeat.content == b""
    assert repeat.headers["etag"] == first.headers["etag"]

    async with db.session() as session:
        topic = (await session.scalars(select(Topic))).one()
    await make_article(db, topic, "Leden werven")
    changed = await http.get(
        "/graphql", params=get_params(ARTICLES), headers={"If-None-Match": first.headers["etag"]}
    )
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]


async def test_anything_personal_is_never_cacheable(db: Database, http: httpx.AsyncClient) -> None:
    token = await make_token(db, await make_user(db))
    personal = "{ viewer { email } }"
    registrations = "{ trainings { edges { node { title viewerRegistration { id } } } } }"

    viewer = await http.get("/graphql", params={"query": personal})
    own_registration = await http.get("/graphql", params={"query": registrations})
    signed_in = await http.get(
        "/graphql", params={"query": ARTICLES}, headers={"Authorization": f"Bearer {token}"}
    )
    anonymous = await http.get("/graphql", params={"query": ARTICLES})
    failed = await http.get("/graphql", params={"query": "{ articles(first: 1000) { totalCount } }"})
    posted = await http.post("/graphql", json={"query": ARTICLES})

    assert viewer.json() == {"data": {"viewer": None}}
    for response in (viewer, own_registration, signed_in, failed, posted):
        assert response.headers["cache-control"] == "private, no-store"
        assert "etag" not in response.headers
    assert anonymous.headers["cache-control"] == "public, max-age=60"


async def test_each_process_answers_repeated_public_gets_from_memory_for_a_few_seconds(
    db: Database, settings: Settings
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Een campagne plannen")
    with run_server(settings.model_copy(update={"response_cache_seconds": 30})) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            first = await http.get("/graphql", params={"query": ARTICLES})
            await make_article(db, topic, "Leden werven")
            with count_statements(server.db) as counter:
                repeat = await http.get("/graphql", params={"query": ARTICLES})
            posted = await http.post("/graphql", json={"query": ARTICLES})
            other_query = await http.get("/graphql", params={"query": ARTICLES + " "})

    assert repeat.content == first.content and repeat.headers["etag"] == first.headers["etag"]
    assert counter.count == 0
    for response in (posted, other_query):
        assert titles(response) == ["Leden werven", "Een campagne plannen"]


def titles(response: httpx.Response) -> list[str]:
    return [edge["node"]["title"] for edge in response.json()["data"]["articles"]["edges"]]
