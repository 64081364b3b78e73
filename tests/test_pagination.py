"""Connections paged backwards: `last` from the end of the list or `before` a cursor (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.pagination import encode_cursor
from kennispunt.db import Database
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import make_party

MUNICIPALITIES = """
query ($last: Int, $before: String, $first: Int, $after: String) {
  municipalities(last: $last, before: $before, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } }
  }
}
"""
CODES_ONLY = "query ($last: Int) { municipalities(last: $last) { edges { node { code } } } }"


async def test_the_last_municipalities_come_from_the_end_of_the_list(gql: GraphQLClient) -> None:
    result = await gql(MUNICIPALITIES, {"last": 2})

    assert result == {
        "data": {
            "municipalities": {
                "totalCount": 342,
                "pageInfo": {
                    "hasNextPage": False,
                    "hasPreviousPage": True,
                    "startCursor": encode_cursor(340),
                    "endCursor": encode_cursor(341),
                },
                "edges": [
                    {"cursor": encode_cursor(340), "node": {"code": "GM0642"}},
                    {"cursor": encode_cursor(341), "node": {"code": "GM0193"}},
                ],
            }
        }
    }
    # the same page without totalCount: counting is then only to find the end
    assert (await gql(CODES_ONLY, {"last": 2}))["data"]["municipalities"]["edges"] == [
        {"node": {"code": "GM0642"}},
        {"node": {"code": "GM0193"}},
    ]


async def test_municipalities_before_a_cursor(gql: GraphQLClient) -> None:
    result = await gql(MUNICIPALITIES, {"last": 2, "before": encode_cursor(3)})

    assert result == {
        "data": {
            "municipalities": {
                "totalCount": 342,
                "pageInfo": {
                    "hasNextPage": True,
                    "hasPreviousPage": True,
                    "startCursor": encode_cursor(1),
                    "endCursor": encode_cursor(2),
                },
                "edges": [
                    {"cursor": encode_cursor(1), "node": {"code": "GM0796"}},
                    {"cursor": encode_cursor(2), "node": {"code": "GM1680"}},
                ],
            }
        }
    }
    # fewer before the cursor than asked: the page starts at the list's start
    start = (await gql(MUNICIPALITIES, {"last": 5, "before": encode_cursor(1)}))["data"]["municipalities"]
    assert start["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": encode_cursor(0),
        "endCursor": encode_cursor(0),
    }
    assert start["edges"] == [{"cursor": encode_cursor(0), "node": {"code": "GM0518"}}]


async def test_last_more_than_the_list_is_all_of_it(db: Database, gql: GraphQLClient) -> None:
    await make_party(db, "den-haag-0", "Partij 0", "GM0518")
    query = """{ municipalities(first: 1) { edges { node { parties(last: 5) {
        totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { slug } } } } } } }"""

    result = await gql(query)

    assert result["data"]["municipalities"]["edges"] == [
        {
            "node": {
                "parties": {
                    "totalCount": 1,
                    "pageInfo": {"hasNextPage": False, "hasPreviousPage": False},
                    "edges": [{"cursor": encode_cursor(0), "node": {"slug": "den-haag-0"}}],
                }
            }
        }
    ]


async def test_the_last_parties_of_many_municipalities_in_a_constant_number_of_statements(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    for code, town in (("GM1680", "aa-en-hunze"), ("GM0518", "den-haag"), ("GM0796", "den-bosch")):
        for number in range(3):
            await make_party(db, f"{town}-{number}", f"Partij {number} {town}", code)
    query = """
    query ($first: Int, $before: String) {
      municipalities(first: $first) {
        edges { node { code parties(last: 2, before: $before) {
          totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { slug } } } } }
      }
    }
    """
    uncounted = """
    query ($first: Int) {
      municipalities(first: $first) { edges { node { parties(last: 2) { pageInfo { hasPreviousPage } } } } }
    }
    """

    with count_statements(server.db) as small:
        five = await gql(query, {"first": 5})
    with count_statements(server.db) as large:
        fifty = await gql(query, {"first": 50})
    with count_statements(server.db) as small_uncounted:
        await gql(uncounted, {"first": 5})
    with count_statements(server.db) as large_uncounted:
        await gql(uncounted, {"first": 50})
    before = await gql(query, {"first": 5, "before": encode_cursor(2)})

    def town(code: str, slug: str, offsets: tuple[int, int], previous: bool, more: bool) -> dict[str, Any]:
        return {
            "code": code,
            "parties": {
                "totalCount": 3,
                "pageInfo": {"hasNextPage": more, "hasPreviousPage": previous},
                "edges": [
                    {"cursor": encode_cursor(offset), "node": {"slug": f"{slug}-{offset}"}}
                    for offset in offsets
                ],
            },
        }

    empty = {"totalCount": 0, "pageInfo": {"hasNextPage": False, "hasPreviousPage": False}, "edges": []}
    assert five["data"]["municipalities"]["edges"][:4] == [
        {"node": town("GM0518", "den-haag", (1, 2), previous=True, more=False)},
        {"node": town("GM0796", "den-bosch", (1, 2), previous=True, more=False)},
        {"node": town("GM1680", "aa-en-hunze", (1, 2), previous=True, more=False)},
        {"node": {"code": "GM0358", "parties": empty}},
    ]
    assert before["data"]["municipalities"]["edges"][:3] == [
        {"node": town("GM0518", "den-haag", (0, 1), previous=False, more=True)},
        {"node": town("GM0796", "den-bosch", (0, 1), previous=False, more=True)},
        {"node": town("GM1680", "aa-en-hunze", (0, 1), previous=False, more=True)},
    ]
    assert fifty["data"]["municipalities"]["edges"][:5] == five["data"]["municipalities"]["edges"]
    assert small.count == large.count
    assert small_uncounted.count == large_uncounted.count


@pytest.mark.parametrize(
    ("variables", "dutch", "english"),
    [
        (
            {"first": 2, "last": 2},
            "Geef 'first' of 'last', niet allebei.",
            "Give 'first' or 'last', not both.",
        ),
        (
            {"last": 2, "after": encode_cursor(3)},
            "'first' gaat samen met 'after', 'last' met 'before'; ze mengen niet.",
            "'first' goes with 'after', 'last' with 'before'; they do not mix.",
        ),
        (
            {"before": encode_cursor(3)},
            "'first' gaat samen met 'after', 'last' met 'before'; ze mengen niet.",
            "'first' goes with 'after', 'last' with 'before'; they do not mix.",
        ),
        ({"last": 101}, "'last' mag hoogstens 100 zijn.", "'last' may be at most 100."),
        ({"last": -1}, "'last' mag niet negatief zijn.", "'last' may not be negative."),
        ({"last": 2, "before": "nonsense"}, "Deze cursor is ongeldig.", "This cursor is not valid."),
    ],
)
async def test_combinations_we_do_not_page_by_are_refused(
    gql: GraphQLClient, variables: dict[str, Any], dutch: str, english: str
) -> None:
    result = await gql(MUNICIPALITIES, variables)

    assert result["data"] is None
    assert [(error["message"], error["extensions"]["code"]) for error in result["errors"]] == [
        (dutch, "BAD_USER_INPUT")
    ]
    assert (await gql(MUNICIPALITIES, variables, language="en"))["errors"][0]["message"] == english
