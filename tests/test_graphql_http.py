"""GraphQL over HTTP: request bodies and their limits, operations refused by transport,
media types and status codes as the spec reads, and graphql-http's server audit."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from graph.media_types import GRAPHQL_RESPONSE_JSON, JSON, response_media_type
from graph.request_limits import json_depth_exceeds
from kennispunt.settings import Settings
from tests import npm
from tests.conftest import RunningServer, run_server
from tests.test_realtime import graphql_ws, receive

MiB = 1024 * 1024
TESTS = Path(__file__).resolve().parent
MODERN = {"Accept": GRAPHQL_RESPONSE_JSON}


def refused(message: str) -> dict[str, Any]:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]}


NOT_AN_OBJECT = refused(
    'De body van het verzoek moet een JSON-object zijn, zoals {"query": "{ topics { name } }"}.'
)
TOO_DEEP = refused(
    "De JSON van het verzoek is te diep genest (hoogstens 32 niveaus in variables en extensions)."
)
TOO_LARGE = refused("Het verzoek is te groot (hoogstens 1048576 bytes).")


def nested(depth: int) -> Any:
    """A JSON value of exactly ``depth`` levels: ``{"a": {"a": ... 1}}``."""
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


async def post_raw(http: httpx.AsyncClient, body: bytes, **headers: str) -> httpx.Response:
    return await http.post("/graphql", content=body, headers={"Content-Type": "application/json", **headers})


# --- bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [b'"abc"', b"123", b"null", b"true", b"[]", b'[{"query": "{ __typename }"}]']
)
async def test_a_body_that_is_not_a_json_object_is_refused(http: httpx.AsyncClient, body: bytes) -> None:
    response = await post_raw(http, body)

    assert (response.status_code, response.json()) == (400, NOT_AN_OBJECT)


async def test_refusals_speak_english_on_request(http: httpx.AsyncClient) -> None:
    response = await post_raw(http, b"123", **{"Accept-Language": "en"})

    assert response.json() == refused(
        'The request body must be a JSON object, such as {"query": "{ topics { name } }"}.'
    )


async def test_a_body_that_is_not_utf8_is_refused(http: httpx.AsyncClient) -> None:
    latin1 = '{"query": "{ __typename }", "variables": {"naam": "Café"}}'.encode("latin-1")
    utf16 = '{"query": "{ __typename }"}'.encode("utf-16")

    for body in (latin1, utf16, b'{"query": "\xc3("}'):
        response = await post_raw(http, body)
        assert (response.status_code, response.json()) == (
            400,
            refused("De body van het verzoek is geen geldige UTF-8."),
        ), body


async def test_json_strings_that_are_not_unicode_are_refused(http: httpx.AsyncClient) -> None:
    """A lone surrogate escape is valid JSON but no text: no database could store it."""
    query = '"query": "query ($s: String) { municipalities(search: $s) { totalCount } }"'
    in_variables = [
        '{%s, "variables": {"s": "\\ud800"}}' % query,
        '{%s, "variables": {"s": "a\\udc00b"}}' % query,
        '{%s, "variables": {"\\ud800": "x"}}' % query,
    ]
    for body in in_variables:  # as every operation's variables are, on both transports (graph/admission.py)
        response = await post_raw(http, body.encode())
        assert (response.status_code, response.json()) == (
            200,
            refused("Tekst mag geen NUL-teken (U+0000) en geen losse surrogaten (U+D800–U+DFFF) bevatten."),
        ), body
    bodies = [
        '{%s, "extensions": {"trace": ["\\udfff"]}}' % query,
        '{%s, "operationName": "\\ud800"}' % query,
    ]
    for body in bodies:
        response = await post_raw(http, body.encode())
        assert (response.status_code, response.json()) == (
            400,
            refused(
                "Het verzoek bevat tekst die geen geldige Unicode is (een losse surrogaat, zoals \\ud800)."
            ),
        ), body

    emoji = await post_raw(http, ('{%s, "variables": {"s": "\\ud83d\\ude00"}}' % query).encode())
    assert emoji.json() == {"data": {"municipalities": {"totalCount": 0}}}


async def test_a_utf8_body_with_a_byte_order_mark_is_read(http: httpx.AsyncClient) -> None:
    response = await post_raw(http, b"\xef\xbb\xbf" + b'{"query": "{ __typename }"}')

    assert response.json() == {"data": {"__typename": "Query"}}


async def test_json_nested_beyond_what_the_parser_follows_is_refused(http: httpx.AsyncClient) -> None:
    """Python's json gives up (RecursionError) near 1000 levels: that is a 400, not a 500."""
    deep_list = b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}}"
    deep_unknown_key = b'{"query": "{ __typename }", "x": ' + b'{"a":' * 5_000 + b"1" + b"}" * 5_000 + b"}"

    for body in (deep_list, deep_unknown_key):
        response = await post_raw(http, body)
        assert (response.status_code, response.json()) == (400, TOO_DEEP)


