"""Publishes committed events: the id goes out on the subject's channel; subscribers
load the event from the database and filter it through the domain's policy."""

from __future__ import annotations

import logging

from broadcaster import Broadcast

from kennispunt.events.models import Event
from kennispunt.events.service import ORDERED_AS_A_WHOLE

logger = logging.getLogger(__name__)


def channel_for(subject_type: str, subject_id: int | None) -> str:
    """One subject's channel; with ``subject_id`` None, the channel of its whole type."""
    return f"events:{subject_type}" if subject_id is None else f"events:{subject_type}:{subject_id}"


class EventPublisher:
    def __init__(self, broadcast: Broadcast) -> None:
        self.broadcast = broadcast

    async def publish(self, events: list[Event]) -> None:
        for event in events:
            await self.broadcast.publish(channel=channel_for(event.subject_type, event.subject_id), message=str(event.id))
            if event.subject_type in ORDERED_AS_A_WHOLE:
                await self.broadcast.publish(channel=channel_for(event.subject_type, None), message=str(event.id))
