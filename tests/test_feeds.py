"""Partner feeds over real HTTP: Atom feeds of articles, the iCalendar feed of trainings,
HTTP caching, and a fixed number of SQL statements per feed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import feedparser
import httpx
import icalendar
from sqlalchemy import select

from kennispunt.content import service as content
from kennispunt.content.models import Article
from kennispunt.db import DISPLAY_TIMEZONE, Database, utcnow
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingSession
from tests.conftest import RunningServer, count_statements
from tests.factories import EDITOR, make_article, make_topic, make_training

ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
TOWN_HALL = "Stadhuis Utrecht"

# --- helpers -----------------------------------------------------------------------


def utc_iso(moment: datetime) -> str:
    """How the feeds write a moment: UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def tag_id(article: Article) -> str:
    return f"tag:127.0.0.1,{article.created_at.astimezone(UTC):%Y-%m-%d}:article:{article.id}"


async def fetch_atom(http: httpx.AsyncClient, path: str, **headers: str) -> feedparser.FeedParserDict:
    response = await http.get(path, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == ATOM
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


async def fetch_calendar(http: httpx.AsyncClient, **headers: str) -> tuple[bytes, icalendar.Calendar]:
    response = await http.get("/feeds/trainings.ics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == ICS
    return response.content, icalendar.Calendar.from_ical(response.content)


async def archive(db: Database, article: Article) -> None:
    async with db.transaction() as session:
        await content.archive_article(session, EDITOR, article.id)


async def reload(db: Database, article: Article) -> Article:
    async with db.session() as session:
        found = await session.get(Article, article.id)
    assert found is not None
    return found


async def session_ids(db: Database, training: Training) -> list[int]:
    async with db.session() as session:
        return list(
            await session.scalars(
                select(TrainingSession.id)
                .where(TrainingSession.training_id == training.id)
                .order_by(TrainingSession.starts_at)
            )
        )


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


# --- Atom ----------------------------------------------------------------------------


async def test_articles_feed_lists_published_articles_newest_first(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    campaign = await make_topic(db, "campagne-voeren", "Campagne voeren")
    members = await make_topic(db, "leden-werven", "Leden werven", position=1)
    now = utcnow()
    oldest = await make_article(db, campaign, "Een partij oprichten", published_at=now - timedelta(days=3))
    middle = await make_article(
        db, members, "Leden werven", body="Begin **bij je buren**.", published_at=now - timedelta(days=2)
    )
    newest = await make_article(db, campaign, "Flyeren in de wijk", published_at=now - timedelta(days=1))
    await make_article(db, campaign, "Nog een concept", published=False)
    archived = await make_article(db, campaign, "Verouderd artikel", published_at=now - timedelta(hours=1))
    await archive(db, archived)
    newest, middle, oldest = [await reload(db, article) for article in (newest, middle, oldest)]

    feed = await fetch_atom(http, "/feeds/articles.atom")

    assert feed.feed.title == "Kennispunt — artikelen"
    assert feed.feed.id == f"{server.url}/feeds/articles.atom"
    assert feed.feed.language == "nl"
    assert [(link.rel, link.href) for link in feed.feed.links] == [
        ("self", f"{server.url}/feeds/articles.atom"),
        ("alternate", server.url),
    ]
    assert feed.feed.updated == utc_iso(max(a.updated_at for a in (newest, middle, oldest)))
    assert [
        (entry.title, entry.id, entry.link, entry.tags[0].term, entry.tags[0].label, entry.summary)
        for entry in feed.entries
    ] == [
        (
            "Flyeren in de wijk",
            tag_id(newest),
            f"{server.url}/kennisbank/flyeren-in-de-wijk",
            "campagne-voeren",
            "Campagne voeren",
            "Zo begin je een lokale partij.",
        ),
        (
            "Leden werven",
            tag_id(middle),
            f"{server.url}/kennisbank/leden-werven",
            "leden-werven",
            "Leden werven",
            "Zo begin je een lokale partij.",
        ),
        (
            "Een partij oprichten",
            tag_id(oldest),
            f"{server.url}/kennisbank/een-partij-oprichten",
            "campagne-voeren",
            "Campagne voeren",
            "Zo begin je een lokale partij.",
        ),
    ]
    second = feed.entries[1]
    assert second.content[0].type == "text/html"
    assert second.content[0].value == "<p>Begin <strong>bij je buren</strong>.</p>"
    assert second.published == utc_iso(middle.published_at)  # type: ignore[arg-type]
    assert second.updated == utc_iso(middle.updated_at)


async def test_topic_feed_has_only_that_topic(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    campaign = await make_topic(db, "campagne-voeren", "Campagne voeren")
    members = await make_topic(db, "leden-werven", "Leden werven", position=1)
    now = utcnow()
    await make_article(db, campaign, "Een partij oprichten", published_at=now - timedelta(days=3))
    await make_article(db, members, "Leden werven", published_at=now - timedelta(days=2))
    await make_article(db, members, "Een ledenavond", published_at=now - timedelta(days=1))
    await make_article(db, members, "Concept over leden", published=False)

    feed = await fetch_atom(http, "/feeds/topics/leden-werven.atom")

    assert feed.feed.title == "Kennispunt — Leden werven"
    assert feed.feed.links[0].href == f"{server.url}/feeds/topics/leden-werven.atom"
    assert [entry.title for entry in feed.entries] == ["Een ledenavond", "Leden werven"]
    assert {entry.tags[0].term for entry in feed.entries} == {"leden-werven"}

    english = await fetch_atom(http, "/feeds/articles.atom", **{"Accept-Language": "en"})
    assert english.feed.title == "Kennispunt — articles"
    assert english.feed.language == "en"


async def test_unknown_topic_feed_is_404(http: httpx.AsyncClient) -> None:
    response = await http.get("/feeds/topics/bestaat-niet.atom")
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "Dit onderwerp bestaat niet."
    english = await http.get("/feeds/topics/bestaat-niet.atom", headers={"Accept-Language": "en"})
    assert english.text == "This topic does not exist."


async def test_empty_articles_feed_is_valid(http: httpx.AsyncClient) -> None:
    feed = await fetch_atom(http, "/feeds/articles.atom")
    assert feed.entries == []
    assert feed.feed.updated == "2025-01-01T00:00:00+00:00"


async def test_article_html_is_escaped_in_the_feed(db: Database, http: httpx.AsyncClient) -> None:
    topic = await make_topic(db)
    await make_article(
        db, topic, "Kiezen <script>alert(1)</script> & winnen", body="Tekst <script>x()</script>"
    )

    response = await http.get("/feeds/articles.atom")

    assert b"<script>" not in response.content
    feed = feedparser.parse(response.content)
    assert feed.entries[0].title == "Kiezen <script>alert(1)</script> & winnen"
    assert "script" not in feed.entries[0].content[0].value


# --- iCalendar -----------------------------------------------------------------------


async def test_calendar_has_one_event_per_session_of_current_published_trainings(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    year = utcnow().year + 1
    winter = datetime(year, 1, 15, 19, 30, tzinfo=DISPLAY_TIMEZONE)  # CET: 18:30 UTC
    summer = datetime(year, 7, 15, 19, 30, tzinfo=DISPLAY_TIMEZONE)  # CEST: 17:30 UTC
    evening = await make_training(db, "Campagneavond", starts=[winter], location=TOWN_HALL)
    course = await make_training(
        db, "Cursus fractievoorzitter", starts=[winter + timedelta(days=1), summer], location=TOWN_HALL
    )
    just_past = await make_training(db, "Voorbij", starts_in=timedelta(days=-2))  # stays in agendas a month
    await make_training(db, "Lang geleden", starts_in=timedelta(days=-40))
    await make_training(db, "Concept", published=False)
    gone = await make_training(db, "Gearchiveerd")
    async with db.transaction() as session:
        await trainings.archive_training(session, EDITOR, gone.id)
    evening_session = (await session_ids(db, evening))[0]
    past_session = (await session_ids(db, just_past))[0]
    course_sessions = await session_ids(db, course)

    body, calendar = await fetch_calendar(http)

    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(line.endswith(b"\r") for line in body.split(b"\n")[:-1]), "every line ends in CRLF"
    assert all(len(line) <= 76 for line in body.split(b"\n")), "lines are folded at 75 octets"
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["PRODID"] == "-//Kennispunt lokale politieke partijen//Trainingen//NL"
    assert calendar["X-WR-CALNAME"] == "Kennispunt — trainingen"
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]

    found = events(calendar)
    assert [(str(event["UID"]), str(event["SUMMARY"])) for event in found] == [
        (f"training-session-{past_session}@127.0.0.1", "Voorbij"),
        (f"training-session-{evening_session}@127.0.0.1", "Campagneavond"),
        (f"training-session-{course_sessions[0]}@127.0.0.1", "Cursus fractievoorzitter (deel 1 van 2)"),
        (f"training-session-{course_sessions[1]}@127.0.0.1", "Cursus fractievoorzitter (deel 2 van 2)"),
    ]
    _, first, _, last = found
    assert first.start == winter and first.end == winter + timedelta(hours=2)
    assert first.start.astimezone(UTC) == datetime(year, 1, 15, 18, 30, tzinfo=UTC)
    assert last.start.astimezone(UTC) == datetime(year, 7, 15, 17, 30, tzinfo=UTC)
    assert f"DTSTART;TZID=Europe/Amsterdam:{year}0715T193000\r\n".encode() in body
    assert str(last["LOCATION"]) == "Stadhuis Utrecht"
    assert str(last["URL"]) == f"{server.url}/trainingen/cursus-fractievoorzitter"
    assert str(last["DESCRIPTION"]) == (
        f"Een avond over campagne voeren.\n\n{server.url}/trainingen/cursus-fractievoorzitter"
    )
    assert last.last_modified == last.DTSTAMP

    _, english = await fetch_calendar(http, **{"Accept-Language": "en"})
    assert english["X-WR-CALNAME"] == "Kennispunt — trainings"
    assert str(events(english)[2]["SUMMARY"]) == "Cursus fractievoorzitter (part 1 of 2)"


async def test_updating_a_training_keeps_uids_and_raises_sequence(
    db: Database, http: httpx.AsyncClient
) -> None:
    start = (utcnow() + timedelta(days=20)).replace(microsecond=0)
    course = await make_training(db, "Cursus", starts=[start, start + timedelta(days=7)], location=TOWN_HALL)
    _, before = await fetch_calendar(http)
    await asyncio.sleep(1.05)  # SEQUENCE counts whole seconds since the training was created
    async with db.transaction() as session:
        await trainings.update_training(
            session, EDITOR, course.id, trainings.TrainingDraft(title="Cursus campagne")
        )

    _, after = await fetch_calendar(http)

    old, new = events(before), events(after)
    assert [str(event["UID"]) for event in new] == [str(event["UID"]) for event in old]
    assert [str(event["SUMMARY"]) for event in new] == [
        "Cursus campagne (deel 1 van 2)",
        "Cursus campagne (deel 2 van 2)",
    ]
    for earlier, later in zip(old, new, strict=True):
        assert later["SEQUENCE"] > earlier["SEQUENCE"]
        assert later.DTSTAMP > earlier.DTSTAMP


async def test_empty_calendar_is_valid(http: httpx.AsyncClient) -> None:
    _, calendar = await fetch_calendar(http)
    assert events(calendar) == []
    assert len(calendar.walk("VTIMEZONE")) == 1


# --- caching -------------------------------------------------------------------------


async def test_feeds_answer_304_for_a_current_etag(db: Database, http: httpx.AsyncClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic)
    await make_training(db)
    for path in ("/feeds/articles.atom", "/feeds/topics/campagne-voeren.atom", "/feeds/trainings.ics"):
        first = await http.get(path)
        assert first.status_code == 200
        assert first.headers["cache-control"] == "public, max-age=60"
        etag = first.headers["etag"]
        assert etag.startswith('"')

        again = await http.get(path, headers={"If-None-Match": etag})

        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == "public, max-age=60"
        changed = await http.get(path, headers={"If-None-Match": '"something-else"'})
        assert changed.status_code == 200 and changed.content == first.content


# --- SQL statements --------------------------------------------------------------------


async def feed_statements(http: httpx.AsyncClient, server: RunningServer, path: str) -> int:
    with count_statements(server.db) as counter:
        response = await http.get(path)
    assert response.status_code == 200
    return counter.count


async def test_feed_statement_count_does_not_grow_with_entries(
    db: Database, http: httpx.AsyncClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Artikel 0")
    await make_training(db, "Training 0", sessions=2)
    paths = ("/feeds/articles.atom", "/feeds/topics/campagne-voeren.atom", "/feeds/trainings.ics")
    few = {path: await feed_statements(http, server, path) for path in paths}
    other = await make_topic(db, "leden-werven", "Leden werven", position=1)
    for index in range(1, 7):
        await make_article(db, topic if index % 2 else other, f"Artikel {index}")
        await make_training(
            db, f"Training {index}", sessions=3, topic=other, starts_in=timedelta(days=10 + index)
        )

    many = {path: await feed_statements(http, server, path) for path in paths}

    assert many == few
    assert few == {  # reads in autocommit, so no BEGIN on SQLite either
        "/feeds/articles.atom": 2,  # topics, articles (not counted)
        "/feeds/topics/campagne-voeren.atom": 2,
        "/feeds/trainings.ics": 3,  # trainings, sessions, topics
    }
