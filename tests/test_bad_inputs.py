"""Every bad input gets a clear answer, never INTERNAL_SERVER_ERROR or a bare 500.

By class: opaque tokens a client sends back (cursors, IDs, persisted-query hashes, slugs),
values at the edge of their range (dates near year 1 and 9999, large numbers), URLs and
origins the standard library refuses, text the databases cannot store, titles and names
with nothing visible or with bidirectional controls, and rate settings with a zero period.
Exact JSON for the concrete examples; generated input (hypothesis) for the rest.
"""

from __future__ import annotations

import base64
import contextlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from graph.ids import encode_id
from graph.scalars import parse_datetime
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.content import service as content
from kennispunt.db import Database
from kennispunt.errors import DomainError
from kennispunt.forum import service as forum
from kennispunt.parties import service as parties
from kennispunt.settings import Settings
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training
from tests.conftest import GraphQLClient, RunningServer
from tests.factories import (
    ADMIN,
    make_article,
    make_category,
    make_member,
    make_party,
    make_token,
    make_topic,
    make_user,
)
from tests.live import subscribe
from tests.test_api_errors import error

SUPERSCRIPT_TWO = "\u00b2"
GENERATED = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def column_of(query: str, needle: str) -> int:
    return query.index(needle) + 1


async def post(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], **headers: str
) -> httpx.Response:
    """A POST whose JSON may hold lone surrogates (``"\\ud800"``), as any client can send."""
    body = json.dumps({"query": query, "variables": variables})  # ensure_ascii: surrogates as escapes
    return await http.post("/graphql", content=body, headers={"Content-Type": "application/json", **headers})


@pytest.fixture
async def admin(db: Database) -> User:
    return await make_user(db, "beheer@kennispunt.nl", "Beheer", roles=(StaffRole.ADMIN, StaffRole.EDITOR))


@pytest.fixture
async def admin_token(db: Database, admin: User) -> str:
    return await make_token(db, admin)


# --- decoding: cursors, IDs and other tokens clients send back ------------------------------------------

PAGE = "query ($after: String) { municipalities(after: $after) { totalCount } }"


@pytest.mark.parametrize(
    "cursor",
    [
        b64("offset:" + SUPERSCRIPT_TWO),
        b64("offset:\u0661"),
        b64("offset:007"),
        b64("offset:1") + "==",
        "\u00e9" * 8,
    ],
)
async def test_a_page_cursor_with_digits_int_reads_otherwise_is_bad_user_input(
    gql: GraphQLClient, cursor: str
) -> None:
    result = await gql(PAGE, {"after": cursor})

    assert result == {
        "data": None,
        "errors": [error("Deze cursor is ongeldig.", "BAD_USER_INPUT", column=26, path=["municipalities"])],
    }


async def test_the_bad_cursor_message_speaks_english_on_request(gql: GraphQLClient) -> None:
    result = await gql(PAGE, {"after": b64("offset:" + SUPERSCRIPT_TWO)}, language="en")

    assert result == {
        "data": None,
        "errors": [error("This cursor is not valid.", "BAD_USER_INPUT", column=26, path=["municipalities"])],
    }


NOTIFICATIONS = "subscription ($after: String) { notificationReceived(after: $after) { cursor } }"


@pytest.mark.parametrize(
    "cursor", [b64("event:" + SUPERSCRIPT_TWO), b64("event:" + "9" * 12), b64("event:1") + "="]
)
async def test_a_subscription_cursor_that_is_not_ours_is_bad_user_input(
    db: Database, server: RunningServer, cursor: str
) -> None:
    token = await make_token(db, await make_user(db))

    async with subscribe(server.url, NOTIFICATIONS, {"after": cursor}, token=token) as subscription:
        answer = await subscription.next()

    assert answer == {
        "data": None,
        "errors": [{"message": "Deze cursor is ongeldig.", "extensions": {"code": "BAD_USER_INPUT"}}],
    }


