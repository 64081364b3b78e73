"""How loaders load: one batched query per dispatch, in a short session of its own.

A loader class names the domain's batch query as ``fetch`` and says what of the viewer
it is bound to (`bound_to`): nothing, the viewer (what they may see), or their user id
(what is theirs). The load function is a `functools.partial` of plain values, never a
method of the loader, so a loader makes no reference cycle and is freed with its request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from functools import partial
from typing import Any, ClassVar, TypeVar

from strawberry.dataloader import DataLoader

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import Database
from kennispunt.paging import Page, PageRequest

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[..., Awaitable[Mapping[Any, Any]]]
PageKey = tuple[Hashable, PageRequest]
"""A page loader's key: the parent's id and which page of its children."""


async def _load_by_key(
    db: Database, fetch: Fetch, bound: tuple[Any, ...], default: Any, keys: list[Any]
) -> list[Any]:
    async with db.session() as session:
        found = await fetch(session, *bound, keys)
    return [found.get(key, default) for key in keys]


async def _nothing(default: Any, keys: list[Any]) -> list[Any]:
    return [default] * len(keys)


async def _load_pages(
    db: Database, fetch: Fetch, bound: tuple[Any, ...], keys: list[PageKey]
) -> list[Page[Any]]:
    parents_by_request: dict[PageRequest, list[Hashable]] = defaultdict(list)
    for parent_id, request in keys:
        parents_by_request[request].append(parent_id)
    pages: dict[PageKey, Page[Any]] = {}
    async with db.session() as session:
        for request, parent_ids in parents_by_request.items():
            for parent_id, page in (await fetch(session, *bound, parent_ids, request)).items():
                pages[(parent_id, request)] = page
    return [pages[key] for key in keys]


class KeyLoader(DataLoader[K, V]):
    """Values by key, the same for every viewer: ``fetch(session, keys)``; keys it does
    not return get ``default``."""

    fetch: ClassVar[Fetch]
    default: ClassVar[Any] = None

    def __init__(self, db: Database, viewer: Viewer) -> None:
        super().__init__(
            load_fn=partial(_load_by_key, db, type(self).fetch, self.bound_to(viewer), self.default)
        )

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        """What of the viewer ``fetch`` takes before the keys."""
        return ()


class VisibleKeyLoader(KeyLoader[K, V]):
    """Values by key as far as the viewer may see them: ``fetch(session, viewer, keys)``."""

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return (viewer,)


class OwnKeyLoader(KeyLoader[K, V]):
    """The signed-in viewer's own values by key: ``fetch(session, user_id, keys)``; an
    anonymous viewer has none (every key gets ``default``, without a query)."""

    def __init__(self, db: Database, viewer: Viewer) -> None:
        if viewer.user_id is None:
            DataLoader.__init__(self, load_fn=partial(_nothing, self.default))
        else:
            super().__init__(db, viewer)

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return (viewer.user_id,)


class PageLoader(DataLoader[PageKey, Page[V]]):
    """One page of children per parent, the same for every viewer:
    ``fetch(session, parent_ids, page_request)``, batched per page request."""

    fetch: ClassVar[Fetch]

    def __init__(self, db: Database, viewer: Viewer) -> None:
        super().__init__(load_fn=partial(_load_pages, db, type(self).fetch, self.bound_to(viewer)))

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return ()


class VisiblePageLoader(PageLoader[V]):
    """One page of children per parent as far as the viewer may see them:
    ``fetch(session, viewer, parent_ids, page_request)``."""

    @staticmethod
    def bound_to(viewer: Viewer) -> tuple[Any, ...]:
        return (viewer,)
