"""Publishes committed events: the id goes out on the subject's channel; subscribers
load the event from the database and filter it through the domain's policy.

With the broker down nothing is published and nothing is lost: the write has committed
and the watchers find its events in the database (the backend logs the outage once)."""

from __future__ import annotations

import logging

from broadcaster import Broadcast

from kennispunt.events.models import Event
from kennispunt.events.service import ORDERED_AS_A_WHOLE
from realtime.outage import BrokerUnavailable

logger = logging.getLogger(__name__)


def channel_for(subject_type: str, subject_id: int | None) -> str:
    """One subject's channel; with ``subject_id`` None, the channel of its whole type."""
    return f"events:{subject_type}" if subject_id is None else f"events:{subject_type}:{subject_id}"


class EventPublisher:
    def __init__(self, broadcast: Broadcast) -> None:
        self.broadcast = broadcast

    async def publish(self, events: list[Event]) -> None:
        try:
            for event in events:
                await self.broadcast.publish(
                    channel=channel_for(event.subject_type, event.subject_id), message=str(event.id)
                )
                if event.subject_type in ORDERED_AS_A_WHOLE:
                    await self.broadcast.publish(
                        channel=channel_for(event.subject_type, None), message=str(event.id)
                    )
        except BrokerUnavailable:
            logger.debug(
                "broker down: %d events not published; subscribers read them from the database", len(events)
            )
