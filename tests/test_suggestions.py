"""With introspection off (production), errors do not suggest names ("Did you mean …?")."""

from __future__ import annotations

from typing import Any

import httpx

from graph.schema.schema import build_schema
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, run_server

MEMBERSHIP = "mutation ($i: RequestMembershipInput!) { requestMembership(input: $i) { errors { code } } }"


def error(message: str, column: int = 3) -> dict[str, Any]:
    return {
        "message": message,
        "locations": [{"line": 1, "column": column}],
        "extensions": {"code": "BAD_USER_INPUT"},
    }


async def test_with_introspection_off_no_error_suggests_a_name(settings: Settings) -> None:
    with run_server(settings.model_copy(update={"introspection": False})) as private:
        async with httpx.AsyncClient(base_url=private.url) as http:
            gql = GraphQLClient(http)
            field = await gql("{ topicz }")
            argument = await gql("{ articles(frist: 1) { totalCount } }")
            type_name = await gql("query ($n: Integer) { articles(first: $n) { totalCount } }")
            enum_value = await gql(MEMBERSHIP, {"i": {"partyId": "x", "role": "CHAIRR"}})
            input_field = await gql(MEMBERSHIP, {"i": {"partyId": "x", "role": "CHAIR", "rol": "CHAIR"}})

    assert field == {"data": None, "errors": [error("Cannot query field 'topicz' on type 'Query'.")]}
    assert argument == {
        "data": None,
        "errors": [error("Unknown argument 'frist' on field 'Query.articles'.", 12)],
    }
    assert type_name["errors"][0] == error("Unknown type 'Integer'.", 12)
    assert enum_value == {
        "data": None,
        "errors": [
            error(
                "Variable '$i' has invalid value at .role: Value 'CHAIRR' does not exist in 'MemberRole' enum.",
                11,
            )
        ],
    }
    assert input_field == {
        "data": None,
        "errors": [
            error(
                "Variable '$i' has invalid value: Expected value of type 'RequestMembershipInput' not to include "
                "unknown field 'rol', found: {'partyId': 'x', 'role': 'CHAIR', 'rol': 'CHAIR'}.",
                11,
            )
        ],
    }


async def test_with_introspection_on_errors_do_suggest(gql: GraphQLClient) -> None:
    """Development (the suite's own server): suggestions help whoever writes the query."""
    assert await gql("{ topicz }") == {
        "data": None,
        "errors": [error("Cannot query field 'topicz' on type 'Query'. Did you mean 'topics'?")],
    }


async def test_subscriptions_suggest_nothing_either() -> None:
    schema = build_schema(Settings(introspection=False))

    results = await schema.subscribe("subscription { notificationReceivd { cursor } }")
    first = await anext(results)  # type: ignore[arg-type]

    assert [error.message for error in first.errors] == [
        "Cannot query field 'notificationReceivd' on type 'Subscription'."
    ]
