"""Listening for a subject's events, as published by `realtime.publisher`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from broadcaster import Broadcast

from realtime.publisher import channel_for


@asynccontextmanager
async def subject_events(broadcast: Broadcast, subject_type: str, subject_id: int) -> AsyncIterator[AsyncIterator[int]]:
    """Event ids of one subject as they are committed, from the moment this is entered."""
    async with broadcast.subscribe(channel=channel_for(subject_type, subject_id)) as subscriber:

        async def event_ids() -> AsyncIterator[int]:
            async for message in subscriber:  # type: ignore[attr-defined]
                yield int(message.message)

        yield event_ids()
