"""oEmbed over real HTTP, and the public pages whose addresses it answers for."""

from __future__ import annotations

import re
from typing import Any

import httpx

from kennispunt.accounts import service as accounts
from kennispunt.content import service as content
from kennispunt.db import Database
from kennispunt.trainings import service as trainings
from tests.conftest import RunningServer
from tests.factories import EDITOR, make_article, make_topic, make_training, make_verified_member

# --- helpers -----------------------------------------------------------------------


async def oembed(http: httpx.AsyncClient, expect_status: int = 200, **params: str) -> httpx.Response:
    response = await http.get("/oembed", params=params)
    assert response.status_code == expect_status, response.text
    return response


def card(url: str, title: str, summary: str, provider_url: str, width: int = 600) -> str:
    return (
        f'<blockquote class="kennispunt-embed" cite="{url}" style="margin:0;max-width:{width}px">'
        f'<p><strong><a href="{url}">{title}</a></strong></p>'
        f"<p>{summary}</p>"
        f'<footer><a href="{provider_url}">Kennispunt</a></footer>'
        "</blockquote>"
    )


def expected(
    url: str, title: str, summary: str, provider_url: str, width: int = 600, height: int = 200
) -> dict[str, Any]:
    return {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": "Kennispunt",
        "provider_url": provider_url,
        "cache_age": 60,
        "html": card(url, title, summary, provider_url, width),
        "width": width,
        "height": height,
    }


# --- oEmbed --------------------------------------------------------------------------


async def test_oembed_of_an_article(db: Database, http: httpx.AsyncClient, server: RunningServer) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Een partij oprichten", slug="een-partij-oprichten")
    url = f"{server.url}/kennisbank/een-partij-oprichten"

    response = await oembed(http, url=url, format="json")

    assert response.headers["content-type"] == "application/json"
    assert response.json() == expected(
        url, "Een partij oprichten", "Zo begin je een lokale partij.", server.url
    )
    without_format = await oembed(http, url=url)
    assert without_format.content == response.content


async def test_oembed_of_a_training(db: Database, http: httpx.AsyncClient, server: RunningServer) -> None:
    await make_training(db, "Campagne voeren", slug="campagne-voeren")
    url = f"{server.url}/trainingen/campagne-voeren"

    response = await oembed(http, url=url, format="json")

    assert response.json() == expected(url, "Campagne voeren", "Een avond over campagne voeren.", server.url)


