"""The trainings' outbox events (subject ``training``), recorded in the same unit of work
as the change of registrations they tell of; live seat counts follow them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.events.service import record_event
from kennispunt.trainings.models import Training

EVENT_SUBJECT = "training"


class TrainingEventKind(StrEnum):
    REGISTRATION_CONFIRMED = "registration.confirmed"
    REGISTRATION_WAITLISTED = "registration.waitlisted"
    REGISTRATION_CANCELLED = "registration.cancelled"
    REGISTRATION_PROMOTED = "registration.promoted"
    """A waitlisted registration got a freed seat (payload ``{"registration_id"}``)."""


async def record(
    session: AsyncSession, kind: TrainingEventKind, training: Training, payload: dict[str, Any] | None = None
) -> None:
    await record_event(session, kind.value, EVENT_SUBJECT, training.id, payload)
