"""GraphiQL in a real browser with every host but the server unreachable: the page, a
query, the headers panel and a subscription work from the server's own files alone.

Headless Chromium (Debian's ``/usr/bin/chromium``, or ``KENNISPUNT_CHROMIUM``) driven by
Playwright; a request to any other origin is aborted and recorded, and there must be none.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pytest

from graph.ids import encode_id
from kennispunt.db import Database
from kennispunt.settings import origin_of
from tests.browser import CHROMIUM_ARGS, require_chromium
from tests.conftest import RunningServer
from tests.factories import (
    make_article,
    make_token,
    make_topic,
    make_training,
    make_user,
    make_verified_member,
)

CHROMIUM = require_chromium("the GraphiQL browser test needs it")

from playwright.async_api import Browser, Page, Route, async_playwright, expect

WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)
CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


@dataclass
class Session:
    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def csp_violations(self) -> list[str]:
        return await self.page.evaluate("window.cspViolations")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def graphiql(browser: Browser, server: RunningServer) -> AsyncIterator[Session]:
    """A fresh browser context in which only the server's origin answers."""
    context = await browser.new_context(locale="nl-NL")
    context.set_default_timeout(WAIT_MS)
    page = await context.new_page()
    session = Session(page)

    async def only_the_server(route: Route) -> None:
        if origin_of(route.request.url) == server.url:
            await route.continue_()
        else:
            session.blocked.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", only_the_server)
    await context.add_init_script(CSP_WATCH)
    page.on("request", lambda request: session.requests.append(request.url))
    page.on("websocket", lambda socket: session.sockets.append(socket.url))
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    yield session
    await context.close()


async def open_graphiql(session: Session, server: RunningServer, query: str) -> Page:
    page = session.page
    await page.goto(f"{server.url}/graphql?q={quote(query)}")
    await expect(page.locator(".graphiql-execute-button")).to_be_visible()
    return page


def assert_nothing_left_the_server(session: Session, server: RunningServer) -> None:
    assert session.blocked == []
    assert {origin_of(url) for url in session.requests if not url.startswith("data:")} == {server.url}
    assert session.errors == []


async def test_graphiql_runs_a_query_with_its_own_assets_only(
    db: Database, server: RunningServer, graphiql: Session
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Een afdeling oprichten", summary="Zo begin je.")

    page = await open_graphiql(
        graphiql, server, "query Latest { articles(first: 1) { edges { node { title } } } }"
    )
    await page.locator(".graphiql-execute-button").click()

    await expect(page.locator(".result-window")).to_contain_text('"title": "Een afdeling oprichten"')
    await expect(page.get_by_role("button", name="Show GraphiQL Explorer")).to_be_visible()
    await page.get_by_role("button", name="Show GraphiQL Explorer").click()
    await expect(page.locator(".graphiql-explorer-root")).to_be_visible()
    assert await graphiql.csp_violations() == []
    assert_nothing_left_the_server(graphiql, server)
    assert graphiql.sockets == []


async def test_the_headers_panel_sends_a_token(
    db: Database, server: RunningServer, graphiql: Session
) -> None:
    user = await make_user(db, "redacteur@example.org", "Rosa Redacteur")
    token = await make_token(db, user)

    page = await open_graphiql(graphiql, server, "query Me { viewer { user { displayName } } }")
    await page.get_by_role("button", name="Headers").click()
    headers = page.locator(".graphiql-editor-tool .graphiql-editor").last
    await headers.click()
    await page.keyboard.type(json.dumps({"Authorization": f"Bearer {token}"}))
    await page.locator(".graphiql-execute-button").click()

    await expect(page.locator(".result-window")).to_contain_text('"displayName": "Rosa Redacteur"')
    assert await graphiql.csp_violations() == []
    assert_nothing_left_the_server(graphiql, server)


async def test_a_subscription_runs_over_the_websocket(
    db: Database, server: RunningServer, graphiql: Session
) -> None:
    training = await make_training(db, "Debatteren in de raad", capacity=5)
    subscription = (
        f'subscription Seats {{ trainingUpdated(trainingId: "{encode_id("Training", training.id)}") '
        "{ title seatsLeft } }"
    )

    page = await open_graphiql(graphiql, server, subscription)
    await page.locator(".graphiql-execute-button").click()
    result = page.locator(".result-window")
    await expect(result).to_contain_text('"seatsLeft": 5')

    member = await make_verified_member(db, "deelnemer@example.org", "Anouk Jansen")
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": "mutation ($id: ID!) { registerForTraining(input: {trainingId: $id}) { errors { message } } }",
                "variables": {"id": encode_id("Training", training.id)},
            },
            headers={"Authorization": f"Bearer {await make_token(db, member)}"},
        )
    assert response.json() == {"data": {"registerForTraining": {"errors": []}}}

    await expect(result).to_contain_text('"seatsLeft": 4')
    assert graphiql.sockets == [server.url.replace("http://", "ws://") + "/graphql"]
    assert await graphiql.csp_violations() == []
    assert_nothing_left_the_server(graphiql, server)
