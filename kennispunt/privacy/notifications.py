"""What other people's notifications quoted of erased or anonymised data (names, subjects,
titles), replaced: a notification keeps its sense without it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.notifications.models import Notification
from kennispunt.search import contains_text

NAME_KEYS = ("requester_name", "author_name", "assigned_by_name")
"""Payload keys that hold a person's name (`kennispunt.notifications`)."""


async def replace_quoted_text(
    session: AsyncSession, id_key: str, ids: Sequence[int], text_key: str, replacement: str
) -> None:
    """Notifications about the given objects (``payload[id_key]``) quote ``replacement``
    instead of ``payload[text_key]`` (a ticket's subject, a thread's title)."""
    if not ids:
        return
    notifications = await session.scalars(
        select(Notification).where(Notification.payload[id_key].as_integer().in_(ids))
    )
    for notification in notifications:
        notification.payload = {**notification.payload, text_key: replacement}
    await session.flush()


async def replace_name(session: AsyncSession, name: str, replacement: str) -> None:
    """Notifications that name ``name`` (as requester, author, assigner) name ``replacement``."""
    encoded = json.dumps(name)[1:-1]  # as the JSON column stores it
    candidates = await session.scalars(
        select(Notification).where(contains_text(cast(Notification.payload, String), encoded))
    )
    for notification in candidates:
        payload = dict(notification.payload)
        for key in NAME_KEYS:
            if payload.get(key) == name:
                payload[key] = replacement
        notification.payload = payload
    await session.flush()