async def test_text_no_database_can_store_is_bad_user_input(http: httpx.AsyncClient) -> None:
    """A lone surrogate: valid JSON (``"\\ud800"``), but UTF-8 cannot encode it."""
    query = "query ($slug: String!) { article(slug: $slug) { id } }"
    refused = {
        "data": None,
        "errors": [
            {
                "message": "Tekst mag geen NUL-teken (U+0000) en geen losse surrogaten (U+D800–U+DFFF) bevatten.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }

    dutch = await post(http, query, {"slug": "\ud800"})
    english = await post(http, query, {"slug": "a\udfffb"}, **{"Accept-Language": "en"})
    nested = await post(
        http,
        "mutation ($input: CreateArticleInput!) { createArticle(input: $input) { errors { code } } }",
        {"input": {"title": "Titel \ud83d", "summary": "s", "body": "b", "topicId": "x"}},
    )

    assert (dutch.status_code, dutch.json()) == (200, refused)
    assert english.json()["errors"][0]["message"] == (
        "Text may not contain the NUL character (U+0000) or lone surrogates (U+D800–U+DFFF)."
    )
    assert nested.json() == refused


@pytest.mark.parametrize(
    ("extension", "status", "message"),
    [
        ({"version": 1, "sha256Hash": "\u00e9" * 64}, 400, "apq.malformed"),
        ({"version": 1, "sha256Hash": "g" * 64}, 400, "apq.malformed"),
        ({"version": True, "sha256Hash": "a" * 64}, 400, "apq.version"),
        ({"version": 1.0, "sha256Hash": "a" * 64}, 400, "apq.version"),
    ],
)
async def test_a_persisted_query_hash_that_is_not_hex_is_refused(
    http: httpx.AsyncClient, extension: dict[str, Any], status: int, message: str
) -> None:
    messages = {
        "apq.malformed": "extensions.persistedQuery moet version 1 en een sha256Hash van 64 hexadecimale tekens hebben.",
        "apq.version": "Alleen persistedQuery version 1 wordt ondersteund.",
    }

    response = await http.post("/graphql", json={"extensions": {"persistedQuery": extension}})

    assert (response.status_code, response.json()) == (
        status,
        {"data": None, "errors": [{"message": messages[message], "extensions": {"code": "BAD_USER_INPUT"}}]},
    )


@pytest.mark.parametrize(
    "path", ["/kennisbank/%00", "/kennisbank/%C3%A9", "/trainingen/%00", "/trainingen/a%20b"]
)
async def test_a_page_slug_that_no_slug_can_be_is_not_found(http: httpx.AsyncClient, path: str) -> None:
    """No lookup at all: PostgreSQL refused the NUL with a 500."""
    response = await http.get(path)

    message = (
        "Dit artikel bestaat niet." if path.startswith("/kennisbank/") else "Deze training bestaat niet."
    )
    assert (response.status_code, response.text) == (404, message)


async def test_a_feed_slug_that_no_slug_can_be_is_not_found(http: httpx.AsyncClient) -> None:
    response = await http.get("/feeds/topics/%00.atom")

    assert (response.status_code, response.text) == (404, "Dit onderwerp bestaat niet.")


# --- values at the edge of their range ------------------------------------------------------------------

PUBLISH = "mutation ($id: ID!, $at: DateTime) { publishArticle(input: {id: $id, publishedAt: $at}) { article { publishedAt } errors { message } } }"
OUT_OF_RANGE = "Kies een moment van 1900-01-01T00:00:00Z tot en met 2999-12-31T23:59:59Z."


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+14:00",  # before the first moment Python has, in UTC
        "9999-12-31T23:59:59-14:00",  # after the last one
        "0001-01-01T00:00:00",  # Dutch local time, 19 minutes and 32 seconds before it
        "9999-12-31T23:00:00+00:00",  # fine in UTC, but no longer in Dutch local time
        "0001-01-01",
        "1899-12-31T23:59:59Z",
        "3000-01-01T01:00:00+01:00",
    ],
)
async def test_a_datetime_beyond_what_can_be_stored_and_shown_is_bad_user_input(
    db: Database, gql: GraphQLClient, admin_token: str, moment: str
) -> None:
    draft = await make_article(db, await make_topic(db), published=False)

    result = await gql(PUBLISH, {"id": encode_id("Article", draft.id), "at": moment}, token=admin_token)

    assert result == {
        "data": None,
        "errors": [error(OUT_OF_RANGE, "BAD_USER_INPUT", column=column_of(PUBLISH, "$at"))],
    }


async def test_a_datetime_literal_out_of_range_or_malformed_is_bad_user_input_in_english_too(
    gql: GraphQLClient, admin_token: str
) -> None:
    def publish(literal: str) -> str:
        return f'mutation {{ publishArticle(input: {{id: "x", publishedAt: {literal}}}) {{ errors {{ code }} }} }}'

    late = await gql(publish('"9999-12-31T23:59:59-14:00"'), token=admin_token, language="en")
    nonsense = await gql(publish('"gisteren"'), token=admin_token)
    number = await gql(publish("5"), token=admin_token)
    column = column_of(publish("5"), "5")

    assert late == {
        "data": None,
        "errors": [
            error(
                "Choose a moment from 1900-01-01T00:00:00Z to 2999-12-31T23:59:59Z.",
                "BAD_USER_INPUT",
                column=column,
            )
        ],
    }
    invalid = error(
        "Geef een datum en tijd in ISO 8601, zoals 2027-03-20T19:30:00+01:00.",
        "BAD_USER_INPUT",
        column=column,
    )
    assert nonsense == {"data": None, "errors": [invalid]}
    assert number == {"data": None, "errors": [invalid]}


async def test_training_sessions_and_deadlines_at_the_edges_are_refused(
    gql: GraphQLClient, admin_token: str
) -> None:
    create = """
    mutation ($sessions: [TrainingSessionInput!]!, $deadline: DateTime) {
      createTraining(input: {title: "Rand", summary: "Rand", format: ONLINE, capacity: 5, sessions: $sessions,
                             registrationDeadline: $deadline}) { training { id } errors { message } }
    }
    """
    session = {"startsAt": "2030-01-01T19:00:00+01:00", "endsAt": "2030-01-01T21:00:00+01:00"}
    line = create.splitlines()[1]
    refused = {
        "data": None,
        "errors": [error(OUT_OF_RANGE, "BAD_USER_INPUT", line=2, column=column_of(line, "$sessions"))],
    }

    early_start = await gql(
        create, {"sessions": [{**session, "startsAt": "0001-01-01T00:00:00+14:00"}]}, token=admin_token
    )
    late_end = await gql(
        create, {"sessions": [{**session, "endsAt": "9999-12-31T23:59:59-14:00"}]}, token=admin_token
    )
    early_deadline = await gql(
        create, {"sessions": [session], "deadline": "0001-01-01T00:00:00"}, token=admin_token
    )

    assert early_start == late_end == refused
    assert early_deadline == {
        "data": None,
        "errors": [error(OUT_OF_RANGE, "BAD_USER_INPUT", line=2, column=column_of(line, "$deadline"))],
    }


async def test_the_first_and_last_moments_accepted_are_stored_and_shown_everywhere(
    db: Database, gql: GraphQLClient, http: httpx.AsyncClient, admin_token: str, server: RunningServer
) -> None:
    topic = await make_topic(db)
    first = await make_article(db, topic, "Het begin", slug="het-begin", published=False)
    last = await make_article(db, topic, "Het einde", slug="het-einde", published=False)
    create = """
    mutation ($start: DateTime!, $end: DateTime!) {
      createTraining(input: {title: "Laatste avond", summary: "Heel laat.", format: ONLINE, capacity: 5,
                             sessions: [{startsAt: $start, endsAt: $end}], slug: "laatste-avond"}) {
        training { startsAt endsAt } errors { message }
      }
    }
    """

    earliest = await gql(
        PUBLISH, {"id": encode_id("Article", first.id), "at": "1900-01-01T00:00:00Z"}, token=admin_token
    )
    latest = await gql(
        PUBLISH, {"id": encode_id("Article", last.id), "at": "2999-12-31T23:59:59Z"}, token=admin_token
    )
    training = await gql(
        create, {"start": "2999-12-31T21:00:00Z", "end": "2999-12-31T23:59:59Z"}, token=admin_token
    )

    shown = earliest["data"]["publishArticle"]["article"]["publishedAt"]  # in Amsterdam Mean Time, +00:19:32
    assert datetime.fromisoformat(shown) == datetime(1900, 1, 1, tzinfo=UTC)
    assert latest == {
        "data": {"publishArticle": {"article": {"publishedAt": "3000-01-01T00:59:59+01:00"}, "errors": []}}
    }
    assert training == {
        "data": {
            "createTraining": {
                "training": {"startsAt": "2999-12-31T22:00:00+01:00", "endsAt": "3000-01-01T00:59:59+01:00"},
                "errors": [],
            }
        }
    }
    async with db.transaction() as session:
        training_id = await session.scalar(select(Training.id).where(Training.slug == "laatste-avond"))
        assert training_id is not None
        await trainings.publish_training(session, ADMIN, training_id)
    for path in (
        "/feeds/articles.atom",
        "/feeds/trainings.ics",
        "/kennisbank/het-begin",
        "/kennisbank/het-einde",
        "/trainingen/laatste-avond",
        "/embed/",
    ):
        response = await http.get(path)
        assert response.status_code == 200, (path, response.text)
    oembed = await http.get("/oembed", params={"url": f"{server.url}/trainingen/laatste-avond"})
    assert oembed.json()["title"] == "Laatste avond"


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (
            'createTraining(input: {title: "T", summary: "S", format: ONLINE, capacity: 2147483647, sessions: []}) { errors { message } }',
            "Kies een getal van 1 tot en met 10000.",
        ),
        (
            'createForumCategory(input: {name: "Ver weg", position: 2147483647}) { errors { message } }',
            "Kies een getal van 0 tot en met 10000.",
        ),
        (
            'createForumCategory(input: {name: "Ver weg", position: -2147483648}) { errors { message } }',
            "Kies een getal van 0 tot en met 10000.",
        ),
        (
            'rotatePartnerKey(input: {id: "UGFydG5lcktleTox", graceHours: 2147483647}) { errors { message } }',
            "Kies een getal van 0 tot en met 336.",
        ),
    ],
)
async def test_numbers_that_pass_graphqls_32_bit_check_are_still_checked(
    gql: GraphQLClient, admin_token: str, operation: str, message: str
) -> None:
    result = await gql("mutation { " + operation + " }", token=admin_token)

    (payload,) = result["data"].values()
    assert message in [item["message"] for item in payload["errors"]], result


