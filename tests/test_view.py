"""What an HTTP request leaves behind: no reference cycles of ours for the garbage collector.

A cycle per request (the context kept on ``request.state``, which points back to the
request; loaders holding their own bound methods; classes made per request) leaves
everything hanging off it to the collector, which then costs a large share of the CPU.
graphql-core's executor and uvicorn each still make one small cycle per request.
"""

from __future__ import annotations

import asyncio
import gc
import http.client
import json
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kennispunt.db import Database
from tests.conftest import RunningServer
from tests.factories import make_article, make_token, make_topic, make_user

OURS = ("Request", "State", "Context", "OperationOutcome", "Loaders", "Viewer", "Authentication")
"""Per-request objects that must never be part of a reference cycle."""


@contextmanager
def collected_garbage() -> Iterator[list[Any]]:
    """With the collector off, what the block leaves in reference cycles (filled in at the end)."""
    garbage: list[Any] = []
    gc.collect()
    gc.disable()
    try:
        yield garbage
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        garbage.extend(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def in_a_cycle(start: object, garbage: list[Any]) -> bool:
    """Whether ``start`` is on a reference cycle (rather than only hanging off one)."""
    within = {id(item) for item in garbage}
    seen = {id(start)}
    pending = deque([start])
    while pending:
        for referent in gc.get_referents(pending.popleft()):
            if referent is start:
                return True
            if id(referent) in within and id(referent) not in seen:
                seen.add(id(referent))
                pending.append(referent)
    return False


def post_many(server: RunningServer, query: str, token: str | None, times: int) -> None:
    """Plain ``http.client`` on one kept-alive connection: a client that leaves next to no garbage of its own."""
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"))
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    body = json.dumps({"query": query})
    try:
        for _ in range(times):
            connection.request("POST", "/graphql", body, headers)
            response = connection.getresponse()
            assert response.status == 200 and b'"errors"' not in response.read()
    finally:
        connection.close()


async def test_requests_leave_no_reference_cycles_of_ours(db: Database, server: RunningServer) -> None:
    topic = await make_topic(db)
    for number in range(5):
        await make_article(db, topic, f"Artikel {number}")
    token = await make_token(db, await make_user(db))
    page = "{ articles(first: 5) { edges { node { title topic { name } } } } }"
    for query in ("{ __typename }", page):  # warm: the documents are parsed and checked once
        await asyncio.to_thread(post_many, server, query, token, 2)

    with collected_garbage() as garbage:
        await asyncio.to_thread(post_many, server, "{ __typename }", None, 10)
        await asyncio.to_thread(post_many, server, page, None, 10)
        await asyncio.to_thread(post_many, server, page, token, 10)

    kinds = Counter(type(item).__name__ for item in garbage)
    ours = [item for item in garbage if type(item).__name__ in OURS or type(item).__name__.endswith("Loader")]
    assert [type(item).__name__ for item in ours if in_a_cycle(item, garbage)] == []
    assert kinds["type"] == 0, [
        item for item in garbage if isinstance(item, type)
    ]  # no class made per request
    assert len(garbage) < 30 * 200, kinds.most_common(10)  # 50 to 100 a request, all theirs (1,250 before)
