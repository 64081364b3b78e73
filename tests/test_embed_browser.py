"""The embeds in a real browser: a partner's page on another origin loads
``/embed/kennispunt.js`` and its elements in headless Chromium (driven by Playwright).

The API runs on ``http://127.0.0.1:<port>``, the partner's page on
``http://localhost:<other port>``: two origins, as on the web. Needs Chromium (Debian's
``/usr/bin/chromium``, or ``KENNISPUNT_CHROMIUM``) and Node.js for axe-core (test extras).
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

import httpx
import pytest

from graph.ids import encode_id
from kennispunt.db import Database, utcnow
from kennispunt.settings import origin_of
from syndication.embed import SCRIPT_PATH
from tests import npm
from tests.browser import CHROMIUM_ARGS, require_chromium
from tests.conftest import RunningServer, free_port
from tests.factories import (
    make_article,
    make_partner_key,
    make_party,
    make_token,
    make_topic,
    make_training,
    make_verified_member,
)

CHROMIUM = require_chromium("the embeds' browser test needs it")

from playwright.async_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Route,
    WebSocketRoute,
    async_playwright,
    expect,
)

TESTS = Path(__file__).resolve().parent
WAIT_MS = 15_000
expect.set_options(timeout=WAIT_MS)
ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


# --- the partner's site ----------------------------------------------------------------


class PartnerSite:
    """A partner's web server: the pages in ``pages`` at ``http://localhost:<port>``."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = pages.get(self.path)
                body = (page or "niet gevonden").encode()
                self.send_response(200 if page is not None else 404)
                self.send_header(
                    "Content-Type", "text/html; charset=utf-8" if page is not None else "text/plain"
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        port = free_port()
        self.origin = f"http://localhost:{port}"
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def partner_page(api: str, key: str, widgets: str) -> str:
    return f"""<!doctype html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Gemeente Utrecht: lokale politiek</title>
  <link rel="icon" href="data:,">
  <script src="{api}{SCRIPT_PATH}" data-api-key="{escape(key)}" defer></script>
</head>
<body>
  <main>
    <h1>Lokale politiek in Utrecht</h1>
    {widgets}
  </main>
</body>
</html>"""


@pytest.fixture(scope="module")
def partner() -> Iterator[PartnerSite]:
    with PartnerSite() as site:
        yield site


# --- the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture(scope="module")
def axe_script() -> Path:
    npm.ensure_node_modules(
        TESTS,
        "axe-core",
        minimum_node=(18, 0),
        purpose="the embeds' browser test checks accessibility with axe-core",
    )
    return TESTS / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class Visit:
    """A partner page open in a fresh browser context, and what happened on it."""

    page: Page
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, url)
    sockets: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def widget(self, selector: str) -> Locator:
        return self.page.locator(selector)


Prepare = Callable[[Page], Awaitable[None]]
OpenPage = Callable[..., Awaitable[Visit]]


@pytest.fixture
async def open_page(browser: Browser, partner: PartnerSite) -> AsyncIterator[OpenPage]:
    """``await open_page(api, key, widgets)``: the partner page with those widgets, in a
    fresh browser context (no cookies, no cache), loaded; ``prepare`` runs before it loads."""
    contexts: list[BrowserContext] = []

    async def opener(api: str, key: str, widgets: str, prepare: Prepare | None = None) -> Visit:
        partner.pages["/"] = partner_page(api, key, widgets)
        context = await browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        page = await context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append((request.method, request.url)))
        page.on("websocket", lambda socket: seen.sockets.append(socket.url))
        page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        if prepare is not None:
            await prepare(page)
        await page.goto(partner.origin + "/")
        return seen

    yield opener
    for context in contexts:
        await context.close()


# --- content ---------------------------------------------------------------------------


@dataclass
class Content:
    articles: list[tuple[str, str]]  # (title, slug), newest first, topic "campagne"
    trainings: list[tuple[str, str, Any]]  # (title, slug, model), soonest first