async def test_a_number_beyond_32_bits_is_bad_user_input(gql: GraphQLClient) -> None:
    result = await gql("query ($first: Int) { articles(first: $first) { totalCount } }", {"first": 2**31})

    assert result == {
        "data": None,
        "errors": [
            error(
                "Variable '$first' has invalid value: Int cannot represent non 32-bit signed integer value: 2147483648",
                "BAD_USER_INPUT",
                column=8,
            )
        ],
    }


@pytest.mark.parametrize("size", [SUPERSCRIPT_TWO, "\u0661\u0662", "1_000", " 5", "+5", "9" * 30])
async def test_an_oembed_size_in_other_digits_is_refused(
    http: httpx.AsyncClient, server: RunningServer, size: str
) -> None:
    response = await http.get("/oembed", params={"url": f"{server.url}/kennisbank/x", "maxwidth": size})

    assert (response.status_code, response.text) == (
        400,
        "maxwidth en maxheight moeten positieve gehele getallen zijn.",
    )


# --- URLs and origins the standard library refuses ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://[abc]/kennisbank/x",
        "http://127.0.0.1\uff03/kennisbank/x",
        "http://127.0.0.1:99999/kennisbank/x",
    ],
)
async def test_an_oembed_url_the_standard_library_refuses_is_bad_input(
    http: httpx.AsyncClient, url: str
) -> None:
    response = await http.get("/oembed", params={"url": url})
    english = await http.get("/oembed", params={"url": url}, headers={"Accept-Language": "en"})

    assert (response.status_code, response.text) == (400, "De parameter url is geen leesbaar webadres.")
    assert (english.status_code, english.text) == (400, "The url parameter is not a readable web address.")


