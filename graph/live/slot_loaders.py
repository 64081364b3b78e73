"""How each kind of per-viewer slot (`graph.live.slots`) is loaded for many users at once."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from graph.live.slots import SlotValues, slot_kind
from kennispunt.forum import service as forum
from kennispunt.forum.models import ReactionKind

THREAD_FOLLOWS = "thread.follows"
THREAD_UNREAD = "thread.unread"
REPLY_REACTED = "reply.reacted"
"""Keyed by ``(reply_id, ReactionKind)``."""


@slot_kind(THREAD_FOLLOWS, neutral=False)
async def thread_follows(
    session: AsyncSession, keys: Sequence[Hashable], user_ids: Sequence[int]
) -> SlotValues:
    values: SlotValues = {}
    for thread_id, user_id in await forum.followers_among(session, cast(Sequence[int], keys), user_ids):
        values.setdefault(thread_id, {})[user_id] = True
    return values


@slot_kind(THREAD_UNREAD, neutral=0)
async def thread_unread(
    session: AsyncSession, keys: Sequence[Hashable], user_ids: Sequence[int]
) -> SlotValues:
    values: SlotValues = {}
    for (thread_id, user_id), count in (
        await forum.unread_counts_of_users(session, cast(Sequence[int], keys), user_ids)
    ).items():
        values.setdefault(thread_id, {})[user_id] = count
    return values


@slot_kind(REPLY_REACTED, neutral=False)
async def reply_reacted(
    session: AsyncSession, keys: Sequence[Hashable], user_ids: Sequence[int]
) -> SlotValues:
    reply_ids = sorted({reply_id for reply_id, _kind in cast(Sequence[tuple[int, ReactionKind]], keys)})
    values: SlotValues = {}
    for reply_id, kind, user_id in await forum.reactions_given(session, reply_ids, user_ids):
        values.setdefault((reply_id, kind), {})[user_id] = True
    return values