async def test_variables_and_extensions_nest_at_most_32_levels(http: httpx.AsyncClient) -> None:
    query = "{ __typename }"

    allowed = await http.post("/graphql", json={"query": query, "variables": {"y": nested(31)}})
    deep_variables = await http.post("/graphql", json={"query": query, "variables": {"y": nested(32)}})
    deep_extensions = await http.post("/graphql", json={"query": query, "extensions": {"y": nested(32)}})
    deep_get = await http.get("/graphql", params={"query": query, "variables": json.dumps({"y": nested(32)})})

    assert allowed.json() == {"data": {"__typename": "Query"}}
    for response in (deep_variables, deep_extensions, deep_get):
        assert (response.status_code, response.json()) == (400, TOO_DEEP)


async def test_a_websocket_message_nested_beyond_the_parser_is_invalid_json(server: RunningServer) -> None:
    """The same decoder reads WebSocket messages: there it is the protocol's 4400, not a crash."""
    async with graphql_ws(server) as connection:
        assert await receive(connection) == {"type": "connection_ack"}
        await connection.send(
            '{"type": "subscribe", "id": "1", "payload": ' + "[" * 100_000 + "]" * 100_000 + "}"
        )
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(connection)

    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4400, "Invalid message")


@pytest.mark.parametrize(
    ("value", "limit", "exceeds"),
    [
        (1, 0, False),
        ("tekst", 0, False),
        ({}, 0, True),
        ({}, 1, False),
        ([1, [2]], 1, True),
        ([1, [2]], 2, False),
        ({"a": [{"b": None}]}, 3, False),
        ({"a": [{"b": None}]}, 2, True),
        (nested(32), 32, False),
        (nested(33), 32, True),
    ],
)
def test_json_depth(value: object, limit: int, exceeds: bool) -> None:
    assert json_depth_exceeds(value, limit) is exceeds


def test_json_depth_is_measured_without_recursion_in_linear_time() -> None:
    """100 000 levels (a recursive walk dies near 1 000) and 300 000 containers side by side."""
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    wide = {f"k{number}": [number, {"v": number}] for number in range(100_000)}

    started = time.perf_counter()
    assert json_depth_exceeds(deep, 32) is True
    assert json_depth_exceeds(deep, 100_001) is False  # 100 000 wrapped around []
    assert json_depth_exceeds(wide, 32) is False
    assert json_depth_exceeds(wide, 2) is True
    assert time.perf_counter() - started < 10  # linear: well under a second; quadratic: hours


async def test_a_body_over_the_limit_is_refused_before_it_is_read(http: httpx.AsyncClient) -> None:
    padding = MiB - len(b'{"query": "{ __typename }", "x": ""}')
    at_limit = b'{"query": "{ __typename }", "x": "' + b" " * padding + b'"}'
    assert len(at_limit) == MiB

    allowed = await post_raw(http, at_limit)
    declared = await post_raw(http, at_limit + b" ")

    assert allowed.json() == {"data": {"__typename": "Query"}}
    assert (declared.status_code, declared.json()) == (413, TOO_LARGE)