async def test_an_oembed_url_with_a_slug_no_slug_can_be_is_not_found(
    http: httpx.AsyncClient, server: RunningServer
) -> None:
    response = await http.get("/oembed", params={"url": f"{server.url}/kennisbank/%00"})

    assert (response.status_code, response.text) == (
        404,
        "Op dit adres staat geen openbaar artikel of openbare training van Kennispunt.",
    )


CREATE_KEY = "mutation ($input: CreatePartnerKeyInput!) { createPartnerKey(input: $input) { key errors { field message code } } }"


async def test_partner_origins_the_standard_library_refuses_are_payload_errors(
    gql: GraphQLClient, admin_token: str
) -> None:
    origins = [
        "http://[::1",
        "https://a:99999",
        "https://ex ample.org",
        "https://a\uff03b",
        "http://[abc]",
        "https://a:-1",
    ]

    result = await gql(
        CREATE_KEY, {"input": {"name": "Gemeente", "allowedOrigins": origins}}, token=admin_token
    )

    assert result == {
        "data": {
            "createPartnerKey": {
                "key": None,
                "errors": [
                    {
                        "field": ["allowedOrigins", str(index)],
                        "message": f"“{origin}” is geen origin; geef schema en host, zoals https://www.utrecht.nl.",
                        "code": "BAD_USER_INPUT",
                    }
                    for index, origin in enumerate(origins)
                ],
            }
        }
    }


