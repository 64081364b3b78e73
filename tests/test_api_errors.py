"""Errors as clients see them: bad IDs, paging, limits, malformed requests, masked failures."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx
import pytest

from graph.ids import encode_id
from graph.pagination import encode_cursor
from kennispunt.content import service as content
from kennispunt.db import Database
from tests.conftest import GraphQLClient
from tests.factories import make_article, make_topic


def error(
    message: str, code: str, *, line: int = 1, column: int = 3, path: list[Any] | None = None
) -> dict[str, Any]:
    found: dict[str, Any] = {"message": message, "locations": [{"line": line, "column": column}]}
    if path is not None:
        found["path"] = path
    found["extensions"] = {"code": code}
    return found


# --- global IDs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    [
        "!!!",
        "",
        "QXJ0aWNsZTphYmM",  # "Article:abc"
        encode_id("Spaceship", 1),
        encode_id("AccessToken", 1),  # a table, but never a node
        "x" * 500,
        encode_id("Article", 2**31),  # no primary key is that large (PostgreSQL would refuse the number)
        encode_id("Article", 10**17),
        "QXJ0aWNsZTowMQ",  # "Article:01": not how we spell 1
        encode_id("Article", 12) + "==",  # padded
        "QXJ0aWNsZTrZoQ",  # "Article:" and an Arabic-Indic digit one
    ],
)
async def test_an_id_that_is_not_ours_is_bad_user_input(gql: GraphQLClient, bad_id: str) -> None:
    result = await gql("query ($id: ID!) { node(id: $id) { id } }", {"id": bad_id})

    assert result == {
        "data": {"node": None},
        "errors": [error("Dit is geen geldig ID.", "BAD_USER_INPUT", column=20, path=["node"])],
    }


async def test_the_bad_id_message_speaks_english_on_request(gql: GraphQLClient) -> None:
    result = await gql('{ node(id: "nonsens") { id } }', language="en")

    assert result == {
        "data": {"node": None},
        "errors": [error("This is not a valid ID.", "BAD_USER_INPUT", path=["node"])],
    }


async def test_a_well_formed_id_of_nothing_is_null(gql: GraphQLClient) -> None:
    result = await gql(
        "query ($a: ID!, $t: ID!, $m: ID!) { a: node(id: $a) { id } t: node(id: $t) { id } m: node(id: $m) { id } }",
        {
            "a": encode_id("Article", 2**31 - 1),
            "t": encode_id("Topic", 999_999),
            "m": encode_id("Municipality", 0),
        },
    )

    assert result == {"data": {"a": None, "t": None, "m": None}}


async def test_nodes_keep_their_order_with_nulls_and_errors_in_place(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic)
    ids = [
        encode_id("Article", article.id),
        encode_id("Article", article.id + 1000),
        "nonsens",
        encode_id("Topic", topic.id),
    ]

    result = await gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Topic { slug } ... on Article { slug } } }",
        {"ids": ids},
    )

    assert result == {
        "data": {
            "nodes": [
                {"__typename": "Article", "id": ids[0], "slug": "een-partij-oprichten"},
                None,
                None,
                {"__typename": "Topic", "id": ids[3], "slug": "campagne-voeren"},
            ]
        },
        "errors": [error("Dit is geen geldig ID.", "BAD_USER_INPUT", column=24, path=["nodes", 2])],
    }


async def test_nodes_takes_at_most_100_ids(gql: GraphQLClient) -> None:
    ids = [encode_id("Topic", number) for number in range(101)]

    result = await gql("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    hundred = await gql("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids[:100]})

    assert result == {
        "data": None,
        "errors": [
            error("Vraag hoogstens 100 ID's tegelijk op.", "BAD_USER_INPUT", column=24, path=["nodes"])
        ],
    }
    assert hundred == {"data": {"nodes": [None] * 100}}


# --- paging ---------------------------------------------------------------------------


async def test_first_is_capped_at_100(gql: GraphQLClient) -> None:
    query = "query ($first: Int) { articles(first: $first) { totalCount } }"

    dutch = await gql(query, {"first": 101})
    english = await gql(query, {"first": 101}, language="en")
    negative = await gql(query, {"first": -1})
    allowed = await gql(query, {"first": 100})
    nested = await gql(
        "{ municipalities(first: 1) { edges { node { parties(first: 500) { totalCount } } } } }"
    )

    assert dutch == {
        "data": None,
        "errors": [error("'first' mag hoogstens 100 zijn.", "BAD_USER_INPUT", column=23, path=["articles"])],
    }
    assert english == {
        "data": None,
        "errors": [error("'first' may be at most 100.", "BAD_USER_INPUT", column=23, path=["articles"])],
    }
    assert negative == {
        "data": None,
        "errors": [error("'first' mag niet negatief zijn.", "BAD_USER_INPUT", column=23, path=["articles"])],
    }
    assert allowed == {"data": {"articles": {"totalCount": 0}}}
    assert nested == {
        "data": None,
        "errors": [
            error(
                "'first' mag hoogstens 100 zijn.",
                "BAD_USER_INPUT",
                column=45,
                path=["municipalities", "edges", 0, "node", "parties"],
            )
        ],
    }


@pytest.mark.parametrize(
    "cursor", ["nonsens!", "b2Zmc2V0Oi0x", encode_id("Article", 1), "", encode_cursor(10**10)]
)
async def test_a_bad_cursor_is_bad_user_input(gql: GraphQLClient, cursor: str) -> None:
    result = await gql(
        "query ($after: String) { topics { id } municipalities(after: $after) { totalCount } }",
        {"after": cursor},
    )

    if cursor == "":  # no cursor at all: the first page
        assert result == {"data": {"topics": [], "municipalities": {"totalCount": 342}}}
        return
    assert result == {
        "data": None,
        "errors": [error("Deze cursor is ongeldig.", "BAD_USER_INPUT", column=40, path=["municipalities"])],
    }


async def test_a_cursor_past_the_end_is_an_empty_page(gql: GraphQLClient) -> None:
    result = await gql(
        "query ($after: String) { municipalities(after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor } } }",
        {"after": encode_cursor(5000)},
    )

    assert result == {
        "data": {
            "municipalities": {
                "totalCount": 342,
                "pageInfo": {"hasNextPage": False, "hasPreviousPage": True},
                "edges": [],
            }
        }
    }


# --- limits ---------------------------------------------------------------------------

TWELVE_DEEP = """
{ municipalities { edges { node { parties { edges { node { municipality { parties { edges { node { municipality {
  code
} } } } } } } } } } } }
"""
THIRTEEN_DEEP = TWELVE_DEEP.replace("code", "parties { totalCount }")


async def test_depth_is_limited_to_12(gql: GraphQLClient) -> None:
    allowed = await gql(TWELVE_DEEP)
    refused = await gql(THIRTEEN_DEEP)
    english = await gql(THIRTEEN_DEEP, language="en")

    assert "errors" not in allowed
    assert refused == {
        "data": None,
        "errors": [
            error("De query is te diep genest (hoogstens 12 niveaus).", "QUERY_TOO_COMPLEX", line=2, column=1)
        ],
    }
    assert english == {
        "data": None,
        "errors": [
            error(
                "The query is nested too deeply (at most 12 levels).", "QUERY_TOO_COMPLEX", line=2, column=1
            )
        ],
    }


async def test_depth_counts_through_fragments(gql: GraphQLClient) -> None:
    query = """
    query { municipalities { ...Deep } }
    fragment Deep on MunicipalityConnection { edges { node { parties { ...Parties } } } }
    fragment Parties on PartyConnection { edges { node { municipality { parties { edges { node { municipality {
      parties { edges { node { slug } } }
    } } } } } } } }
    """

    result = await gql(query)

    assert result == {
        "data": None,
        "errors": [
            error("De query is te diep genest (hoogstens 12 niveaus).", "QUERY_TOO_COMPLEX", line=2, column=5)
        ],
    }


async def test_aliases_are_limited_to_30(gql: GraphQLClient) -> None:
    thirty = "{ " + " ".join(f"t{number}: topics {{ id }}" for number in range(30)) + " }"
    thirty_one = "{ " + " ".join(f"t{number}: topics {{ id }}" for number in range(31)) + " }"

    allowed = await gql(thirty)
    refused = await gql(thirty_one)

    assert allowed == {"data": {f"t{number}": [] for number in range(30)}}
    assert refused == {
        "data": None,
        "errors": [
            error(
                "De query gebruikt te veel aliassen (hoogstens 30).",
                "QUERY_TOO_COMPLEX",
                column=thirty_one.index("t30:") + 1,
            )
        ],
    }


async def test_tokens_are_limited(gql: GraphQLClient) -> None:
    query = "{ topics { " + "id " * 5000 + "} }"

    result = await gql(query)

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "Syntax Error: Document contains more than 5000 tokens. Parsing aborted.",
                "locations": [{"line": 1, "column": 15003}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }


# --- malformed operations -------------------------------------------------------------


async def test_a_syntax_error_is_bad_user_input_with_its_location(gql: GraphQLClient) -> None:
    result = await gql("{ topics { id }")

    assert result == {
        "data": None,
        "errors": [error("Syntax Error: Expected Name, found <EOF>.", "BAD_USER_INPUT", column=16)],
    }


async def test_an_unknown_field_is_bad_user_input(gql: GraphQLClient) -> None:
    result = await gql("{ geheimen }")

    assert result == {
        "data": None,
        "errors": [error("Cannot query field 'geheimen' on type 'Query'.", "BAD_USER_INPUT")],
    }


async def test_variables_that_do_not_fit_are_bad_user_input(gql: GraphQLClient) -> None:
    wrong_type = await gql(
        "query ($first: Int) { articles(first: $first) { totalCount } }", {"first": "veel"}
    )
    missing = await gql("query ($slug: String!) { article(slug: $slug) { id } }")
    bad_date = await gql(
        'mutation ($at: DateTime) { publishArticle(input: {id: "x", publishedAt: $at}) { errors { code } } }',
        {"at": "gisteren"},
    )
    unknown_field = await gql(
        "mutation ($input: ArchiveArticleInput!) { archiveArticle(input: $input) { errors { code } } }",
        {"input": {"id": "x", "geheim": True}},
    )

    assert wrong_type == {
        "data": None,
        "errors": [
            error(
                "Variable '$first' has invalid value: Int cannot represent non-integer value: 'veel'",
                "BAD_USER_INPUT",
                column=8,
            )
        ],
    }
    assert missing == {
        "data": None,
        "errors": [
            error(
                "Variable '$slug' has invalid value: Expected a value of non-null type 'String!' to be provided.",
                "BAD_USER_INPUT",
                column=8,
            )
        ],
    }
    assert bad_date == {
        "data": None,
        "errors": [
            error(
                "Geef een datum en tijd in ISO 8601, zoals 2027-03-20T19:30:00+01:00.",
                "BAD_USER_INPUT",
                column=11,
            )
        ],
    }
    assert unknown_field["data"] is None
    assert [item["extensions"] for item in unknown_field["errors"]] == [{"code": "BAD_USER_INPUT"}]
    assert "geheim" in unknown_field["errors"][0]["message"]


async def test_a_nul_character_in_any_string_is_bad_user_input(gql: GraphQLClient) -> None:
    refused = {
        "data": None,
        "errors": [
            {
                "message": "Tekst mag geen NUL-teken (U+0000) en geen losse surrogaten (U+D800–U+DFFF) bevatten.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }

    assert (
        await gql("query ($slug: String!) { article(slug: $slug) { id } }", {"slug": "a\u0000b"}) == refused
    )
    assert (
        await gql("query ($s: String) { municipalities(search: $s) { totalCount } }", {"s": "\u0000"})
        == refused
    )
    assert await gql('{ parties(municipalityCode: "GM\\u0000344") { totalCount } }') == refused
    assert (
        await gql(
            "mutation ($input: CreateArticleInput!) { createArticle(input: $input) { errors { code } } }",
            {"input": {"title": "x\u0000", "summary": "s", "body": "b", "topicId": "x"}},
        )
        == refused
    )


# --- unexpected failures --------------------------------------------------------------


async def test_an_unexpected_failure_is_masked_and_logged_with_the_request_id(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("geheime interne details: password=hunter2")

    monkeypatch.setattr(content, "list_topics", broken)

    with caplog.at_level(logging.ERROR, logger="kennispunt.graph"):
        response = await http.post(
            "/graphql", json={"query": "{ topics { id } municipalities(first: 1) { totalCount } }"}
        )

    request_id = response.headers["X-Request-ID"]
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": f"Er ging iets mis aan onze kant. Probeer het later opnieuw (referentie {request_id}).",
                "locations": [{"line": 1, "column": 3}],
                "path": ["topics"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ],
    }
    for secret in ("geheime", "hunter2", "RuntimeError", "Traceback", "list_topics", ".py"):
        assert secret not in response.text
    logged = [record for record in caplog.records if record.name == "kennispunt.graph"]
    assert len(logged) == 1
    assert request_id in logged[0].getMessage()
    assert logged[0].exc_info is not None and "hunter2" in str(logged[0].exc_info[1])


async def test_a_masked_failure_uses_the_clients_request_id_in_english(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("topics")

    monkeypatch.setattr(content, "article_by_slug", broken)
    request_id = uuid.uuid4().hex

    response = await http.post(
        "/graphql",
        json={"query": '{ article(slug: "x") { id } }'},
        headers={"X-Request-ID": request_id, "Accept-Language": "en"},
    )

    assert response.headers["X-Request-ID"] == request_id
    assert response.json() == {
        "data": {"article": None},
        "errors": [
            {
                "message": f"Something went wrong on our side. Please try again later (reference {request_id}).",
                "locations": [{"line": 1, "column": 3}],
                "path": ["article"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ],
    }


# --- HTTP -----------------------------------------------------------------------------


async def test_a_query_works_over_get(db: Database, http: httpx.AsyncClient) -> None:
    await make_topic(db)

    response = await http.get("/graphql", params={"query": "{ topics { slug name } }"})

    assert response.status_code == 200
    assert response.json() == {"data": {"topics": [{"slug": "campagne-voeren", "name": "Campagne voeren"}]}}


async def test_a_mutation_over_get_is_refused(db: Database, http: httpx.AsyncClient) -> None:
    topic = await make_topic(db)
    draft = await make_article(db, topic, published=False)

    response = await http.get(
        "/graphql",
        params={
            "query": 'mutation { publishArticle(input: {id: "ID"}) { errors { code } } }'.replace(
                "ID", encode_id("Article", draft.id)
            )
        },
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "mutations are not allowed when using GET", "extensions": {"code": "BAD_USER_INPUT"}}
        ],
    }


async def test_a_body_that_is_not_json_is_refused_as_json(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", content=b"{kapot", headers={"Content-Type": "application/json"})
    no_query = await http.post("/graphql", json={"variables": {}})

    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "Unable to parse request body as JSON", "extensions": {"code": "BAD_USER_INPUT"}}
        ],
    }
    assert no_query.status_code == 400
    assert no_query.json() == {
        "data": None,
        "errors": [
            {"message": "No GraphQL query found in the request", "extensions": {"code": "BAD_USER_INPUT"}}
        ],
    }


async def test_a_browser_gets_graphiql(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"Accept": "text/html,application/xhtml+xml"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "graphiql" in response.text.lower()


async def test_the_root_leads_to_graphiql(http: httpx.AsyncClient) -> None:
    response = await http.get("/")

    assert (response.status_code, response.headers["location"]) == (307, "/graphql")


async def test_health(http: httpx.AsyncClient) -> None:
    """The old name of /readyz, whose answer tests/test_probes.py checks in full."""
    response = await http.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
