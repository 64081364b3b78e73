"""The knowledge base over GraphQL: topics, articles, Dutch search, editing and visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select

from graph.ids import encode_id
from graph.pagination import encode_cursor as cursor
from kennispunt.accounts.models import StaffRole
from kennispunt.content.models import Article, Topic
from kennispunt.db import DISPLAY_TIMEZONE, Database
from kennispunt.publishing import PublicationStatus
from tests.conftest import GraphQLClient, RunningServer, count_statements
from tests.factories import make_article, make_member, make_party, make_token, make_topic, make_user

MARCH = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def aid(article: Article) -> str:
    return encode_id("Article", article.id)


def tid(topic: Topic) -> str:
    return encode_id("Topic", topic.id)


def local(moment: datetime) -> str:
    """How the API shows a moment: ISO 8601 in Dutch local time."""
    return moment.astimezone(DISPLAY_TIMEZONE).isoformat()


def page_info(has_next: bool, has_previous: bool, start: int | None, end: int | None) -> dict[str, Any]:
    return {
        "hasNextPage": has_next,
        "hasPreviousPage": has_previous,
        "startCursor": cursor(start) if start is not None else None,
        "endCursor": cursor(end) if end is not None else None,
    }


async def editor_token(db: Database) -> str:
    editor = await make_user(db, "redactie@example.org", "Eva Redacteur", roles=(StaffRole.EDITOR,))
    return await make_token(db, editor)


async def member_token(db: Database) -> str:
    """A verified party member without a staff role: a reader like any other."""
    user = await make_user(db, "lid@example.org", "Sanne de Boer")
    await make_member(db, user, await make_party(db))
    return await make_token(db, user)


async def stored_article(db: Database, article_id: int) -> Article:
    async with db.session() as session:
        article = await session.get(Article, article_id)
    assert article is not None
    return article


ARTICLES = """
query Articles($first: Int, $after: String, $topic: String, $search: String) {
  articles(first: $first, after: $after, topic: $topic, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id slug title } }
  }
}
"""

SEARCH = """
query Search($search: String!) {
  articles(search: $search) { totalCount edges { node { slug } } }
}
"""


def slugs(result: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in result["data"]["articles"]["edges"]]


# --- topics ---------------------------------------------------------------------------


async def test_topics_come_in_editorial_order_then_by_name(db: Database, gql: GraphQLClient) -> None:
    finance = await make_topic(db, "financien", "Financiën", position=2)
    founding = await make_topic(db, "oprichten", "Een partij oprichten", position=1)
    campaign = await make_topic(db, "campagne-voeren", "Campagne voeren", position=2)

    result = await gql("{ topics { id slug name } }")

    assert result == {
        "data": {
            "topics": [
                {"id": tid(founding), "slug": "oprichten", "name": "Een partij oprichten"},
                {"id": tid(campaign), "slug": "campagne-voeren", "name": "Campagne voeren"},
                {"id": tid(finance), "slug": "financien", "name": "Financiën"},
            ]
        }
    }


# --- lists and paging -----------------------------------------------------------------


async def test_articles_are_listed_newest_first_with_topic_and_dates(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    older = await make_article(db, topic, "De kandidatenlijst", published_at=MARCH)
    newer = await make_article(
        db,
        topic,
        "Het verkiezingsprogramma",
        summary="Schrijf samen.",
        published_at=MARCH + timedelta(days=3),
    )

    result = await gql(
        "{ articles { totalCount edges { node { id slug title summary publishedAt topic { id slug name } } } } }"
    )

    topic_json = {"id": tid(topic), "slug": "campagne-voeren", "name": "Campagne voeren"}
    assert result == {
        "data": {
            "articles": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "id": aid(newer),
                            "slug": "het-verkiezingsprogramma",
                            "title": "Het verkiezingsprogramma",
                            "summary": "Schrijf samen.",
                            "publishedAt": "2025-03-04T10:00:00+01:00",
                            "topic": topic_json,
                        }
                    },
                    {
                        "node": {
                            "id": aid(older),
                            "slug": "de-kandidatenlijst",
                            "title": "De kandidatenlijst",
                            "summary": "Zo begin je een lokale partij.",
                            "publishedAt": "2025-03-01T10:00:00+01:00",
                            "topic": topic_json,
                        }
                    },
                ],
            }
        }
    }


async def test_first_and_after_page_through_all_articles(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    articles = [
        await make_article(db, topic, f"Artikel {number}", published_at=MARCH + timedelta(days=number))
        for number in range(5)
    ]
    newest_first = list(reversed(articles))

    def edges(items: list[Article], start: int) -> list[dict[str, Any]]:
        return [
            {
                "cursor": cursor(start + index),
                "node": {"id": aid(item), "slug": item.slug, "title": item.title},
            }
            for index, item in enumerate(items)
        ]

    first = await gql(ARTICLES, {"first": 2})
    assert first == {
        "data": {
            "articles": {
                "totalCount": 5,
                "pageInfo": page_info(True, False, 0, 1),
                "edges": edges(newest_first[0:2], 0),
            }
        }
    }

    second = await gql(ARTICLES, {"first": 2, "after": first["data"]["articles"]["pageInfo"]["endCursor"]})
    assert second == {
        "data": {
            "articles": {
                "totalCount": 5,
                "pageInfo": page_info(True, True, 2, 3),
                "edges": edges(newest_first[2:4], 2),
            }
        }
    }

    last = await gql(ARTICLES, {"first": 2, "after": second["data"]["articles"]["pageInfo"]["endCursor"]})
    assert last == {
        "data": {
            "articles": {
                "totalCount": 5,
                "pageInfo": page_info(False, True, 4, 4),
                "edges": edges(newest_first[4:], 4),
            }
        }
    }

    beyond = await gql(ARTICLES, {"first": 2, "after": last["data"]["articles"]["pageInfo"]["endCursor"]})
    assert beyond == {
        "data": {"articles": {"totalCount": 5, "pageInfo": page_info(False, True, None, None), "edges": []}}
    }


async def test_an_empty_knowledge_base_has_an_empty_connection(gql: GraphQLClient) -> None:
    result = await gql(ARTICLES)

    assert result == {
        "data": {"articles": {"totalCount": 0, "pageInfo": page_info(False, False, None, None), "edges": []}}
    }


async def test_topic_filter_lists_only_that_topics_articles(db: Database, gql: GraphQLClient) -> None:
    campaign = await make_topic(db, "campagne-voeren", "Campagne voeren")
    finance = await make_topic(db, "financien", "Financiën")
    flyers = await make_article(db, campaign, "Flyeren in de wijk", published_at=MARCH)
    await make_article(db, finance, "De begroting", published_at=MARCH + timedelta(days=1))

    result = await gql(ARTICLES, {"topic": "campagne-voeren"})
    unknown = await gql(ARTICLES, {"topic": "bestaat-niet"})

    assert result == {
        "data": {
            "articles": {
                "totalCount": 1,
                "pageInfo": page_info(False, False, 0, 0),
                "edges": [
                    {
                        "cursor": cursor(0),
                        "node": {
                            "id": aid(flyers),
                            "slug": "flyeren-in-de-wijk",
                            "title": "Flyeren in de wijk",
                        },
                    }
                ],
            }
        }
    }
    assert unknown == {
        "data": {"articles": {"totalCount": 0, "pageInfo": page_info(False, False, None, None), "edges": []}}
    }


# --- one article ----------------------------------------------------------------------


async def test_article_by_slug(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic, "Een partij oprichten", published_at=MARCH)

    result = await gql(
        'query { article(slug: "een-partij-oprichten") { id title body publishedAt topic { slug } } }'
    )

    assert result == {
        "data": {
            "article": {
                "id": aid(article),
                "title": "Een partij oprichten",
                "body": "Een lokale partij begint met een vereniging.",
                "publishedAt": "2025-03-01T10:00:00+01:00",
                "topic": {"slug": "campagne-voeren"},
            }
        }
    }


async def test_unknown_slug_is_null(gql: GraphQLClient) -> None:
    assert await gql('{ article(slug: "bestaat-niet") { id } }') == {"data": {"article": None}}


async def test_body_html_is_rendered_and_sanitised(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    body = (
        "## Stappen\n"
        "\n"
        "Lees **eerst** de [Kieswet](https://wetten.overheid.nl/kieswet).\n"
        "\n"
        "<script>alert('hoi')</script>\n"
        "\n"
        '[klik](javascript:alert(1)) en <b onclick="x()">vet</b>\n'
        "\n"
        '<img src="x" onerror="alert(1)">'
    )
    await make_article(db, topic, "Opmaak", body=body)

    result = await gql('{ article(slug: "opmaak") { body bodyHtml } }')

    assert result == {
        "data": {
            "article": {
                "body": body,
                "bodyHtml": (
                    "<h2>Stappen</h2>\n"
                    '<p>Lees <strong>eerst</strong> de <a href="https://wetten.overheid.nl/kieswet" '
                    'rel="noopener noreferrer nofollow">Kieswet</a>.</p>\n'
                    "\n"
                    "<p>[klik](javascript:alert(1)) en vet</p>\n"
                ),
            }
        }
    }


async def test_body_html_drops_unsafe_link_targets_but_keeps_the_text(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    await make_article(
        db, topic, "Links", body="[mail](mailto:info@example.org) [data](data:text/html,x) [rel](/pad)"
    )
    await make_article(
        db,
        topic,
        "Rauw",
        body='<a href="JaVaScRiPt:alert(1)" onclick="x()">klik</a> <iframe src="https://example.org"></iframe>'
        "<style>p { color: red }</style>",
    )

    result = await gql('{ article(slug: "links") { bodyHtml } }')
    raw = await gql('{ article(slug: "rauw") { bodyHtml } }')

    assert result == {
        "data": {
            "article": {
                "bodyHtml": (
                    '<p><a href="mailto:info@example.org" rel="noopener noreferrer nofollow">mail</a> '
                    "[data](data:text/html,x) "
                    '<a href="/pad" rel="noopener noreferrer nofollow">rel</a></p>\n'
                )
            }
        }
    }
    assert raw == {
        "data": {"article": {"bodyHtml": '<p><a rel="noopener noreferrer nofollow">klik</a> </p>\n'}}
    }


async def test_body_is_kept_as_written_so_indented_code_stays_code(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Code", body="\n    statuten = True\n\nKlaar.\n\n")

    result = await gql('{ article(slug: "code") { body bodyHtml } }')

    assert result == {
        "data": {
            "article": {
                "body": "    statuten = True\n\nKlaar.",
                "bodyHtml": "<pre><code>statuten = True\n</code></pre>\n<p>Klaar.</p>\n",
            }
        }
    }


# --- visibility -----------------------------------------------------------------------


async def test_drafts_are_invisible_to_anonymous_readers_and_non_editors(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    draft = await make_article(db, topic, "Nog geheim", published=False)
    token = await member_token(db)
    query = """
    query ($id: ID!) {
      articles(status: [DRAFT, PUBLISHED]) { totalCount edges { node { slug } } }
      article(slug: "nog-geheim") { id }
      node(id: $id) { id }
      nodes(ids: [$id]) { id }
    }
    """

    anonymous = await gql(query, {"id": aid(draft)})
    member = await gql(query, {"id": aid(draft)}, token=token)

    hidden = {
        "data": {"articles": {"totalCount": 0, "edges": []}, "article": None, "node": None, "nodes": [None]}
    }
    assert anonymous == hidden
    assert member == hidden


async def test_editors_see_drafts_when_they_ask_for_them(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    draft = await make_article(db, topic, "Nog geheim", published=False)
    published = await make_article(db, topic, "Openbaar", published_at=MARCH)
    token = await editor_token(db)

    result = await gql(
        """
        query ($id: ID!) {
          drafts: articles(status: [DRAFT]) { totalCount edges { node { id status publishedAt } } }
          listed: articles { totalCount edges { node { id status } } }
          article(slug: "nog-geheim") { id status }
          node(id: $id) { id ... on Article { title } }
        }
        """,
        {"id": aid(draft)},
        token=token,
    )

    assert result == {
        "data": {
            "drafts": {
                "totalCount": 1,
                "edges": [{"node": {"id": aid(draft), "status": "DRAFT", "publishedAt": None}}],
            },
            "listed": {"totalCount": 1, "edges": [{"node": {"id": aid(published), "status": "PUBLISHED"}}]},
            "article": {"id": aid(draft), "status": "DRAFT"},
            "node": {"id": aid(draft), "title": "Nog geheim"},
        }
    }


async def test_archived_articles_leave_lists_and_search_but_stay_readable_by_link(
    db: Database, gql: GraphQLClient
) -> None:
    topic = await make_topic(db)
    archived = await make_article(db, topic, "Verkiezingen van vroeger", published_at=MARCH)
    token = await editor_token(db)
    archive = await gql(
        "mutation ($id: ID!) { archiveArticle(input: {id: $id}) { article { status } errors { code } } }",
        {"id": aid(archived)},
        token=token,
    )
    assert archive == {"data": {"archiveArticle": {"article": {"status": "ARCHIVED"}, "errors": []}}}

    result = await gql(
        """
        query ($id: ID!) {
          articles { totalCount }
          found: articles(search: "verkiezingen") { totalCount }
          article(slug: "verkiezingen-van-vroeger") { id status }
          node(id: $id) { id }
        }
        """,
        {"id": aid(archived)},
    )

    assert result == {
        "data": {
            "articles": {"totalCount": 0},
            "found": {"totalCount": 0},
            "article": {"id": aid(archived), "status": "ARCHIVED"},
            "node": {"id": aid(archived)},
        }
    }


async def test_archiving_a_draft_does_not_publish_it(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    draft = await make_article(db, topic, "Nooit verschenen", published=False)
    token = await editor_token(db)
    archived = await gql(ARCHIVE, {"input": {"id": aid(draft)}}, token=token)
    assert archived["data"]["archiveArticle"]["article"]["status"] == "ARCHIVED"
    query = 'query ($id: ID!) { article(slug: "nooit-verschenen") { id } node(id: $id) { id } }'

    anonymous = await gql(query, {"id": aid(draft)})
    member = await gql(query, {"id": aid(draft)}, token=await member_token(db))
    editor = await gql(query, {"id": aid(draft)}, token=token)

    assert anonymous == {"data": {"article": None, "node": None}}
    assert member == {"data": {"article": None, "node": None}}
    assert editor == {"data": {"article": {"id": aid(draft)}, "node": {"id": aid(draft)}}}


# --- Dutch search ---------------------------------------------------------------------


async def test_search_matches_dutch_inflections(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(
        db,
        topic,
        "Na de stembus",
        body="De gemeenteraadsverkiezingen zijn voorbij; wat nu?",
        slug="na-de-stembus",
    )
    await make_article(
        db, topic, "Aan de slag", body="Tijdens de verkiezingen telt elke stem.", slug="aan-de-slag"
    )
    await make_article(db, topic, "Flyers", body="Een goede campagne begint vroeg.", slug="flyers")

    elections = await gql(SEARCH, {"search": "verkiezing"})
    campaigns = await gql(SEARCH, {"search": "campagnes"})
    capitals = await gql(SEARCH, {"search": "CAMPAGNE"})

    assert elections == {
        "data": {"articles": {"totalCount": 1, "edges": [{"node": {"slug": "aan-de-slag"}}]}}
    }
    assert campaigns == {"data": {"articles": {"totalCount": 1, "edges": [{"node": {"slug": "flyers"}}]}}}
    assert capitals == campaigns


async def test_search_ranks_title_matches_above_body_matches(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(
        db, topic, "Campagne voeren", body="Zo pak je het aan.", slug="titel", published_at=MARCH
    )
    await make_article(
        db,
        topic,
        "Vrijwilligers werven",
        body="Werf mensen voor je campagne.",
        slug="tekst",
        published_at=MARCH + timedelta(days=30),
    )
    await make_article(db, topic, "Begroting", body="Over geld.", slug="ander", published_at=MARCH)

    result = await gql(SEARCH, {"search": "campagne"})

    assert result == {
        "data": {
            "articles": {"totalCount": 2, "edges": [{"node": {"slug": "titel"}}, {"node": {"slug": "tekst"}}]}
        }
    }


async def test_search_needs_every_word(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Campagne", body="Flyers en posters voor de verkiezingen.", slug="beide")
    await make_article(db, topic, "Posters", body="Alleen posters.", slug="een")

    result = await gql(SEARCH, {"search": "posters verkiezing"})

    assert result == {"data": {"articles": {"totalCount": 1, "edges": [{"node": {"slug": "beide"}}]}}}


async def test_search_without_matches_is_empty(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Campagne voeren")

    for search in ("penningmeester", "de het een", '"; DROP TABLE articles; --', "OR NEAR(* -"):
        result = await gql(SEARCH, {"search": search})
        assert result == {"data": {"articles": {"totalCount": 0, "edges": []}}}, search


async def test_search_combines_with_topic_and_paging(db: Database, gql: GraphQLClient) -> None:
    campaign = await make_topic(db, "campagne-voeren", "Campagne voeren")
    finance = await make_topic(db, "financien", "Financiën")
    await make_article(db, campaign, "Verkiezingen winnen", slug="winnen")
    await make_article(db, campaign, "Na de verkiezingen", body="Verkiezingen, verkiezingen.", slug="na")
    await make_article(db, finance, "Verkiezingen betalen", slug="betalen")

    result = await gql(
        """{ articles(search: "verkiezing", topic: "campagne-voeren", first: 1) {
               totalCount pageInfo { hasNextPage } edges { node { slug } } } }"""
    )

    assert result["data"]["articles"]["totalCount"] == 2
    assert result["data"]["articles"]["pageInfo"] == {"hasNextPage": True}
    assert len(result["data"]["articles"]["edges"]) == 1


async def test_search_follows_edits_at_once(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic, "Ledenwerving", body="Organiseer een open avond.", slug="leden")
    token = await editor_token(db)
    assert slugs(await gql(SEARCH, {"search": "avond"})) == ["leden"]

    updated = await gql(
        """mutation ($input: UpdateArticleInput!) {
             updateArticle(input: $input) { article { body } errors { field message code } } }""",
        {"input": {"id": aid(article), "body": "Bel oud-leden na de zomer."}},
        token=token,
    )
    assert updated == {
        "data": {"updateArticle": {"article": {"body": "Bel oud-leden na de zomer."}, "errors": []}}
    }

    assert await gql(SEARCH, {"search": "avond"}) == {"data": {"articles": {"totalCount": 0, "edges": []}}}
    assert slugs(await gql(SEARCH, {"search": "zomers"})) == ["leden"]
    assert slugs(await gql(SEARCH, {"search": "ledenwerving"})) == ["leden"]


async def test_a_search_over_200_characters_is_refused(gql: GraphQLClient) -> None:
    query = "query ($search: String!) { articles(search: $search) { totalCount } }"

    dutch = await gql(query, {"search": "verkiezing " * 19})
    english = await gql(query, {"search": "a" * 201}, language="en")
    exactly = await gql(query, {"search": "a" * 200})

    location = [{"line": 1, "column": 28}]
    assert dutch == {
        "data": None,
        "errors": [
            {
                "message": "De zoekopdracht is te lang (hoogstens 200 tekens).",
                "locations": location,
                "path": ["articles"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert english == {
        "data": None,
        "errors": [
            {
                "message": "The search is too long (at most 200 characters).",
                "locations": location,
                "path": ["articles"],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    }
    assert exactly == {"data": {"articles": {"totalCount": 0}}}


# --- editing --------------------------------------------------------------------------

ARTICLE_PAYLOAD = "article { id slug title summary body bodyHtml status publishedAt updatedAt topic { slug } } errors { field message code }"

CREATE = f"mutation ($input: CreateArticleInput!) {{ createArticle(input: $input) {{ {ARTICLE_PAYLOAD} }} }}"
UPDATE = f"mutation ($input: UpdateArticleInput!) {{ updateArticle(input: $input) {{ {ARTICLE_PAYLOAD} }} }}"
PUBLISH = (
    f"mutation ($input: PublishArticleInput!) {{ publishArticle(input: $input) {{ {ARTICLE_PAYLOAD} }} }}"
)
ARCHIVE = (
    f"mutation ($input: ArchiveArticleInput!) {{ archiveArticle(input: $input) {{ {ARTICLE_PAYLOAD} }} }}"
)


async def test_an_editor_writes_publishes_and_archives_an_article(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    token = await editor_token(db)

    created = await gql(
        CREATE,
        {
            "input": {
                "title": "  De eerste ledenvergadering ",
                "summary": "Wat er op de agenda staat.",
                "body": "Stel **samen** de agenda op.",
                "topicId": tid(topic),
            }
        },
        token=token,
    )
    stored = await stored_article(db, await _only_article_id(db))
    assert created == {
        "data": {
            "createArticle": {
                "article": {
                    "id": aid(stored),
                    "slug": "de-eerste-ledenvergadering",
                    "title": "De eerste ledenvergadering",
                    "summary": "Wat er op de agenda staat.",
                    "body": "Stel **samen** de agenda op.",
                    "bodyHtml": "<p>Stel <strong>samen</strong> de agenda op.</p>\n",
                    "status": "DRAFT",
                    "publishedAt": None,
                    "updatedAt": local(stored.updated_at),
                    "topic": {"slug": "campagne-voeren"},
                },
                "errors": [],
            }
        }
    }
    assert await gql('{ article(slug: "de-eerste-ledenvergadering") { id } }') == {"data": {"article": None}}

    other_topic = await make_topic(db, "vereniging", "De vereniging")
    updated = await gql(
        UPDATE,
        {
            "input": {
                "id": aid(stored),
                "title": "De ledenvergadering",
                "slug": "ledenvergadering",
                "topicId": tid(other_topic),
            }
        },
        token=token,
    )
    stored = await stored_article(db, stored.id)
    assert updated == {
        "data": {
            "updateArticle": {
                "article": {
                    "id": aid(stored),
                    "slug": "ledenvergadering",
                    "title": "De ledenvergadering",
                    "summary": "Wat er op de agenda staat.",
                    "body": "Stel **samen** de agenda op.",
                    "bodyHtml": "<p>Stel <strong>samen</strong> de agenda op.</p>\n",
                    "status": "DRAFT",
                    "publishedAt": None,
                    "updatedAt": local(stored.updated_at),
                    "topic": {"slug": "vereniging"},
                },
                "errors": [],
            }
        }
    }

    published = await gql(
        PUBLISH, {"input": {"id": aid(stored), "publishedAt": "2025-03-20T19:30:00+01:00"}}, token=token
    )
    stored = await stored_article(db, stored.id)
    assert published["data"]["publishArticle"]["article"]["status"] == "PUBLISHED"
    assert published["data"]["publishArticle"]["article"]["publishedAt"] == "2025-03-20T19:30:00+01:00"
    assert published["data"]["publishArticle"]["article"]["updatedAt"] == local(stored.updated_at)
    assert published["data"]["publishArticle"]["errors"] == []
    assert await gql('{ article(slug: "ledenvergadering") { id publishedAt } }') == {
        "data": {"article": {"id": aid(stored), "publishedAt": "2025-03-20T19:30:00+01:00"}}
    }

    again = await gql(PUBLISH, {"input": {"id": aid(stored)}}, token=token)
    assert again == {
        "data": {
            "publishArticle": {
                "article": None,
                "errors": [{"field": None, "message": "Dit artikel is al gepubliceerd.", "code": "CONFLICT"}],
            }
        }
    }

    archived = await gql(ARCHIVE, {"input": {"id": aid(stored)}}, token=token)
    stored = await stored_article(db, stored.id)
    assert archived == {
        "data": {
            "archiveArticle": {
                "article": {
                    "id": aid(stored),
                    "slug": "ledenvergadering",
                    "title": "De ledenvergadering",
                    "summary": "Wat er op de agenda staat.",
                    "body": "Stel **samen** de agenda op.",
                    "bodyHtml": "<p>Stel <strong>samen</strong> de agenda op.</p>\n",
                    "status": "ARCHIVED",
                    "publishedAt": "2025-03-20T19:30:00+01:00",
                    "updatedAt": local(stored.updated_at),
                    "topic": {"slug": "vereniging"},
                },
                "errors": [],
            }
        }
    }


async def _only_article_id(db: Database) -> int:
    async with db.session() as session:
        ids = list(await session.scalars(select(Article.id)))
    assert len(ids) == 1
    return ids[0]


async def test_publishing_without_a_date_uses_now(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    draft = await make_article(db, topic, "Concept", published=False)
    token = await editor_token(db)

    result = await gql(PUBLISH, {"input": {"id": aid(draft)}}, token=token)

    stored = await stored_article(db, draft.id)
    assert stored.status is PublicationStatus.PUBLISHED
    assert stored.published_at is not None
    assert result["data"]["publishArticle"]["article"]["publishedAt"] == local(stored.published_at)
    assert await gql("{ articles { edges { node { id } } } }") == {
        "data": {"articles": {"edges": [{"node": {"id": aid(draft)}}]}}
    }


async def test_invalid_input_comes_back_as_errors_with_field_paths(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    token = await editor_token(db)
    base = {"title": "Integriteit", "summary": "Kort.", "body": "Lang.", "topicId": tid(topic)}

    empty_title = await gql(CREATE, {"input": {**base, "title": "   "}}, token=token)
    bad_slug = await gql(CREATE, {"input": {**base, "slug": "Niet Goed!"}}, token=token)
    several = await gql(CREATE, {"input": {**base, "summary": "", "body": "x" * 100_001}}, token=token)
    too_long = await gql(CREATE, {"input": {**base, "title": "t" * 201}}, token=token, language="en")

    assert empty_title == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [{"field": ["title"], "message": "Vul dit veld in.", "code": "BAD_USER_INPUT"}],
            }
        }
    }
    assert bad_slug == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {
                        "field": ["slug"],
                        "message": "Een slug bestaat uit kleine letters, cijfers en koppeltekens.",
                        "code": "BAD_USER_INPUT",
                    }
                ],
            }
        }
    }
    assert several == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {"field": ["summary"], "message": "Vul dit veld in.", "code": "BAD_USER_INPUT"},
                    {
                        "field": ["body"],
                        "message": "Gebruik hoogstens 100000 tekens.",
                        "code": "BAD_USER_INPUT",
                    },
                ],
            }
        }
    }
    assert too_long == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {"field": ["title"], "message": "Use at most 200 characters.", "code": "BAD_USER_INPUT"}
                ],
            }
        }
    }
    assert await gql("{ articles(status: [DRAFT]) { totalCount } }", token=token) == {
        "data": {"articles": {"totalCount": 0}}
    }


async def test_a_taken_slug_is_a_conflict(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Integriteit")
    other = await make_article(db, topic, "Integriteit in de raad")
    token = await editor_token(db)

    created = await gql(
        CREATE,
        {
            "input": {
                "title": "Integriteit",
                "summary": "Kort.",
                "body": "Lang.",
                "topicId": tid(topic),
                "slug": "integriteit",
            }
        },
        token=token,
    )
    derived = await gql(
        CREATE,
        {"input": {"title": "Integriteit", "summary": "Kort.", "body": "Lang.", "topicId": tid(topic)}},
        token=token,
    )
    updated = await gql(
        UPDATE, {"input": {"id": aid(other), "slug": "integriteit"}}, token=token, language="en"
    )
    unchanged = await gql(
        UPDATE, {"input": {"id": aid(other), "slug": "integriteit-in-de-raad"}}, token=token
    )

    assert created == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [{"field": ["slug"], "message": "Deze slug is al in gebruik.", "code": "CONFLICT"}],
            }
        }
    }
    assert updated == {
        "data": {
            "updateArticle": {
                "article": None,
                "errors": [{"field": ["slug"], "message": "This slug is already taken.", "code": "CONFLICT"}],
            }
        }
    }
    assert derived["data"]["createArticle"]["errors"] == []
    assert (
        derived["data"]["createArticle"]["article"]["slug"] == "integriteit-2"
    )  # a slug from a title never clashes
    assert unchanged["data"]["updateArticle"]["errors"] == []
    assert (await stored_article(db, other.id)).slug == "integriteit-in-de-raad"


async def test_unknown_topic_and_malformed_ids(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic)
    token = await editor_token(db)
    base = {"title": "Integriteit", "summary": "Kort.", "body": "Lang."}

    unknown_topic = await gql(
        CREATE, {"input": {**base, "topicId": encode_id("Topic", topic.id + 1000)}}, token=token
    )
    malformed = await gql(CREATE, {"input": {**base, "topicId": "nonsens!"}}, token=token)
    wrong_type = await gql(UPDATE, {"input": {"id": encode_id("Topic", topic.id), "title": "X"}}, token=token)
    unknown_article = await gql(
        UPDATE, {"input": {"id": encode_id("Article", article.id + 1000)}}, token=token
    )
    unknown_topic_on_update = await gql(
        UPDATE,
        {"input": {"id": aid(article), "topicId": encode_id("Topic", topic.id + 1000)}},
        token=token,
        language="en",
    )

    assert unknown_topic == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {"field": ["topicId"], "message": "Dit onderwerp bestaat niet.", "code": "NOT_FOUND"}
                ],
            }
        }
    }
    assert malformed == {
        "data": {
            "createArticle": {
                "article": None,
                "errors": [
                    {"field": ["topicId"], "message": "Dit is geen geldig ID.", "code": "BAD_USER_INPUT"}
                ],
            }
        }
    }
    assert wrong_type == {
        "data": {
            "updateArticle": {
                "article": None,
                "errors": [{"field": ["id"], "message": "Dit is geen geldig ID.", "code": "BAD_USER_INPUT"}],
            }
        }
    }
    assert unknown_article == {
        "data": {
            "updateArticle": {
                "article": None,
                "errors": [{"field": ["id"], "message": "Dit artikel bestaat niet.", "code": "NOT_FOUND"}],
            }
        }
    }
    assert unknown_topic_on_update == {
        "data": {
            "updateArticle": {
                "article": None,
                "errors": [
                    {"field": ["topicId"], "message": "This topic does not exist.", "code": "NOT_FOUND"}
                ],
            }
        }
    }
    assert (await stored_article(db, article.id)).topic_id == topic.id


async def test_only_editors_may_edit(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic, published=False)
    member = await member_token(db)
    helpdesk_user = await make_user(db, "helpdesk@example.org", "Henk Helpdesk", roles=(StaffRole.HELPDESK,))
    helpdesk = await make_token(db, helpdesk_user)
    create = {"input": {"title": "Integriteit", "summary": "Kort.", "body": "Lang.", "topicId": tid(topic)}}

    forbidden_nl = {"field": None, "message": "Je hebt geen toestemming om dit te doen.", "code": "FORBIDDEN"}
    forbidden_en = {"field": None, "message": "You are not allowed to do this.", "code": "FORBIDDEN"}
    sign_in_nl = {"field": None, "message": "Log in om dit te doen.", "code": "UNAUTHENTICATED"}
    sign_in_en = {"field": None, "message": "Sign in to do this.", "code": "UNAUTHENTICATED"}
    for token in (None, member, helpdesk):
        # anonymous callers are asked to sign in, as by every mutation that needs it
        refused_nl, refused_en = (sign_in_nl, sign_in_en) if token is None else (forbidden_nl, forbidden_en)
        assert await gql(CREATE, create, token=token) == {
            "data": {"createArticle": {"article": None, "errors": [refused_nl]}}
        }
        assert await gql(UPDATE, {"input": {"id": aid(article), "title": "Gekaapt"}}, token=token) == {
            "data": {"updateArticle": {"article": None, "errors": [refused_nl]}}
        }
        assert await gql(PUBLISH, {"input": {"id": aid(article)}}, token=token, language="en") == {
            "data": {"publishArticle": {"article": None, "errors": [refused_en]}}
        }
        assert await gql(ARCHIVE, {"input": {"id": aid(article)}}, token=token) == {
            "data": {"archiveArticle": {"article": None, "errors": [refused_nl]}}
        }

    stored = await stored_article(db, article.id)
    assert (stored.title, stored.status) == ("Een partij oprichten", PublicationStatus.DRAFT)


async def test_an_admin_may_edit_too(db: Database, gql: GraphQLClient) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic, published=False)
    admin = await make_user(db, "admin@example.org", "Ada Admin", roles=(StaffRole.ADMIN,))
    token = await make_token(db, admin)

    result = await gql(
        "mutation ($id: ID!) { publishArticle(input: {id: $id}) { article { status } errors { code } } }",
        {"id": aid(article)},
        token=token,
    )

    assert result == {"data": {"publishArticle": {"article": {"status": "PUBLISHED"}, "errors": []}}}


# --- N+1 ------------------------------------------------------------------------------


async def test_a_page_of_articles_takes_the_same_statements_whatever_its_size(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    topics = [await make_topic(db, f"onderwerp-{number}", f"Onderwerp {number}") for number in range(5)]
    for number in range(60):
        await make_article(
            db, topics[number % 5], f"Artikel {number}", published_at=MARCH + timedelta(hours=number)
        )
    query = "query ($first: Int) { articles(first: $first) { totalCount edges { node { title topic { name } } } } }"

    with count_statements(server.db) as small:
        five = await gql(query, {"first": 5})
    with count_statements(server.db) as large:
        fifty = await gql(query, {"first": 50})

    assert len(five["data"]["articles"]["edges"]) == 5
    assert len(fifty["data"]["articles"]["edges"]) == 50
    assert fifty["data"]["articles"]["edges"][0] == {
        "node": {"title": "Artikel 59", "topic": {"name": "Onderwerp 4"}}
    }
    assert small.count == large.count


async def test_a_page_of_articles_counts_them_all_only_when_asked(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    for number in range(3):
        await make_article(db, topic, f"Artikel {number}", published_at=MARCH + timedelta(hours=number))
    counted = "query ($first: Int) { articles(first: $first) { totalCount pageInfo { hasNextPage } edges { node { title } } } }"
    uncounted = counted.replace("totalCount ", "")

    with count_statements(server.db) as with_total:
        first_two = await gql(counted, {"first": 2})
    with count_statements(server.db) as without:
        uncounted_two = await gql(uncounted, {"first": 2})
    uncounted_three = await gql(uncounted, {"first": 3})

    edges = [{"node": {"title": "Artikel 2"}}, {"node": {"title": "Artikel 1"}}]
    assert first_two == {
        "data": {"articles": {"totalCount": 3, "pageInfo": {"hasNextPage": True}, "edges": edges}}
    }
    assert uncounted_two == {"data": {"articles": {"pageInfo": {"hasNextPage": True}, "edges": edges}}}
    assert uncounted_three["data"]["articles"]["pageInfo"] == {"hasNextPage": False}
    assert without.count == with_total.count - 1


async def test_a_page_of_articles_reads_their_bodies_only_when_asked(
    db: Database, gql: GraphQLClient, server: RunningServer
) -> None:
    topic = await make_topic(db)
    await make_article(db, topic, "Leden werven", body="Begin **bij** je eigen kring.")
    statements: list[str] = []

    def note(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    async def page_reads_bodies(query: str) -> tuple[dict[str, Any], bool]:
        statements.clear()
        event.listen(server.db.engine.sync_engine, "before_cursor_execute", note)
        try:
            result = await gql(query)
        finally:
            event.remove(server.db.engine.sync_engine, "before_cursor_execute", note)
        return result, any("body_html" in statement for statement in statements)

    titles = await page_reads_bodies("{ articles { edges { node { title } } } }")
    by_fragment = await page_reads_bodies(
        "{ articles { edges { node { ...Text } } } } fragment Text on Node { ... on Article { bodyHtml } }"
    )

    assert titles == ({"data": {"articles": {"edges": [{"node": {"title": "Leden werven"}}]}}}, False)
    assert by_fragment == (
        {
            "data": {
                "articles": {
                    "edges": [{"node": {"bodyHtml": "<p>Begin <strong>bij</strong> je eigen kring.</p>\n"}}]
                }
            }
        },
        True,
    )