async def some_content(db: Database) -> Content:
    campagne = await make_topic(db, "campagne", "Campagne voeren")
    organisatie = await make_topic(db, "organisatie", "Organisatie", position=1)
    now = utcnow().replace(microsecond=0)
    written = []
    for days, title in (
        (4, "Een campagneplan schrijven"),
        (3, "Flyeren in de wijk"),
        (2, "Debatteren voor beginners"),
    ):
        written.append(
            await make_article(
                db,
                campagne,
                title,
                summary=f"Over: {title.lower()}.",
                published_at=now - timedelta(days=days),
            )
        )
    await make_article(db, campagne, "Concept: de verkiezingsavond", published=False)
    await make_article(db, organisatie, "Een vereniging oprichten", published_at=now - timedelta(hours=1))
    first = await make_training(
        db, "Campagne voeren in de gemeente", capacity=5, starts_in=timedelta(days=10)
    )
    second = await make_training(
        db, "Debattraining voor raadsleden", capacity=12, starts_in=timedelta(days=20), sessions=3
    )
    await make_training(db, "Nog niet aangekondigd", starts_in=timedelta(days=5), published=False)
    await make_party(
        db,
        slug="lokaal-utrecht",
        name="Lokaal Utrecht",
        seats=3,
        website="https://lokaalutrecht.example",
        description="Een lokale partij voor heel Utrecht.",
    )
    return Content(
        articles=[(article.title, article.slug) for article in reversed(written)],
        trainings=[(training.title, training.slug, training) for training in (first, second)],
    )


WIDGETS = """
    <kennispunt-articles topic="campagne" limit="2"></kennispunt-articles>
    <kennispunt-trainings limit="3"></kennispunt-trainings>
    <aside lang="en"><kennispunt-trainings limit="1" heading-level="3"></kennispunt-trainings></aside>
    <kennispunt-party slug="lokaal-utrecht"></kennispunt-party>
"""


async def register(server: RunningServer, db: Database, training: Any) -> None:
    """A member takes a seat, through the API (as on the Kennispunt site)."""
    member = await make_verified_member(db, "deelnemer@example.org", "Anouk Jansen")
    mutation = "mutation ($input: RegisterForTrainingInput!) { registerForTraining(input: $input) { errors { message } } }"
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": mutation,
                "variables": {"input": {"trainingId": encode_id("Training", training.id)}},
            },
            headers={"Authorization": f"Bearer {await make_token(db, member)}"},
        )
    assert response.json() == {"data": {"registerForTraining": {"errors": []}}}


# --- tests -----------------------------------------------------------------------------


