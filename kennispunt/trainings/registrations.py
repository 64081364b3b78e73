"""Registering for trainings: a seat while there is one, else the waitlist; cancelling,
and the waitlist filling freed seats."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import DomainError, ErrorCode, conflict, not_found, unauthenticated
from kennispunt.publishing import PublicationStatus
from kennispunt.trainings import policy
from kennispunt.trainings.checks import lock_training
from kennispunt.trainings.events import TrainingEventKind, record
from kennispunt.trainings.models import RegistrationStatus, Training, TrainingRegistration
from kennispunt.trainings.reading import is_registration_open, seats_left, seats_taken


async def register(session: AsyncSession, viewer: Viewer, training_id: int) -> TrainingRegistration:
    """A confirmed seat while there is one, otherwise a place at the end of the waitlist."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_register(viewer):
        raise DomainError.of(ErrorCode.FORBIDDEN, "training.members_only")
    assert viewer.user_id is not None
    training = await lock_training(session, training_id)
    if training is None or not policy.can_see(viewer, training):
        raise not_found("training.not_found", ("training_id",))
    if training.status is not PublicationStatus.PUBLISHED:
        raise conflict("training.not_open", ("training_id",))
    now = utcnow()
    if not is_registration_open(training, now):
        raise conflict("training.closed", ("training_id",))
    registration = await session.scalar(
        select(TrainingRegistration).where(
            TrainingRegistration.training_id == training.id, TrainingRegistration.user_id == viewer.user_id
        )
    )
    if registration is not None and registration.status is not RegistrationStatus.CANCELLED:
        raise conflict("training.already_registered", ("training_id",))
    taken = (await seats_taken(session, [training.id]))[training.id]
    status = RegistrationStatus.CONFIRMED if taken < training.capacity else RegistrationStatus.WAITLISTED
    if registration is None:
        registration = TrainingRegistration(training_id=training.id, user_id=viewer.user_id, created_at=now)
        session.add(registration)
    registration.status = status
    registration.queued_at = now
    registration.updated_at = now
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # the same user registering twice at the same moment
        raise conflict("training.already_registered", ("training_id",)) from None
    confirmed = status is RegistrationStatus.CONFIRMED
    kind = (
        TrainingEventKind.REGISTRATION_CONFIRMED if confirmed else TrainingEventKind.REGISTRATION_WAITLISTED
    )
    await record(session, kind, training)
    return registration


async def cancel_registration(
    session: AsyncSession, viewer: Viewer, registration_id: int
) -> TrainingRegistration:
    """Give up a seat or a waitlist place; a freed seat goes to the first on the waitlist."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    registration = await session.get(TrainingRegistration, registration_id)
    if registration is None or not policy.can_cancel(viewer, registration):
        raise not_found("registration.not_found", ("registration_id",))
    training = await lock_training(session, registration.training_id)
    assert training is not None
    await session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise conflict("registration.already_cancelled", ("registration_id",))
    if utcnow() >= training.starts_at:
        raise conflict("registration.training_started", ("registration_id",))
    registration.status = RegistrationStatus.CANCELLED
    registration.updated_at = utcnow()
    await session.flush()
    await record(session, TrainingEventKind.REGISTRATION_CANCELLED, training)
    await fill_from_waitlist(session, training)
    return registration


async def fill_from_waitlist(session: AsyncSession, training: Training) -> None:
    """Promote waitlisted registrations, in order, into the free seats."""
    free = seats_left(training, (await seats_taken(session, [training.id]))[training.id])
    if free <= 0:
        return
    waiting = await session.scalars(
        select(TrainingRegistration)
        .where(
            TrainingRegistration.training_id == training.id,
            TrainingRegistration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(TrainingRegistration.queued_at, TrainingRegistration.id)
        .limit(free)
    )
    for registration in waiting.all():
        registration.status = RegistrationStatus.CONFIRMED
        registration.updated_at = utcnow()
        await session.flush()
        await record(
            session, TrainingEventKind.REGISTRATION_PROMOTED, training, {"registration_id": registration.id}
        )
