"""Full-text search that understands Dutch, with each engine's own machinery.

PostgreSQL keeps a weighted ``tsvector`` per document built with the ``dutch`` text
search configuration. SQLite keeps an FTS5 table of Dutch Snowball stems. The two
stemmers are not the same: PostgreSQL's ``dutch`` is the original Snowball algorithm,
which leaves ``campagnes`` as it is while stemming ``campagne`` to ``campagn``; the
``snowballstemmer`` package has the current one, which stems both to ``campagne``. So
the PostgreSQL vector also carries the ``snowballstemmer`` stems (as ``simple``
lexemes), and a query word matches either: ``verkiezing`` finds ``verkiezingen`` and
``campagnes`` finds ``campagne`` on both engines. Documents are (re)indexed by the
services in the same transaction as the row they describe, so search never lags
behind an edit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from sqlalchemy import Float, Integer, SQLColumnExpression, Subquery, bindparam, func, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from kennispunt.errors import DomainError, ErrorCode, FieldPath

TABLE = "search_documents"
MAX_QUERY_LENGTH = 200

# The Snowball Dutch stop list, as PostgreSQL's `dutch` configuration uses it.
DUTCH_STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)

WORD = re.compile(r"\w+", re.UNICODE)


def checked_query(query: str, field: FieldPath) -> str:
    """The query as it is searched for (stripped), or BAD_USER_INPUT when it is too long."""
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise DomainError.of(ErrorCode.BAD_USER_INPUT, "search.too_long", field, max=MAX_QUERY_LENGTH)
    return query


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str
    summary: str
    body: str


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


def words(value: str, *, drop_stop_words: bool = False) -> list[str]:
    found = WORD.findall(value.casefold())
    if drop_stop_words:
        found = [word for word in found if word not in DUTCH_STOP_WORDS]
    return found


def stems(value: str, *, drop_stop_words: bool = False) -> list[str]:
    return list(_stemmer().stemWords(words(value, drop_stop_words=drop_stop_words)))


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def index_document(session: AsyncSession, document: Document) -> None:
    await remove_document(session, document.kind, document.object_id)
    params = {
        "kind": document.kind,
        "object_id": document.object_id,
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
    }
    if _dialect(session) == "postgresql":
        for key in ("title", "summary", "body"):
            params[f"{key}_stems"] = " ".join(stems(str(params[key])))
        await session.execute(
            text(
                f"INSERT INTO {TABLE} (kind, object_id, document) VALUES (:kind, :object_id, "
                "setweight(to_tsvector('dutch', :title) || to_tsvector('simple', :title_stems), 'A') || "
                "setweight(to_tsvector('dutch', :summary) || to_tsvector('simple', :summary_stems), 'B') || "
                "setweight(to_tsvector('dutch', :body) || to_tsvector('simple', :body_stems), 'C'))"
            ),
            params,
        )
    else:
        for key in ("title", "summary", "body"):
            params[key] = " ".join(stems(str(params[key])))
        await session.execute(
            text(
                f"INSERT INTO {TABLE} (kind, object_id, title, summary, body) "
                "VALUES (:kind, :object_id, :title, :summary, :body)"
            ),
            params,
        )


async def remove_document(session: AsyncSession, kind: str, object_id: int) -> None:
    await session.execute(
        text(f"DELETE FROM {TABLE} WHERE kind = :kind AND object_id = :object_id"),
        {"kind": kind, "object_id": object_id},
    )


async def remove_documents(session: AsyncSession, kind: str, object_ids: Sequence[int]) -> None:
    """`remove_document` for many objects of one kind."""
    statement = text(f"DELETE FROM {TABLE} WHERE kind = :kind AND object_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for start in range(0, len(object_ids), 500):
        await session.execute(statement, {"kind": kind, "ids": list(object_ids[start : start + 500])})


def matches(session: AsyncSession, kind: str, query: str) -> Subquery:
    """A subquery of ``(object_id, rank)`` for the documents of ``kind`` matching ``query``.

    Every word must match (in any inflection); a higher rank is a better match, with
    words in the title weighing most and words in the body least.
    """
    p = f"{kind}_"  # parameter names of their own: one statement may search several kinds
    if _dialect(session) == "postgresql":
        terms = words(query, drop_stop_words=True)
        params: dict[str, str] = {f"{p}kind": kind}
        alternatives = []
        for index, (word, stem) in enumerate(zip(terms, _stemmer().stemWords(terms), strict=True)):
            params[f"{p}word{index}"], params[f"{p}stem{index}"] = word, stem
            alternatives.append(
                f"(plainto_tsquery('dutch', :{p}word{index}) || plainto_tsquery('simple', :{p}stem{index}))"
            )
        if alternatives:
            tsquery = " && ".join(alternatives)
            statement = text(
                f"SELECT object_id, ts_rank(document, {tsquery}) AS rank "
                f"FROM {TABLE} WHERE kind = :{p}kind AND document @@ ({tsquery})"
            ).bindparams(**params)
        else:  # only stop words: nothing to look for
            statement = text(
                f"SELECT object_id, 0.0 AS rank FROM {TABLE} WHERE false AND kind = :{p}kind"
            ).bindparams(**{f"{p}kind": kind})
    else:
        terms = stems(query, drop_stop_words=True)
        fts_query = " ".join(f'"{term}"' for term in terms) or '""'
        statement = text(
            f"SELECT object_id, -bm25({TABLE}, 0, 0, 10.0, 4.0, 1.0) AS rank "
            f"FROM {TABLE} WHERE {TABLE} MATCH :{p}query AND kind = :{p}kind"
        ).bindparams(**{f"{p}kind": kind, f"{p}query": fts_query})
    return statement.columns(object_id=Integer, rank=Float).subquery(f"{kind}_matches")


def contains_text(column: SQLColumnExpression[str], query: str) -> ColumnElement[bool]:
    """Case-insensitive substring match for names (not full text)."""
    escaped = query.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")