async def chunks(total: int, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    yield b'{"query": "{ __typename }", "x": "'
    for _ in range(total // size):
        yield b" " * size
    yield b'"}'


async def test_a_chunked_body_is_counted_as_it_arrives(http: httpx.AsyncClient) -> None:
    """No Content-Length to go by: the bytes are counted, and the refusal comes at the limit."""
    small = await http.post(
        "/graphql", content=chunks(MiB // 2), headers={"Content-Type": "application/json"}
    )
    large = await http.post("/graphql", content=chunks(2 * MiB), headers={"Content-Type": "application/json"})

    assert small.json() == {"data": {"__typename": "Query"}}
    assert (large.status_code, large.json()) == (413, TOO_LARGE)


async def test_a_body_that_never_ends_is_refused_while_it_is_still_coming(server: RunningServer) -> None:
    """The server answers 413 once a chunked body passes the limit, without waiting for its end."""
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        f"POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )

    async def response() -> tuple[bytes, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        return head, await reader.readexactly(length)

    answer = asyncio.create_task(response())
    chunk = b" " * (64 * 1024)
    sent = 0
    while not answer.done() and sent < 64 * MiB:
        writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        await writer.drain()
        sent += len(chunk)
        await asyncio.sleep(0)
    head, body = await asyncio.wait_for(answer, 10)
    writer.close()

    assert head.startswith(b"HTTP/1.1 413 ")
    assert json.loads(body) == TOO_LARGE
    assert sent < 64 * MiB


async def test_the_body_limit_is_configurable(settings: Settings) -> None:
    with run_server(settings.model_copy(update={"max_body_bytes": 4096})) as small:
        async with httpx.AsyncClient(base_url=small.url) as http:
            fits = await post_raw(http, b'{"query": "{ __typename }", "x": "' + b" " * 4000 + b'"}')
            over = await post_raw(
                http, b'{"query": "{ __typename }", "x": "' + b" " * 4096 + b'"}', **{"Accept-Language": "en"}
            )

    assert fits.json() == {"data": {"__typename": "Query"}}
    assert (over.status_code, over.json()) == (413, refused("The request is too large (at most 4096 bytes)."))


async def test_operation_name_must_be_a_string(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "query Q { __typename }", "operationName": ["Q"]})

    assert (response.status_code, response.json()) == (400, refused("operationName moet een tekst zijn."))


# --- operations and transports --------------------------------------------------------

SUBSCRIPTION = "subscription { notificationReceived { cursor } }"
OVER_HTTP = refused(
    "Abonnementen (subscriptions) lopen over een WebSocket op /graphql (graphql-transport-ws), niet over GET of POST."
)


async def test_a_subscription_over_post_or_get_is_refused(http: httpx.AsyncClient) -> None:
    posted = await http.post("/graphql", json={"query": SUBSCRIPTION})
    got = await http.get("/graphql", params={"query": SUBSCRIPTION})
    english = await http.get("/graphql", params={"query": SUBSCRIPTION}, headers={"Accept-Language": "en"})

    for response in (posted, got):
        assert (response.status_code, response.headers["allow"], response.json()) == (405, "", OVER_HTTP)
    assert english.json()["errors"][0]["message"] == (
        "Subscriptions run over a WebSocket at /graphql (graphql-transport-ws), not over GET or POST."
    )


async def test_other_methods_are_not_allowed(http: httpx.AsyncClient) -> None:
    response = await http.put("/graphql", json={"query": "{ __typename }"})

    assert (response.status_code, response.headers["allow"]) == (405, "GET, POST")
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "GraphQL only supports GET and POST requests.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


async def test_an_operation_name_that_is_not_in_the_document_is_a_graphql_request_error(
    http: httpx.AsyncClient,
) -> None:
    body = {"query": "query A { __typename }", "operationName": "B"}
    legacy = await http.post("/graphql", json=body)
    modern = await http.post("/graphql", json=body, headers=MODERN)

    error = {"message": 'Unknown operation named "B".', "extensions": {"code": "BAD_USER_INPUT"}}
    assert (legacy.status_code, legacy.json()) == (200, {"data": None, "errors": [error]})
    assert (modern.status_code, modern.json()) == (400, {"errors": [error]})


# --- media types and status codes -----------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        ("application/json; charset=utf-8", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE_JSON),
        (
            "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8",
            GRAPHQL_RESPONSE_JSON,
        ),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json;q=0.5", JSON),
        ("application/graphql-response+json;q=0, */*", JSON),
        ("application/graphql-response+json, */*;q=0.1", GRAPHQL_RESPONSE_JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("text/plain", None),
        ("application/json;q=0", None),
        ("this is no media type", JSON),
    ],
)
def test_the_response_media_type_follows_accept(accept: str | None, media_type: str | None) -> None:
    assert response_media_type(accept) == media_type


async def test_a_client_that_accepts_graphql_response_json_gets_it(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }"}, headers=MODERN)
    legacy = await http.post("/graphql", json={"query": "{ __typename }"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}
    assert legacy.headers["content-type"] == "application/json"


async def test_request_errors_are_4xx_without_data_for_graphql_response_json(http: httpx.AsyncClient) -> None:
    """Syntax, validation and variable errors: the operation never ran. Legacy
    application/json clients keep 200 with "data": null, as the spec asks."""
    cases = [
        (
            {"query": "{ topics { id }"},
            "Syntax Error: Expected Name, found <EOF>.",
            {"line": 1, "column": 16},
        ),
        (
            {"query": "{ geheimen }"},
            "Cannot query field 'geheimen' on type 'Query'.",
            {"line": 1, "column": 3},
        ),
        (
            {"query": "query ($slug: String!) { article(slug: $slug) { id } }", "variables": {"slug": None}},
            "Variable '$slug' has invalid value: Expected value of non-null type 'String!' not to be None.",
            {"line": 1, "column": 8},
        ),
    ]
    for body, message, location in cases:
        error = {"message": message, "locations": [location], "extensions": {"code": "BAD_USER_INPUT"}}
        modern = await http.post("/graphql", json=body, headers=MODERN)
        legacy = await http.post("/graphql", json=body)

        assert (modern.status_code, modern.json()) == (400, {"errors": [error]})
        assert modern.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
        assert (legacy.status_code, legacy.json()) == (200, {"data": None, "errors": [error]})


async def test_a_limit_refused_before_execution_is_a_400_too(http: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"t{number}: topics {{ id }}" for number in range(31)) + " }"

    response = await http.post("/graphql", json={"query": query}, headers=MODERN)

    assert response.status_code == 400
    assert [error["extensions"] for error in response.json()["errors"]] == [{"code": "QUERY_TOO_COMPLEX"}]
    assert "data" not in response.json()


async def test_a_field_error_is_a_200_with_data(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": '{ node(id: "nonsens") { id } }'}, headers=MODERN)

    assert response.status_code == 200
    assert response.json() == {
        "data": {"node": None},
        "errors": [
            {
                "message": "Dit is geen geldig ID.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["node"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }


async def test_refusals_before_graphql_use_the_negotiated_media_type(http: httpx.AsyncClient) -> None:
    modern = await post_raw(http, b"123", **MODERN)
    unknown_hash = await http.post(
        "/graphql",
        json={"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}},
        headers=MODERN,
    )

    assert (modern.status_code, modern.headers["content-type"]) == (
        400,
        "application/graphql-response+json; charset=utf-8",
    )
    assert modern.json() == {"errors": NOT_AN_OBJECT["errors"]}
    assert (unknown_hash.status_code, unknown_hash.json()) == (
        400,
        {
            "errors": [
                {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
            ]
        },
    )


async def test_a_client_that_accepts_neither_media_type_gets_406(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __typename }"}, headers={"Accept": "text/plain"})

    assert (response.status_code, response.json()) == (
        406,
        refused(
            "Deze API antwoordt in application/graphql-response+json of application/json; "
            "de Accept-header sluit beide uit."
        ),
    )


async def test_public_get_answers_vary_on_accept(http: httpx.AsyncClient) -> None:
    modern = await http.get("/graphql", params={"query": "{ topics { id } }"}, headers=MODERN)

    assert modern.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert modern.headers["cache-control"] == "public, max-age=60"
    assert modern.headers["vary"] == "Origin, Accept-Language, Authorization, Cookie, Accept"


# --- the spec's own audit -------------------------------------------------------------


async def test_graphql_http_server_audit_passes_every_must_and_should(server: RunningServer) -> None:
    """graphql-http's ``auditServer`` (npm), run by Node.js against the running server."""
    npm.ensure_node_modules(
        TESTS,
        "graphql-http",
        minimum_node=(18, 0),
        purpose="the GraphQL-over-HTTP audit runs graphql-http's auditServer",
    )
    result = await asyncio.to_thread(
        subprocess.run,
        ["node", str(TESTS / "graphql_http" / "audit.mjs"), f"{server.url}/graphql"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    audits = [json.loads(line) for line in result.stdout.splitlines()]
    failed = [(audit["id"], audit["name"], audit["reason"]) for audit in audits if audit["status"] != "ok"]
    passed = Counter(audit["name"].split()[0] for audit in audits if audit["status"] == "ok")

    assert failed == []
    assert passed == {"MUST": 13, "SHOULD": 23, "MAY": 25}
