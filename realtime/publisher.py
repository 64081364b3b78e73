"""Publishes committed events: the id goes out on the subject's channel; subscribers
load the event from the database and filter it through the domain's policy."""

from __future__ import annotations

import logging

from broadcaster import Broadcast

from kennispunt.events.models import Event

logger = logging.getLogger(__name__)


def channel_for(subject_type: str, subject_id: int) -> str:
    return f"events:{subject_type}:{subject_id}"


class EventPublisher:
    def __init__(self, broadcast: Broadcast) -> None:
        self.broadcast = broadcast

    async def publish(self, events: list[Event]) -> None:
        for event in events:
            await self.broadcast.publish(channel=channel_for(event.subject_type, event.subject_id), message=str(event.id))
