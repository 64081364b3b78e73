"""Prometheus metrics as Prometheus scrapes them: after real traffic the counters moved,
by exactly as much as the traffic made them; and /metrics is never open in production."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import websockets
from prometheus_client.parser import text_string_to_metric_families

from graph.ids import encode_id
from kennispunt.db import Database
from kennispunt.events.service import record_event
from kennispunt.mail.models import DeliveryStatus, MailDelivery
from kennispunt.settings import Settings
from syndication.embed import EMBED_QUERIES
from tests.conftest import RunningServer, free_port, run_server
from tests.factories import make_partner_key, make_token, make_training, make_verified_member

TOKEN = "scrape-me-4f1c"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


class Scraper:
    def __init__(self, url: str, token: str | None = TOKEN) -> None:
        self.url = url
        self.token = token

    async def __call__(self) -> Samples:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with httpx.AsyncClient(timeout=30) as http:
            response = await http.get(self.url, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/plain; version=")
        return parse(response.text)


@pytest.fixture(scope="module")
def metrics_server(settings: Settings) -> Iterator[RunningServer]:
    """Production, with a scrape token; watchers poll rarely, so an unpublished event waits."""
    update = {"environment": "production", "metrics_token": TOKEN, "live_poll_seconds": 60.0}
    with run_server(settings.model_copy(update=update)) as running:
        yield running


@pytest.fixture
async def scrape(metrics_server: RunningServer) -> Scraper:
    return Scraper(f"{metrics_server.url}/metrics")


@pytest.fixture
async def api(metrics_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=metrics_server.url, timeout=30) as http:
        yield http


async def post(
    api: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> Any:
    response = await api.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    return response.json()


async def test_operations_are_counted_by_known_name_type_and_outcome(
    api: httpx.AsyncClient, scrape: Scraper
) -> None:
    before = await scrape()

    await post(api, "query EmbedArticles { articles(first: 1) { totalCount } }")
    await post(api, "query EmbedArticles { articles(first: 1) { totalCount } }")
    await post(api, "query WhateverClientsCall { __typename }")
    await post(api, "query Broken { node(id: 12) { id } }")  # an Int where an ID is wanted
    await post(api, '{ node(id: "bm90LWFuLWlk") { id } }')  # a malformed global ID
    await post(
        api, 'mutation Publish { publishArticle(input: {id: "x"}) { errors { code } } }'
    )  # payload errors
    await post(api, "query {")  # not even parsed

    after = await scrape()
    moved = {
        key: after[key] - before.get(key, 0.0)
        for key in after
        if key[0] in ("kennispunt_graphql_operations_total", "kennispunt_graphql_errors_total")
        and after[key] != before.get(key, 0.0)
    }
    operations = "kennispunt_graphql_operations_total"
    assert moved == {
        (operations, frozenset({("operation", "EmbedArticles"), ("type", "query"), ("outcome", "ok")})): 2,
        (operations, frozenset({("operation", "other"), ("type", "query"), ("outcome", "ok")})): 1,
        (operations, frozenset({("operation", "other"), ("type", "query"), ("outcome", "error")})): 2,
        (operations, frozenset({("operation", "other"), ("type", "mutation"), ("outcome", "ok")})): 1,
        (operations, frozenset({("operation", "other"), ("type", "unknown"), ("outcome", "error")})): 1,
        ("kennispunt_graphql_errors_total", frozenset({("code", "BAD_USER_INPUT")})): 3,
    }
    histogram = "kennispunt_graphql_operation_duration_seconds_count"
    assert (
        value(after, histogram, operation="EmbedArticles", type="query")
        - value(before, histogram, operation="EmbedArticles", type="query")
        == 2
    )
    requests = "kennispunt_http_requests_total"
    labels = {"route": "/graphql", "method": "POST", "status": "200"}
    assert value(after, requests, **labels) - value(before, requests, **labels) == 7
    assert (
        value(after, "kennispunt_http_request_duration_seconds_count", route="/graphql")
        - value(before, "kennispunt_http_request_duration_seconds_count", route="/graphql")
        == 7
    )


async def test_rate_limit_refusals_are_counted(db: Database, api: httpx.AsyncClient, scrape: Scraper) -> None:
    key = await make_partner_key(db, origins=[], rate="1/minute")
    before = await scrape()

    statuses = [
        (
            await api.get("/graphql", params={"query": "{ __typename }"}, headers={"X-Api-Key": key})
        ).status_code
        for _ in range(3)
    ]

    after = await scrape()
    assert statuses == [200, 429, 429]
    refusals = "kennispunt_rate_limit_refusals_total"
    assert value(after, refusals, limit="api:partner") - value(before, refusals, limit="api:partner") == 2


async def test_sockets_subscriptions_watchers_backlog_and_lag(
    db: Database, metrics_server: RunningServer, api: httpx.AsyncClient, scrape: Scraper
) -> None:
    training = await make_training(db, "Campagne voeren", capacity=5)
    member = await make_verified_member(db)
    token = await make_token(db, member)
    before = await scrape()
    subscription = {
        "query": EMBED_QUERIES["EmbedTrainingSeats"],
        "variables": {"id": encode_id("Training", training.id)},
    }

    url = metrics_server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await socket.recv()) == {"type": "connection_ack"}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscription}))
        assert json.loads(await socket.recv())["payload"]["data"]["trainingUpdated"]["seatsLeft"] == 5
        await scrape_until(scrape, "kennispunt_watchers", before, 1)  # it follows the training from now on

        async with db.transaction() as session:  # committed, but not published: the watcher has yet to see it
            await record_event(session, "registration.test", "training", training.id)
        live = await scrape()

        registered = await post(
            api,
            "mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { errors { code } } }",
            {"id": encode_id("Training", training.id)},
            Authorization=f"Bearer {token}",
        )
        assert registered == {"data": {"registerForTraining": {"errors": []}}}
        seats = [
            json.loads(await socket.recv())["payload"]["data"]["trainingUpdated"]["seatsLeft"]
            for _ in range(2)
        ]
        delivered = await scrape_until(scrape, "kennispunt_event_delivery_lag_seconds_count", before, 2)

    assert seats == [4, 4]  # both events, woken by the registration: each shows the training as it is now
    assert value(live, "kennispunt_websockets") == value(before, "kennispunt_websockets") + 1
    assert value(live, "kennispunt_graphql_subscriptions", operation="EmbedTrainingSeats") == 1
    # beside the training's watcher, each process has one of its own for access changes (realtime/access.py)
    assert value(live, "kennispunt_watchers") == value(before, "kennispunt_watchers") + 1
    assert value(live, "kennispunt_watcher_followers") == value(before, "kennispunt_watcher_followers") + 1
    assert value(live, "kennispunt_outbox_backlog_events") == 1
    assert value(delivered, "kennispunt_outbox_backlog_events") == 0

    operation = {"operation": "EmbedTrainingSeats", "type": "subscription", "outcome": "ok"}
    after = await scrape_until(
        scrape, "kennispunt_graphql_operations_total", before, 1, **operation
    )  # counted at its end
    assert value(after, "kennispunt_websockets") == value(before, "kennispunt_websockets")
    assert value(after, "kennispunt_graphql_subscriptions", operation="EmbedTrainingSeats") == 0
    assert value(after, "kennispunt_watchers") == value(before, "kennispunt_watchers")


async def scrape_until(scrape: Scraper, name: str, before: Samples, delta: float, **labels: str) -> Samples:
    """Scrape until ``name`` moved by ``delta`` (the server counts right after it sent)."""
    for _ in range(100):
        samples = await scrape()
        if value(samples, name, **labels) - value(before, name, **labels) >= delta:
            assert value(samples, name, **labels) - value(before, name, **labels) == delta
            return samples
        await asyncio.sleep(0.05)
    raise AssertionError(f"{name} did not move by {delta}")


async def test_mail_pool_and_broker_state(db: Database, settings: Settings, scrape: Scraper) -> None:
    training = await make_training(db)
    async with db.transaction() as session:
        events = [await record_event(session, "test", "training", training.id) for _ in range(3)]
        session.add_all(
            MailDelivery(event_id=event.id, recipient="lid@example.org", subject="Re: vraag", status=status)
            for event, status in zip(
                events, (DeliveryStatus.PENDING, DeliveryStatus.FAILED, DeliveryStatus.FAILED), strict=True
            )
        )

    samples = await scrape()

    assert value(samples, "kennispunt_mail_deliveries", status="pending") == 1
    assert value(samples, "kennispunt_mail_deliveries", status="failed") == 2
    assert value(samples, "kennispunt_mail_deliveries", status="sending") == 0
    assert value(samples, "kennispunt_metrics_database_read_ok") == 1
    assert value(samples, "kennispunt_broker_connected") == 1
    assert value(samples, "kennispunt_db_pool_size") == (
        5 if settings.database_url.startswith("sqlite") else 10
    )
    assert ("kennispunt_db_pool_in_use", frozenset()) in samples
    assert value(samples, "process_resident_memory_bytes") > 0


async def test_scrapes_need_the_token(api: httpx.AsyncClient) -> None:
    missing = await api.get("/metrics")
    wrong = await api.get("/metrics", headers={"Authorization": "Bearer not-it"})
    right = await api.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert (missing.status_code, missing.headers["www-authenticate"]) == (401, 'Bearer realm="metrics"')
    assert wrong.status_code == 401
    assert right.status_code == 200


async def test_a_port_of_their_own_and_not_the_public_one(settings: Settings) -> None:
    port = free_port()
    update = {"environment": "production", "metrics_port": port, "metrics_host": "127.0.0.1"}
    with run_server(settings.model_copy(update=update)) as server:
        async with httpx.AsyncClient(timeout=30) as http:
            public = await http.get(f"{server.url}/metrics")
            elsewhere = await http.get(f"http://127.0.0.1:{port}/other")
        samples = await Scraper(f"http://127.0.0.1:{port}/metrics", token=None)()
    assert public.status_code == 404
    assert elsewhere.status_code == 404
    assert value(samples, "kennispunt_metrics_database_read_ok") == 1


async def test_production_without_port_or_token_serves_no_metrics(settings: Settings) -> None:
    with run_server(settings.model_copy(update={"environment": "production"})) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            response = await http.get("/metrics")
    assert response.status_code == 404


async def test_development_serves_them_openly(http: httpx.AsyncClient) -> None:
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert "kennispunt_graphql_operations_total" in response.text