async def test_a_party_website_the_standard_library_refuses_is_invalid(db: Database) -> None:
    for website in ("http://[::1", "https://a:99999/", "https://ex ample.org"):
        async with db.transaction() as session:
            with pytest.raises(DomainError) as refused:
                await parties.create_party(
                    session,
                    slug="lokaal-utrecht",
                    name="Lokaal Utrecht",
                    municipality_code="GM0344",
                    website=website,
                )
        assert [problem.message_key for problem in refused.value.problems] == ["url.invalid"], website


@pytest.mark.parametrize("referer", ["http://[::1", "http://[abc]/", "http://127.0.0.1:99999/"])
async def test_a_referer_the_standard_library_refuses_is_no_trusted_origin(
    db: Database, http: httpx.AsyncClient, referer: str
) -> None:
    async with db.transaction() as session:
        user = await accounts.create_user(session, "lid@example.org", "Sanne de Boer")
        cookie = await accounts.start_session(session, user, 1)
    headers = [("Origin", b"null"), ("Referer", referer.encode("latin-1"))]
    query = {"query": "{ topics { id } }"}

    anonymous = await http.post("/graphql", json=query, headers=headers)
    by_cookie = await http.post(
        "/graphql", json=query, headers=[*headers, ("Cookie", f"kp_session={cookie}".encode())]
    )
    preflight = await http.options("/graphql", headers=[*headers, ("Access-Control-Request-Method", b"POST")])
    feed = await http.get("/feeds/articles.atom", headers=headers)
    logout = await http.post("/auth/logout", headers=headers, data={"next": "/"})

    assert (anonymous.status_code, anonymous.json()) == (200, {"data": {"topics": []}})
    assert (by_cookie.status_code, by_cookie.json()) == (
        403,
        {
            "data": None,
            "errors": [
                {
                    "message": "Dit verzoek komt niet van een toegestane website.",
                    "extensions": {"code": "FORBIDDEN"},
                }
            ],
        },
    )
    assert (preflight.status_code, preflight.text) == (403, "Pagina's op ? mogen deze API niet aanroepen.")
    assert feed.status_code == 200
    assert logout.status_code == 403


@pytest.mark.parametrize(
    "next_url", ["http://[::1", "http://[abc]/", "https://a\uff03b/", "http://127.0.0.1:99999/"]
)
async def test_a_next_the_standard_library_refuses_leads_home(
    http: httpx.AsyncClient, server: RunningServer, next_url: str
) -> None:
    form = await http.get("/auth/logout", params={"next": next_url})
    logout = await http.post("/auth/logout", data={"next": next_url}, headers={"Origin": server.url})

    assert form.status_code == 200 and 'name="next" value="/"' in form.text
    assert (logout.status_code, logout.headers["location"]) == (303, "/")


# --- readable text ----------------------------------------------------------------------------------------

CREATE_ARTICLE = """
mutation ($input: CreateArticleInput!) { createArticle(input: $input) { article { title } errors { field message code } } }
"""