async def test_oembed_respects_maxwidth_and_maxheight(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    await make_training(db, "Campagne voeren", slug="campagne-voeren")
    url = f"{server.url}/trainingen/campagne-voeren"

    small = (await oembed(http, url=url, maxwidth="320", maxheight="120")).json()
    large = (await oembed(http, url=url, maxwidth="2000")).json()

    assert small == expected(url, "Campagne voeren", "Een avond over campagne voeren.", server.url, 320, 120)
    assert (large["width"], large["height"]) == (600, 200)
    for bad in ("0", "-5", "breed"):
        response = await oembed(http, 400, url=url, maxwidth=bad)
        assert response.text == "maxwidth en maxheight moeten positieve gehele getallen zijn."


async def test_oembed_escapes_html_in_titles(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(
        db, topic, 'Kiezen <script>alert("x")</script> & winnen', summary="<b>Vet</b> & 'zo'", slug="kiezen"
    )
    url = f"{server.url}/kennisbank/kiezen"

    document = (await oembed(http, url=url)).json()

    assert document["title"] == 'Kiezen <script>alert("x")</script> & winnen'
    assert document["html"] == card(
        url,
        "Kiezen &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; winnen",
        "&lt;b&gt;Vet&lt;/b&gt; &amp; &#x27;zo&#x27;",
        server.url,
    )
    assert "<script" not in document["html"]


async def test_oembed_refuses_what_is_not_public_content(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Concept", slug="concept", published=False)
    await make_training(db, "Concepttraining", slug="concepttraining", published=False)
    await make_article(db, topic, "Gepubliceerd", slug="gepubliceerd")

    for url in (
        f"{server.url}/kennisbank/concept",
        f"{server.url}/trainingen/concepttraining",
        f"{server.url}/kennisbank/bestaat-niet",
        f"{server.url}/forum/gepubliceerd",
        "https://example.org/kennisbank/gepubliceerd",
        "javascript:alert(1)",
    ):
        response = await oembed(http, 404, url=url)
        assert (
            response.text == "Op dit adres staat geen openbaar artikel of openbare training van Kennispunt."
        ), url

    missing = await oembed(http, 400)
    assert missing.text == "Geef met de parameter url het adres van een pagina op."
    english = await http.get("/oembed", headers={"Accept-Language": "en"})
    assert english.text == "Give the address of a page in the url parameter."
    xml = await oembed(http, 501, url=f"{server.url}/kennisbank/gepubliceerd", format="xml")
    assert xml.text == "Alleen het formaat json wordt ondersteund."


async def test_oembed_keeps_archived_articles_embeddable(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    """Archived articles stay readable by link (content policy), so embeds made earlier keep working."""
    topic = await make_topic(db)
    article = await make_article(db, topic, "Oud nieuws", slug="oud-nieuws")
    async with db.transaction() as session:
        await content.archive_article(session, EDITOR, article.id)

    response = await oembed(http, url=f"{server.url}/kennisbank/oud-nieuws")

    assert response.json()["title"] == "Oud nieuws"


async def test_oembed_is_cached(db: Database, http: httpx.AsyncClient, server: RunningServer) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, slug="een-partij-oprichten")
    url = f"{server.url}/kennisbank/een-partij-oprichten"

    first = await oembed(http, url=url)
    again = await http.get("/oembed", params={"url": url}, headers={"If-None-Match": first.headers["etag"]})

    assert first.headers["cache-control"] == "public, max-age=60"
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


# --- public pages --------------------------------------------------------------------


async def test_article_page_links_oembed_and_feed(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(
        db, topic, "Een <partij> oprichten", body="Begin met een **vereniging**.", slug="oprichten"
    )
    url = f"{server.url}/kennisbank/oprichten"

    response = await http.get("/kennisbank/oprichten")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=60"
    page = response.text
    assert '<html lang="nl">' in page
    assert "<title>Een &lt;partij&gt; oprichten — Kennispunt</title>" in page
    assert "<p>Begin met een <strong>vereniging</strong>.</p>" in page
    assert "Onderwerp: Campagne voeren" in page
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{server.url}/feeds/articles.atom"' in page
    )
    discovered = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert discovered is not None
    document = (await http.get(discovered.group(1).replace("&amp;", "&"))).json()
    assert document["title"] == "Een <partij> oprichten"
    assert f'href="{url}"' in document["html"]


async def test_training_page_shows_sessions_and_seats(db: Database, http: httpx.AsyncClient) -> None:
    training = await make_training(db, "Campagne voeren", capacity=5, sessions=2, slug="campagne-voeren")
    member = await make_verified_member(db)
    async with db.transaction() as session:
        await trainings.register(session, await accounts.load_viewer(session, member.id), training.id)

    page = (await http.get("/trainingen/campagne-voeren")).text

    assert "<h1>Campagne voeren</h1>" in page
    assert "<dt>Vrije plaatsen</dt><dd>4 van 5</dd>" in page
    assert "<h2>Bijeenkomsten</h2>" in page
    assert page.count("<li><time datetime=") == 2
    assert "<p>Met <strong>oefeningen</strong>.</p>" in page
    assert 'type="text/calendar"' in page


async def test_pages_of_drafts_do_not_exist(db: Database, http: httpx.AsyncClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Concept", slug="concept", published=False)
    await make_training(db, "Concept", slug="concept", published=False)

    article = await http.get("/kennisbank/concept")
    training = await http.get("/trainingen/concept")

    assert (article.status_code, article.text) == (404, "Dit artikel bestaat niet.")
    assert (training.status_code, training.text) == (404, "Deze training bestaat niet.")