async def test_a_partner_page_shows_the_widgets_and_stays_private_and_accessible(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage, axe_script: Path
) -> None:
    content = await some_content(db)
    key = await make_partner_key(db, origins=[partner.origin])
    seen = await open_page(server.url, key, WIDGETS)

    articles = seen.widget("kennispunt-articles")
    await expect(articles.get_by_role("heading", level=2)).to_have_text("Artikelen van Kennispunt")
    links = articles.get_by_role("list").get_by_role("link")
    await expect(links).to_have_text([title for title, _ in content.articles[:2]])
    for index, (_title, slug) in enumerate(content.articles[:2]):
        await expect(links.nth(index)).to_have_attribute("href", f"{server.url}/kennisbank/{slug}")
    await expect(articles.locator("time").first).to_have_attribute("datetime", ISO_MOMENT)

    trainings = seen.widget("kennispunt-trainings:not([heading-level])")
    await expect(trainings.get_by_role("heading", level=3)).to_have_text(
        [title for title, _, _ in content.trainings]
    )
    await expect(trainings.get_by_role("link")).to_have_text([title for title, _, _ in content.trainings])
    await expect(trainings.get_by_role("link").first).to_have_attribute(
        "href", f"{server.url}/trainingen/{content.trainings[0][1]}"
    )
    await expect(trainings.locator("[aria-live=polite]")).to_have_text(
        ["Nog 5 plaatsen vrij", "Nog 12 plaatsen vrij"]
    )
    await expect(trainings.get_by_role("listitem").nth(1)).to_contain_text("cursus van 3 bijeenkomsten")
    english = seen.widget("kennispunt-trainings[heading-level]")
    await expect(english.get_by_role("heading", level=3)).to_have_text("Trainings from Kennispunt")
    await expect(english.locator("[aria-live=polite]")).to_have_text(["5 seats left"])

    party = seen.widget("kennispunt-party")
    await expect(party.get_by_role("heading", level=2)).to_have_text("Lokaal Utrecht")
    await expect(party.locator("dd")).to_have_text(["Utrecht", "3", "Website van Lokaal Utrecht"])
    await expect(party.get_by_role("link")).to_have_attribute("href", "https://lokaalutrecht.example/")
    await expect(party).to_contain_text("Een lokale partij voor heel Utrecht.")

    page = seen.page
    assert await page.context.cookies() == []
    assert await page.evaluate("[document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    origins = {origin_of(url) for _, url in seen.requests if not url.startswith("data:")}
    assert origins == {partner.origin, server.url}, seen.requests
    # the shipped queries are pinned: persisted-query GETs, no POST with the text
    api_calls = [method for method, url in seen.requests if url.startswith(f"{server.url}/graphql")]
    assert api_calls == ["GET"] * 4, seen.requests
    assert seen.sockets == [server.url.replace("http://", "ws://") + "/graphql"]
    assert seen.errors == []
    assert [line for line in seen.console if line.startswith(("error", "warning"))] == []

    await page.add_script_tag(path=str(axe_script))
    report = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    grave = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in report["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert grave == []


async def test_seats_left_change_live_without_a_reload(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage
) -> None:
    content = await some_content(db)
    key = await make_partner_key(db, origins=[partner.origin])
    seen = await open_page(server.url, key, WIDGETS)
    dutch = seen.widget("kennispunt-trainings:not([heading-level])").locator("[aria-live=polite]")
    english = seen.widget("kennispunt-trainings[heading-level]").locator("[aria-live=polite]")
    await expect(dutch).to_have_text(["Nog 5 plaatsen vrij", "Nog 12 plaatsen vrij"])
    await expect(english).to_have_text(["5 seats left"])
    await seen.page.evaluate("window.loadedOnce = true")

    await register(server, db, content.trainings[0][2])

    await expect(dutch).to_have_text(["Nog 4 plaatsen vrij", "Nog 12 plaatsen vrij"])
    await expect(english).to_have_text(["4 seats left"])
    assert await seen.page.evaluate("window.loadedOnce") is True  # no reload
    assert len(seen.sockets) == 1  # one connection for both widgets
    assert seen.errors == []


async def test_changed_attributes_render_again(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage
) -> None:
    content = await some_content(db)
    key = await make_partner_key(db, origins=[partner.origin])
    seen = await open_page(
        server.url, key, '<kennispunt-articles topic="campagne" limit="1"></kennispunt-articles>'
    )
    articles = seen.widget("kennispunt-articles")
    await expect(articles.get_by_role("listitem")).to_have_count(1)

    await articles.evaluate(
        "element => { element.setAttribute('limit', '3'); element.setAttribute('lang', 'en'); }"
    )

    await expect(articles.get_by_role("heading", level=2)).to_have_text("Articles from Kennispunt")
    await expect(articles.get_by_role("list").get_by_role("link")).to_have_text(
        [title for title, _ in content.articles]
    )
    await expect(articles.locator("p.meta").first).to_contain_text("Published on")
    assert seen.errors == []


async def test_an_unknown_key_gives_a_message_and_no_crash(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage
) -> None:
    await some_content(db)
    seen = await open_page(
        server.url, "kp_onbekend", '<kennispunt-party slug="lokaal-utrecht"></kennispunt-party>'
    )
    party = seen.widget("kennispunt-party")
    await expect(party.get_by_role("heading", level=2)).to_have_text("Partijprofiel")
    await expect(party.locator("p.message")).to_have_text(
        "Deze informatie van Kennispunt kan nu niet worden geladen. Probeer het later opnieuw."
    )
    assert seen.errors == []


async def test_a_hash_the_server_does_not_know_is_sent_again_with_its_text(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage
) -> None:
    await some_content(db)
    key = await make_partner_key(db, origins=[partner.origin])

    async def forget_hashes(page: Page) -> None:
        """Answer persisted-query GETs as a replica that has not seen the hash would."""
        not_found = {
            "errors": [
                {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
            ]
        }
        headers = {"Access-Control-Allow-Origin": partner.origin}

        async def answer(route: Route) -> None:
            if route.request.method == "GET":
                await route.fulfill(status=200, json=not_found, headers=headers)
            else:
                await route.fallback()

        await page.route(f"{server.url}/graphql?*", answer)

    seen = await open_page(
        server.url, key, '<kennispunt-party slug="lokaal-utrecht"></kennispunt-party>', forget_hashes
    )
    await expect(seen.widget("kennispunt-party").get_by_role("heading", level=2)).to_have_text(
        "Lokaal Utrecht"
    )
    assert [method for method, url in seen.requests if url.startswith(f"{server.url}/graphql")] == [
        "GET",
        "POST",
    ]
    assert seen.errors == []


async def test_live_seats_resume_after_the_connection_drops(
    db: Database, server: RunningServer, partner: PartnerSite, open_page: OpenPage
) -> None:
    content = await some_content(db)
    key = await make_partner_key(db, origins=[partner.origin])
    connections: asyncio.Queue[WebSocketRoute] = asyncio.Queue()

    async def through_a_proxy(page: Page) -> None:
        """Pass the page's WebSockets on to the server, so the test can cut one."""

        def connect(socket: WebSocketRoute) -> None:
            socket.connect_to_server()
            connections.put_nowait(socket)

        await page.route_web_socket(server.url.replace("http://", "ws://") + "/graphql", connect)

    widget = '<kennispunt-trainings limit="1"></kennispunt-trainings>'
    seen = await open_page(server.url, key, widget, through_a_proxy)
    seats = seen.widget("kennispunt-trainings").locator("[aria-live=polite]")
    await expect(seats).to_have_text(["Nog 5 plaatsen vrij"])
    first = await asyncio.wait_for(connections.get(), WAIT_MS / 1000)

    await first.close(code=1012, reason="Service Restart")
    await register(server, db, content.trainings[0][2])

    await asyncio.wait_for(connections.get(), WAIT_MS / 1000)  # it connected again
    await expect(seats).to_have_text(["Nog 4 plaatsen vrij"])
    assert seen.errors == []


async def test_the_example_page_works_under_its_content_security_policy(
    db: Database, server: RunningServer, browser: Browser
) -> None:
    """``/embed/`` runs the script, its requests and its WebSocket within the page's own
    policy (`kennispunt.security_headers`): the browser reports no violation."""
    content = await some_content(db)
    context = await browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(WAIT_MS)
    console: list[str] = []
    sockets: list[str] = []
    try:
        await context.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the page has none
        page = await context.new_page()
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
        page.on("websocket", lambda socket: sockets.append(socket.url))
        response = await page.goto(f"{server.url}/embed/")
        assert (
            response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
        )

        seats = page.locator("kennispunt-trainings [aria-live=polite]")
        await expect(seats).to_have_text(["Nog 5 plaatsen vrij", "Nog 12 plaatsen vrij"])
        await expect(page.locator("kennispunt-articles").get_by_role("link").first).to_be_visible()
        await register(server, db, content.trainings[0][2])
        await expect(seats).to_have_text(
            ["Nog 4 plaatsen vrij", "Nog 12 plaatsen vrij"]
        )  # live, over the socket
    finally:
        await context.close()

    assert sockets == [server.url.replace("http://", "ws://") + "/graphql"]
    assert [line for line in console if line.startswith(("error", "warning", "pageerror"))] == []