async def test_a_title_of_only_invisible_characters_is_refused(
    db: Database, gql: GraphQLClient, admin_token: str
) -> None:
    topic = await make_topic(db)
    article = {"summary": "Samenvatting", "body": "Tekst", "topicId": encode_id("Topic", topic.id)}

    dutch = await gql(
        CREATE_ARTICLE, {"input": {**article, "title": "\u200b\ufeff\u00ad"}}, token=admin_token
    )
    english = await gql(
        CREATE_ARTICLE, {"input": {**article, "title": "\u2060 \u200d"}}, token=admin_token, language="en"
    )

    assert dutch == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {
                        "field": ["title"],
                        "message": "Vul dit veld in met zichtbare tekens; spaties en onzichtbare tekens alleen tellen niet.",
                        "code": "BAD_USER_INPUT",
                    }
                ],
            }
        }
    }
    assert english["data"]["createArticle"]["errors"] == [
        {
            "field": ["title"],
            "message": "Fill in this field with visible characters; spaces and invisible characters alone do not count.",
            "code": "BAD_USER_INPUT",
        }
    ]


async def test_bidirectional_controls_are_stripped_from_titles(
    db: Database, gql: GraphQLClient, admin_token: str
) -> None:
    topic = await make_topic(db)

    result = await gql(
        CREATE_ARTICLE,
        {
            "input": {
                "title": "\u200b\u202eVerkiezings\u00adprogramma\u202c \u2066gpj.exe\u2069",
                "summary": "\u202bSamenvatting",
                "body": "Tekst",
                "topicId": encode_id("Topic", topic.id),
            }
        },
        token=admin_token,
    )

    assert result == {
        "data": {"createArticle": {"article": {"title": "Verkiezings\u00adprogramma gpj.exe"}, "errors": []}}
    }


TITLED = [
    (
        "createArticle",
        "title",
        'createArticle(input: {title: $text, summary: "S", body: "B", topicId: $topic}) { errors { field message } }',
    ),
    (
        "createTraining",
        "title",
        'createTraining(input: {title: $text, summary: "S", format: ONLINE, capacity: 5, sessions: [{startsAt: "2030-01-01T19:00:00+01:00", endsAt: "2030-01-01T21:00:00+01:00"}]}) { errors { field message } }',
    ),
    (
        "startThread",
        "title",
        'startThread(input: {categoryId: $category, title: $text, body: "B"}) { errors { field message } }',
    ),
    ("openTicket", "subject", 'openTicket(input: {subject: $text, body: "B"}) { errors { field message } }'),
    ("createForumCategory", "name", "createForumCategory(input: {name: $text}) { errors { field message } }"),
    ("createPartnerKey", "name", "createPartnerKey(input: {name: $text}) { errors { field message } }"),
]


@pytest.mark.parametrize(("mutation", "field", "operation"), TITLED, ids=[entry[0] for entry in TITLED])
async def test_every_title_name_and_subject_needs_visible_text(
    db: Database, gql: GraphQLClient, admin: User, mutation: str, field: str, operation: str
) -> None:
    topic = await make_topic(db)
    category = await make_category(db)
    await make_member(db, admin, await make_party(db))  # the forum and the helpdesk are for members
    token = await make_token(db, admin)
    variables: dict[str, Any] = {"text": "\u200b\u2060\ufeff\u202e"}
    declared = ["$text: String!"]
    for name, type_name, value in (
        ("topic", "ID!", encode_id("Topic", topic.id)),
        ("category", "ID!", encode_id("ForumCategory", category.id)),
    ):
        if f"${name}" in operation:
            variables[name] = value
            declared.append(f"${name}: {type_name}")

    result = await gql(f"mutation ({', '.join(declared)}) {{ {operation} }}", variables, token=token)

    assert result == {
        "data": {
            mutation: {
                "errors": [
                    {
                        "field": [field],
                        "message": "Vul dit veld in met zichtbare tekens; spaties en onzichtbare tekens alleen tellen niet.",
                    }
                ]
            }
        }
    }


