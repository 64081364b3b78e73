"""The probes as Kubernetes and compose call them: /livez, /readyz and its old name /healthz."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kennispunt.migrate import head_revision, upgrade
from kennispunt.settings import Settings
from tests.conftest import RunningServer, free_port, run_server
from tests.live import redis_server

HEAD = head_revision()


def ready(broker: dict[str, str]) -> dict[str, object]:
    return {
        "status": "ok",
        "checks": {"database": {"status": "ok", "revision": HEAD, "head": HEAD}, "broker": broker},
    }


@pytest.fixture
def broker(settings: Settings) -> dict[str, str]:
    return {"status": "ok", "backend": "redis" if settings.redis_url else "memory"}


async def test_livez_answers_without_looking_further(http: httpx.AsyncClient) -> None:
    response = await http.get("/livez")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert response.headers["cache-control"] == "no-store"


async def test_readyz_and_healthz_check_database_and_broker(
    http: httpx.AsyncClient, broker: dict[str, str]
) -> None:
    for path in ("/readyz", "/healthz"):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (200, ready(broker)), path
        assert response.headers["cache-control"] == "no-store"


@pytest.fixture
def sqlite_at(tmp_path: Path, settings: Settings) -> Iterator[object]:
    """``sqlite_at(revision)``: a server on a SQLite file whose recorded revision is ``revision``."""

    def at(revision: str) -> Iterator[RunningServer]:
        path = tmp_path / f"at-{revision}.db"
        url = f"sqlite+aiosqlite:///{path}"
        known = min(revision, HEAD)
        upgrade(url, known)
        if known != revision:
            with sqlite3.connect(path) as connection:
                connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        return run_server(settings.model_copy(update={"database_url": url, "redis_url": None}))

    yield at


async def test_a_database_behind_the_code_is_not_ready(sqlite_at) -> None:  # type: ignore[no-untyped-def]
    with sqlite_at("0007") as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "database": {
                "status": "unavailable",
                "revision": "0007",
                "head": HEAD,
                "reason": f"the database is at revision 0007, this version needs {HEAD}: run 'kennispunt db upgrade'",
            },
            "broker": {"status": "ok", "backend": "memory"},
        },
    }


async def test_a_later_release_s_revision_keeps_the_old_replica_ready(sqlite_at) -> None:  # type: ignore[no-untyped-def]
    later = f"{int(HEAD) + 1:04d}"
    with sqlite_at(later) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == {
        "status": "ok",
        "revision": later,
        "head": HEAD,
        "note": "migrated by a later release",
    }


async def test_an_unreachable_database_is_unavailable_without_saying_where(settings: Settings) -> None:
    nowhere = f"postgresql+asyncpg://kennispunt:secret@127.0.0.1:{free_port()}/kennispunt"
    with run_server(settings.model_copy(update={"database_url": nowhere, "redis_url": None})) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            ready_response = await http.get("/readyz")
            live = await http.get("/livez")
    assert ready_response.status_code == 503
    assert ready_response.json() == {
        "status": "unavailable",
        "checks": {
            "database": {"status": "unavailable", "reason": "the database is unreachable"},
            "broker": {"status": "ok", "backend": "memory"},
        },
    }
    assert live.status_code == 200  # alive all the same: restarting would not bring the database back


async def test_without_redis_the_replica_is_degraded_not_unready(settings: Settings) -> None:
    with (
        redis_server() as redis,
        run_server(settings.model_copy(update={"redis_url": redis.url, "live_poll_seconds": 2.0})) as server,
    ):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            assert (await wait_for_broker(http, "ok"))["status"] == "ok"
            redis.stop()
            degraded = await wait_for_broker(http, "degraded")
            redis.start()
            back = await wait_for_broker(http, "ok")

    assert degraded == {
        "status": "degraded",
        "checks": {
            "database": {"status": "ok", "revision": HEAD, "head": HEAD},
            "broker": {
                "status": "degraded",
                "backend": "redis",
                "reason": "not connected to redis; live updates arrive by polling every 2 s",
            },
        },
    }
    assert back["status"] == "ok"


async def wait_for_broker(http: httpx.AsyncClient, status: str) -> dict[str, object]:
    for _ in range(200):
        response = await http.get("/readyz")
        assert response.status_code == 200
        if response.json()["checks"]["broker"]["status"] == status:
            return response.json()  # type: ignore[no-any-return]
        await asyncio.sleep(0.05)
    raise AssertionError(f"the broker did not become {status}: {response.json()}")


async def test_probes_are_never_rate_limited(settings: Settings) -> None:
    with run_server(settings.model_copy(update={"anonymous_rate": "1/minute"})) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            queries = [await http.get("/graphql", params={"query": "{ __typename }"}) for _ in range(2)]
            probes = [await http.get(path) for path in ("/livez", "/readyz", "/healthz") * 3]
    assert [response.status_code for response in queries] == [200, 429]
    assert {response.status_code for response in probes} == {200}
