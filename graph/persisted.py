"""Persisted queries, compatible with Apollo's automatic persisted queries (APQ).

A client sends ``extensions: {"persistedQuery": {"version": 1, "sha256Hash": H}}`` and
no query text. A known hash runs its query; an unknown one is answered with
``PERSISTED_QUERY_NOT_FOUND``, after which the client sends hash and text together and
the text is stored once its SHA-256 matches. Because the text is no longer in the
request, a query can travel as a short GET that browsers and CDNs cache.

The store is a bounded LRU in each process: a client that meets a replica without the
hash simply registers it again. Queries the platform ships itself (the embeds) are
pinned and never evicted.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

APQ_VERSION = 1
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_FOUND_CODE = "PERSISTED_QUERY_NOT_FOUND"
_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


def query_hash(query: str) -> str:
    """The SHA-256 of the exact query text, in lowercase hex (as Apollo computes it)."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueryError(Exception):
    """The ``persistedQuery`` extension cannot be honoured; ``code`` says why."""

    def __init__(self, code: str, message_key: str) -> None:
        super().__init__(message_key)
        self.code = code
        self.message_key = message_key


@dataclass(frozen=True)
class PersistedQueryRequest:
    sha256_hash: str


def persisted_query_of(extensions: Mapping[str, object] | None) -> PersistedQueryRequest | None:
    """The ``persistedQuery`` extension of a request, validated; None when absent."""
    if not extensions or "persistedQuery" not in extensions:
        return None
    extension = extensions["persistedQuery"]
    if not isinstance(extension, Mapping):
        raise PersistedQueryError("BAD_USER_INPUT", "apq.malformed")
    version = extension.get("version")
    if type(version) is not int or version != APQ_VERSION:  # JSON's true and 1.0 are not 1
        raise PersistedQueryError("BAD_USER_INPUT", "apq.version")
    sha256_hash = extension.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not _SHA256_HEX.fullmatch(sha256_hash):
        raise PersistedQueryError("BAD_USER_INPUT", "apq.malformed")
    return PersistedQueryRequest(sha256_hash.lower())


class PersistedQueries:
    def __init__(self, capacity: int = 2000, max_query_length: int = 50_000) -> None:
        self.capacity = capacity
        self.max_query_length = max_query_length
        self._pinned: dict[str, str] = {}
        self._recent: OrderedDict[str, str] = OrderedDict()

    def pin(self, queries: Iterable[str]) -> None:
        """Queries that are always known (shipped with the platform)."""
        for query in queries:
            self._pinned[query_hash(query)] = query

    def lookup(self, sha256_hash: str) -> str | None:
        query = self._pinned.get(sha256_hash)
        if query is not None:
            return query
        query = self._recent.get(sha256_hash)
        if query is not None:
            self._recent.move_to_end(sha256_hash)
        return query

    def register(self, sha256_hash: str, query: str) -> None:
        """Remember a query the client sent with its hash; a wrong hash is refused."""
        if len(query) > self.max_query_length:
            raise PersistedQueryError("QUERY_TOO_COMPLEX", "apq.too_long")
        if query_hash(query) != sha256_hash:
            raise PersistedQueryError("BAD_USER_INPUT", "apq.hash_mismatch")
        if sha256_hash in self._pinned:
            return
        self._recent[sha256_hash] = query
        self._recent.move_to_end(sha256_hash)
        while len(self._recent) > self.capacity:
            self._recent.popitem(last=False)

    def resolve(self, query: str | None, extensions: Mapping[str, object] | None) -> str | None:
        """The query text to run for a request: its own text (registered when it carries a
        hash), or the stored text for its hash."""
        request = persisted_query_of(extensions)
        if request is None:
            return query
        if query is not None:
            self.register(request.sha256_hash, query)
            return query
        stored = self.lookup(request.sha256_hash)
        if stored is None:
            raise PersistedQueryError(NOT_FOUND_CODE, "apq.not_found")
        return stored