async def test_names_made_outside_the_api_need_visible_text_too(db: Database) -> None:
    """Topic, party and user names and token names come from the CLI and the demo loader."""
    user = await make_user(db)
    makers = [
        lambda session: content.create_topic(session, "leeg", "\u200b\u200b", "", 0),
        lambda session: parties.create_party(session, slug="leeg", name="\ufeff", municipality_code="GM0344"),
        lambda session: accounts.create_user(session, "leeg@example.org", "\u2060\u00ad"),
        lambda session: accounts.create_token(session, user, "\u200d"),
        lambda session: forum.create_category(
            session, ADMIN, name="\u3164", slug=None, position=0, description=""
        ),
    ]
    for make in makers:
        async with db.transaction() as session:
            with pytest.raises(DomainError) as refused:
                await make(session)
        assert [problem.message_key for problem in refused.value.problems] == ["text.invisible"]
    async with db.transaction() as session:
        renamed = await accounts.create_user(session, "naam@example.org", "\u202eJan\u202c de Vries")
    assert renamed.display_name == "Jan de Vries"


async def test_a_provider_name_with_nothing_visible_is_not_a_display_name(db: Database) -> None:
    async with db.transaction() as session:
        user = await accounts.upsert_identity_user(
            session, "https://idp", "abc", "anna@example.org", "\u200b\u202e"
        )
        first_name = user.display_name
        renamed = await accounts.upsert_identity_user(
            session, "https://idp", "abc", "anna@example.org", "\u2066Anna\u2069 Bakker"
        )
    assert (first_name, renamed.display_name) == ("anna", "Anna Bakker")


# --- rate settings ------------------------------------------------------------------------------------------


async def test_a_partner_rate_with_a_zero_period_is_refused(gql: GraphQLClient, admin_token: str) -> None:
    for rate in ("5/0seconds", "5 per 0 minute", "100/second;5000/0hours", "1/2years"):
        result = await gql(CREATE_KEY, {"input": {"name": "Gemeente", "rate": rate}}, token=admin_token)

        assert result == {
            "data": {
                "createPartnerKey": {
                    "key": None,
                    "errors": [
                        {
                            "field": ["rate"],
                            "message": "Geef een limiet zoals 1200/minute of 100/second;5000/hour.",
                            "code": "BAD_USER_INPUT",
                        }
                    ],
                }
            }
        }, rate


@pytest.mark.parametrize(
    "setting", ["forum_post_rate", "anonymous_rate", "partner_rate", "helpdesk_ticket_rate"]
)
def test_a_rate_setting_with_a_zero_period_is_refused(setting: str) -> None:
    with pytest.raises(ValidationError, match="period of zero"):
        Settings(**{setting: "5/0seconds"})  # type: ignore[arg-type]
    assert getattr(Settings(**{setting: "5/30seconds"}), setting) == "5/30seconds"  # type: ignore[arg-type]


# --- generated input over HTTP --------------------------------------------------------------------------------

TOKENS = """
query ($v: String!, $id: ID!) {
  a: articles(after: $v) { totalCount }
  t: trainings(after: $v, topic: $v) { totalCount }
  n: node(id: $id) { id }
  ns: nodes(ids: [$id]) { id }
  s: article(slug: $v) { id }
  p: party(slug: $v) { id }
  m: parties(municipalityCode: $v, search: $v) { totalCount }
  f: articles(search: $v) { totalCount }
}
"""


def answered(response: httpx.Response) -> None:
    """200 with data or BAD_USER_INPUT errors: never INTERNAL_SERVER_ERROR, never a 5xx."""
    assert response.status_code == 200, response.text
    codes = {item.get("extensions", {}).get("code") for item in response.json().get("errors") or []}
    assert codes <= {"BAD_USER_INPUT"}, response.text


def generated_tokens() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=30),
        st.text(max_size=12).map(lambda rest: b64("offset:" + rest)),
        st.text(max_size=12).map(lambda rest: b64("Article:" + rest)),
        st.sampled_from(["\ud800", "a\udc00", "\x00"]),
    )


@GENERATED
@given(value=generated_tokens())
def test_generated_cursors_ids_and_slugs_are_answered(server: RunningServer, value: str) -> None:
    body = json.dumps({"query": TOKENS, "variables": {"v": value, "id": value}})
    with httpx.Client(base_url=server.url, timeout=30) as http:
        answered(http.post("/graphql", content=body, headers={"Content-Type": "application/json"}))


OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
MOMENTS = st.one_of(
    st.datetimes(timezones=OFFSETS).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),  # Dutch local time
    st.datetimes(max_value=datetime(1, 1, 3), timezones=OFFSETS).map(datetime.isoformat),
    st.datetimes(min_value=datetime(9999, 12, 29), timezones=OFFSETS).map(datetime.isoformat),
    st.text(max_size=30),
)
TRAINING_AT = """
mutation ($start: DateTime!, $end: DateTime!) {
  createTraining(input: {title: "Gegenereerd", summary: "S", format: ONLINE, capacity: 5,
                         sessions: [{startsAt: $start, endsAt: $end}], registrationDeadline: $start}) {
    training { startsAt endsAt registrationDeadline } errors { code }
  }
}
"""


@GENERATED
@given(moment=MOMENTS)
def test_generated_datetimes_are_stored_and_shown_or_bad_user_input(
    server: RunningServer, admin_token: str, moment: str
) -> None:
    end = moment
    with contextlib.suppress(ValueError, OverflowError):
        end = (datetime.fromisoformat(moment) + timedelta(hours=2)).isoformat()
    body = json.dumps({"query": TRAINING_AT, "variables": {"start": moment, "end": end}})
    with httpx.Client(base_url=server.url, timeout=30) as http:
        response = http.post(
            "/graphql",
            content=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {admin_token}"},
        )
    answered(response)
    training = (response.json().get("data") or {}).get("createTraining", {}).get("training")
    if training is not None:  # stored, read back and sent as the same moment
        assert datetime.fromisoformat(training["startsAt"]) == parse_datetime(moment)


URLISH = st.one_of(
    st.text(max_size=30),
    st.builds(
        "{}://{}{}".format,
        st.sampled_from(["http", "https", "ftp", ""]),
        st.sampled_from(
            ["[::1", "[abc]", "127.0.0.1", "a\uff03b", "127.0.0.1:99999", "127.0.0.1:-1", "[::1]"]
        ),
        st.text(max_size=15),
    ),
)


@GENERATED
@given(url=URLISH)
@example(url="/").via("a trailing slash: Starlette redirects the page")
@example(url="%/").via("a percent sign before it")
def test_generated_urls_and_origins_are_answered_over_http(server: RunningServer, url: str) -> None:
    header = "".join(char for char in url.encode().decode("latin-1") if " " <= char != "\x7f").strip() or "-"
    latin = header  # what a header can carry: latin-1, no control characters, nothing blank at the ends
    with httpx.Client(base_url=server.url, timeout=30) as http:
        oembed = http.get("/oembed", params={"url": url, "maxwidth": url[:5]})
        page = http.get("/kennisbank/x" + quote(url, safe=""))
        logout = http.get("/auth/logout", params={"next": url})
        referred = http.post(
            "/graphql",
            json={"query": "{ topics { id } }"},
            headers=[("Origin", b"null"), ("Referer", latin.encode("latin-1"))],
        )
        origin = http.options(
            "/graphql",
            headers=[("Origin", latin.encode("latin-1")), ("Access-Control-Request-Method", b"POST")],
        )

    assert oembed.status_code in (200, 400, 404), oembed.text
    if page.status_code == 307:  # a trailing slash (x%2F): Starlette sends it to the page without one
        location = page.headers["location"]  # on this server, never elsewhere
        assert location.startswith(server.url + "/kennisbank/x") and not location.endswith("/"), location
    else:
        assert page.status_code == 404, page.text
    assert logout.status_code == 200
    answered(referred)
    assert origin.status_code in (204, 403)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("session_days", 10**10),
        ("helpdesk_close_after_hours", 1e300),
        ("helpdesk_response_hours_low", -1),
        ("live_poll_seconds", 0),
    ],
)
def test_a_duration_setting_that_would_overflow_the_clock_is_refused(setting: str, value: float) -> None:
    """``now + timedelta(days=10**10)`` raised OverflowError at every sign-in."""
    with pytest.raises(ValidationError, match=setting):
        Settings(**{setting: value})  # type: ignore[arg-type]
