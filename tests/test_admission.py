"""What an operation must pass before it runs: its cost, the points budget, and documents
built to make the checks themselves slow (`graph.admission`, `graph.cost`, `graph.limits`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, RunningServer, run_server
from tests.factories import make_partner_key, make_token, make_user

NESTED = (
    "municipalities(first: {outer}) {{ edges {{ node {{ parties(first: {inner}) {{ totalCount }} }} }} }}"
)


def too_costly(cost: int, *, column: int = 1, language: str = "nl") -> dict[str, Any]:
    message = (
        f"De query vraagt te veel op: {cost} objecten, hoogstens 10000. Vraag kleinere pagina's op."
        if language == "nl"
        else f"The query asks for too much: {cost} objects, at most 10000. Ask for smaller pages."
    )
    return {
        "data": None,
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": column}],
                "extensions": {"code": "QUERY_TOO_COMPLEX", "cost": cost, "limit": 10000},
            }
        ],
    }


# --- cost -------------------------------------------------------------------------------


async def test_a_connection_multiplies_what_lies_below_it_by_first(gql: GraphQLClient) -> None:
    at_the_limit = await gql("{ " + NESTED.format(outer=100, inner=99) + " }")  # 100 + 100 × 99
    over_the_limit = await gql("{ " + NESTED.format(outer=100, inner=100) + " }")  # 100 + 100 × 100
    english = await gql("{ " + NESTED.format(outer=100, inner=100) + " }", language="en")

    assert "errors" not in at_the_limit
    assert over_the_limit == too_costly(10_100)
    assert english == too_costly(10_100, language="en")


async def test_thirty_aliased_lists_nested_three_deep_are_refused_before_they_run(gql: GraphQLClient) -> None:
    """30 × (100 + 100 × 100 + 100 × 100 × 100) nodes: 1.7 MB of answer, refused at once."""
    query = (
        "{ "
        + " ".join(
            f"a{n}: municipalities(first: 100) {{ edges {{ node {{ parties(first: 100) {{ edges {{ node {{"
            " members(first: 100) { totalCount } } } } } } }"
            for n in range(30)
        )
        + " }"
    )

    result = await gql(query)

    assert result == too_costly(30 * (100 + 10_000 + 1_000_000))


async def test_cost_follows_variables_defaults_and_fragments(gql: GraphQLClient) -> None:
    by_variable = await gql("query ($n: Int) { " + NESTED.format(outer="$n", inner=100) + " }", {"n": 100})
    by_default = await gql("query ($n: Int = 100) { " + NESTED.format(outer="$n", inner=100) + " }")
    by_page_size = await gql("{ municipalities { edges { node { parties(first: 100) { totalCount } } } } }")
    through_fragments = await gql(
        "{ municipalities(first: 100) { ...Page } }"
        " fragment Page on MunicipalityConnection { edges { node { ...Parties } } }"
        " fragment Parties on Municipality { parties(first: 100) { totalCount } }"
    )

    assert by_variable == too_costly(10_100)
    assert by_default == too_costly(10_100)
    assert "errors" not in by_page_size  # 20 (the default page) + 20 × 100
    assert through_fragments == too_costly(10_100)


async def test_a_plain_list_counts_as_ten_and_nodes_as_many_as_asked(gql: GraphQLClient) -> None:
    ids = ["TXVuaWNpcGFsaXR5OjE"] * 100
    under = await gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Municipality { parties(first: 99) { totalCount } } } }",
        {"ids": ids},
    )
    over = await gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Municipality { parties(first: 100) { totalCount } } } }",
        {"ids": ids},
    )
    topics = await gql("{ topics { id } forumCategories { threads(first: 100) { totalCount } } }")

    assert "errors" not in under  # 100 + 100 × 99
    assert over == too_costly(10_100)
    assert topics == {"data": {"topics": [], "forumCategories": []}}  # 10 + 10 + 10 × 100


# --- the points budget ------------------------------------------------------------------


def reset_at(result: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(result["data"]["rateLimit"].pop("resetAt"))


async def test_a_signed_in_user_sees_the_budget_and_pays_per_operation(
    db: Database, gql: GraphQLClient
) -> None:
    token = await make_token(db, await make_user(db))
    query = "{ rateLimit { limit cost nodeCount used remaining resetAt } }"

    first = await gql(query, token=token)
    second = await gql(query, token=token)
    heavy = await gql(
        "{ a: "
        + NESTED.format(outer=100, inner=1)
        + " b: "
        + NESTED.format(outer=100, inner=1)
        + " rateLimit { cost nodeCount used remaining resetAt } }",
        token=token,
    )
    anonymous = await gql(query)

    assert datetime.now().astimezone() < reset_at(first) <= datetime.now().astimezone() + timedelta(hours=1)
    reset_at(second)
    reset_at(heavy)
    assert first == {
        "data": {"rateLimit": {"limit": 5000, "cost": 1, "nodeCount": 0, "used": 1, "remaining": 4999}}
    }
    assert second == {
        "data": {"rateLimit": {"limit": 5000, "cost": 1, "nodeCount": 0, "used": 2, "remaining": 4998}}
    }
    # 2 × (1 + 100) fetches of a page: 202 / 100 rounds to 2 points
    assert heavy["data"]["rateLimit"] == {"cost": 2, "nodeCount": 400, "used": 4, "remaining": 4996}
    assert anonymous == {"data": {"rateLimit": None}}


@pytest.fixture(scope="module")
def small_budget(settings: Settings) -> Iterator[RunningServer]:
    with run_server(
        settings.model_copy(update={"user_points_per_hour": 3, "partner_points_per_hour": 2})
    ) as running:
        yield running


async def test_an_exhausted_budget_refuses_with_the_time_to_wait(
    db: Database, small_budget: RunningServer
) -> None:
    token = await make_token(db, await make_user(db))
    async with httpx.AsyncClient(base_url=small_budget.url) as http:
        answers = [
            (
                await http.post(
                    "/graphql",
                    json={"query": "{ topics { id } }"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            ).json()
            for _ in range(4)
        ]

    assert answers[:3] == [{"data": {"topics": []}}] * 3
    refused = answers[3]["errors"][0]
    extensions = refused.pop("extensions")
    assert refused == {
        "message": "Je puntenbudget voor dit uur is op: deze query kost 1 punten, er zijn er nog 0. "
        f"Probeer het over {extensions['retryAfter']} seconden opnieuw."
    }
    assert datetime.fromisoformat(extensions.pop("resetAt")) <= datetime.now().astimezone() + timedelta(
        hours=1
    )
    assert 0 < extensions.pop("retryAfter") <= 3600
    assert extensions == {"code": "RATE_LIMITED", "cost": 1, "remaining": 0}
    assert answers[3]["data"] is None


async def test_a_partner_key_has_a_budget_of_its_own(db: Database, small_budget: RunningServer) -> None:
    key = await make_partner_key(db, origins=[])
    async with httpx.AsyncClient(base_url=small_budget.url) as http:
        answers = [
            (
                await http.post(
                    "/graphql", json={"query": "{ rateLimit { remaining } }"}, headers={"X-Api-Key": key}
                )
            ).json()
            for _ in range(3)
        ]

    assert answers[:2] == [
        {"data": {"rateLimit": {"remaining": 1}}},
        {"data": {"rateLimit": {"remaining": 0}}},
    ]
    assert [error["extensions"]["code"] for error in answers[2]["errors"]] == ["RATE_LIMITED"]


# --- documents built to make the checks slow ----------------------------------------------


def fragment_chain(length: int, leaf: str = "__typename") -> str:
    """Each fragment spreads the next one twice: 2**length paths through ``length`` fragments."""
    fragments = "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n" for i in range(length))
    return "{ ...F0 }\n" + fragments + f"fragment F{length} on Query {{ {leaf} }}\n"


async def test_fragments_that_spread_each_other_twice_are_checked_in_linear_time(gql: GraphQLClient) -> None:
    """2**40 paths: a rule that walked every path would not finish in this lifetime."""
    started = time.perf_counter()
    answered = await gql(fragment_chain(40))
    costly = await gql(fragment_chain(40, NESTED.format(outer=100, inner=100)))
    elapsed = time.perf_counter() - started

    assert answered == {"data": {"__typename": "Query"}}
    assert costly == too_costly(10_100)
    assert elapsed < 1.0


async def test_a_fragment_chain_too_deep_is_refused_in_linear_time(gql: GraphQLClient) -> None:
    deep = (
        "municipalities { edges { node { parties { edges { node { municipality { parties { edges { node {"
        " municipality { parties { totalCount } } } } } } } } } } } }"
    )
    started = time.perf_counter()
    refused = await gql(fragment_chain(40, deep))
    elapsed = time.perf_counter() - started

    assert refused == {
        "data": None,
        "errors": [
            {
                "message": "De query is te diep genest (hoogstens 12 niveaus).",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }
    assert elapsed < 1.0


async def test_one_field_repeated_a_thousand_times_is_refused_before_validation(gql: GraphQLClient) -> None:
    """graphql-core compares every pair of same-named fields: 4 s of CPU for the last document."""
    twenty = "{ " + "topics { id } " * 20 + "}"
    repeated = "{ " + "topics { id } " * 21 + "}"
    through_a_fragment = "{ ...F } fragment F on Query { " + "topics { id } " * 1000 + "}"

    allowed = await gql(twenty)
    refused = await gql(repeated)
    started = time.perf_counter()
    refused_through_fragment = await gql(through_a_fragment)
    elapsed = time.perf_counter() - started

    assert allowed == {"data": {"topics": []}}
    assert refused == {
        "data": None,
        "errors": [
            {
                "message": "Een veld komt te vaak voor in één selectie (hoogstens 20 keer).",
                "locations": [{"line": 1, "column": 2 + 14 * 20 + 1}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }
    assert refused_through_fragment["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert elapsed < 1.0


async def test_field_merging_that_would_take_seconds_is_given_up_quickly(gql: GraphQLClient) -> None:
    """Twenty fields of one name, each with twenty subfields of one name: 152,000 comparisons."""
    query = "{ " + ("topics { " + "id " * 20 + "} ") * 20 + "}"

    started = time.perf_counter()
    result = await gql(query)
    english = await gql(query, language="en")
    elapsed = time.perf_counter() - started

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "De query is te ingewikkeld om te controleren.",
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }
    assert english["errors"][0]["message"] == "The query is too complex to check."
    assert elapsed < 1.0


async def test_introspection_nested_through_types_is_too_complex(gql: GraphQLClient) -> None:
    result = await gql("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }")

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "Maximum introspection depth exceeded",
                "locations": [{"line": 1, "column": 3}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }


# --- each document text checked once ------------------------------------------------------


PERSONAL = "{ viewer { user { displayName } } }"
DEEP = (
    "{ municipalities { edges { node { parties { edges { node { municipality { parties { edges { node {"
    " municipality { parties { totalCount } } } } } } } } } } } } }"
)


async def test_a_document_checked_before_is_refused_to_a_partner_key_every_time(
    db: Database, http: httpx.AsyncClient
) -> None:
    """The text is checked once, anonymously first; the partner key's refusal still
    comes every time, and anonymous callers still get their answer."""
    key = await make_partner_key(db, origins=[])

    async def send(**headers: str) -> Any:
        return (await http.post("/graphql", json={"query": PERSONAL}, headers=headers)).json()

    anonymous = [await send(), await send()]
    as_partner = [await send(**{"X-Api-Key": key}), await send(**{"X-Api-Key": key})]
    anonymous_again = await send()

    assert anonymous == [{"data": {"viewer": None}}] * 2
    assert (
        as_partner
        == [
            {
                "data": None,
                "errors": [
                    {
                        "message": "Met een API-sleutel zijn alleen openbare gegevens op te vragen, niet Query.viewer.",
                        "extensions": {"code": "FORBIDDEN"},
                    }
                ],
            }
        ]
        * 2
    )
    assert anonymous_again == anonymous[0]


async def test_a_document_checked_before_is_refused_anonymously_every_time(gql: GraphQLClient) -> None:
    too_deep = {
        "data": None,
        "errors": [
            {
                "message": "De query is te diep genest (hoogstens 12 niveaus).",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "QUERY_TOO_COMPLEX"},
            }
        ],
    }
    unstorable = {
        "data": None,
        "errors": [
            {
                "message": "Tekst mag geen NUL-teken (U+0000) en geen losse surrogaten (U+D800–U+DFFF) bevatten.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    by_slug = "query ($slug: String!) { article(slug: $slug) { id } }"
    costly = "query ($n: Int) { " + NESTED.format(outer="$n", inner=100) + " }"

    assert [await gql(DEEP), await gql(DEEP)] == [too_deep, too_deep]
    assert [await gql(costly, {"n": 100}), await gql(costly, {"n": 100})] == [too_costly(10_100)] * 2
    assert "errors" not in await gql(costly, {"n": 99})  # the same text; its cost follows the variables
    assert [
        await gql(by_slug, {"slug": "a"}),
        await gql(by_slug, {"slug": "a\u0000b"}),
        await gql(by_slug, {"slug": "a"}),
        await gql(by_slug, {"slug": "a\u0000b"}),
    ] == [{"data": {"article": None}}, unstorable, {"data": {"article": None}}, unstorable]


async def test_the_checked_documents_a_process_keeps_are_bounded(settings: Settings) -> None:
    with run_server(settings.model_copy(update={"document_cache_tokens": 60})) as server:
        documents = server.app.state.schema.documents
        texts = [f"{{ a{number}: __typename }}" for number in range(40)]  # 7 tokens each, <SOF> and <EOF> too
        async with httpx.AsyncClient(base_url=server.url) as http:
            answers = [(await http.post("/graphql", json={"query": text})).json() for text in texts]
            oversized = "{ " + " ".join(f"b{number}: __typename" for number in range(25)) + " }"
            too_big = (await http.post("/graphql", json={"query": oversized})).json()

    assert answers[-1] == {"data": {"a39": "Query"}}
    assert too_big["data"]["b24"] == "Query"
    assert (len(documents), documents.tokens) == (8, 56)  # the 8 most recent, 7 tokens each
    assert documents.document(texts[-1]) is not None
    assert documents.document(texts[0]) is None
    assert documents.document(oversized) is None  # more tokens than the whole cache holds
