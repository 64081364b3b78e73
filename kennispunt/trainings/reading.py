"""Reading trainings: the catalogue, sessions, seats and registrations as a viewer sees them."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.content.models import Topic
from kennispunt.db import utcnow
from kennispunt.lookups import rows_by_ids
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page
from kennispunt.publishing import PublicationStatus
from kennispunt.trainings import policy
from kennispunt.trainings.models import (
    SEAT_TAKING,
    RegistrationStatus,
    Training,
    TrainingRegistration,
    TrainingSession,
)


async def trainings_page(
    session: AsyncSession,
    viewer: Viewer,
    request: PageRequest,
    *,
    upcoming: bool | None = True,
    topic_slug: str | None = None,
    statuses: list[PublicationStatus] | None = None,
) -> Page[Training]:
    """``upcoming``: True = not started yet, soonest first; False = started, latest first; None = all."""
    statement = select(Training).where(
        policy.visible_trainings(viewer), Training.status.in_(policy.listed_statuses(viewer, statuses))
    )
    if topic_slug is not None:
        statement = statement.join(Topic, Topic.id == Training.topic_id).where(Topic.slug == topic_slug)
    now = utcnow()
    if upcoming is True:
        statement = statement.where(Training.starts_at > now).order_by(Training.starts_at, Training.id)
    elif upcoming is False:
        statement = statement.where(Training.starts_at <= now).order_by(
            Training.starts_at.desc(), Training.id
        )
    else:
        statement = statement.order_by(Training.starts_at, Training.id)
    return await fetch_page(session, statement, request)


async def scheduled_trainings(
    session: AsyncSession, viewer: Viewer, ending_after: datetime, limit: int
) -> list[Training]:
    """Listed trainings whose last session ends after ``ending_after``, soonest first: a
    calendar keeps a course that has begun until its last session is over."""
    statement = (
        select(Training)
        .where(
            policy.visible_trainings(viewer),
            Training.status.in_(policy.listed_statuses(viewer, None)),
            Training.ends_at > ending_after,
        )
        .order_by(Training.starts_at, Training.id)
        .limit(limit)
    )
    return list(await session.scalars(statement))


async def training_by_slug(session: AsyncSession, viewer: Viewer, slug: str) -> Training | None:
    return await session.scalar(
        select(Training).where(Training.slug == slug, policy.visible_trainings(viewer))
    )


async def trainings_by_ids(session: AsyncSession, viewer: Viewer, ids: Sequence[int]) -> dict[int, Training]:
    return await rows_by_ids(session, Training, ids, policy.visible_trainings(viewer))


async def sessions_by_training(
    session: AsyncSession, training_ids: Sequence[int]
) -> dict[int, list[TrainingSession]]:
    rows = await session.scalars(
        select(TrainingSession)
        .where(TrainingSession.training_id.in_(training_ids))
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    )
    grouped: dict[int, list[TrainingSession]] = {training_id: [] for training_id in training_ids}
    for row in rows:
        grouped[row.training_id].append(row)
    return grouped


async def seats_taken(session: AsyncSession, training_ids: Sequence[int]) -> dict[int, int]:
    rows = await session.execute(
        select(TrainingRegistration.training_id, func.count())
        .where(
            TrainingRegistration.training_id.in_(training_ids), TrainingRegistration.status.in_(SEAT_TAKING)
        )
        .group_by(TrainingRegistration.training_id)
    )
    taken: dict[int, int] = {key: value for key, value in rows.all()}
    return {training_id: taken.get(training_id, 0) for training_id in training_ids}


def seats_left(training: Training, taken: int) -> int:
    return max(0, training.capacity - taken)


def is_registration_open(training: Training, now: datetime) -> bool:
    return (
        training.status is PublicationStatus.PUBLISHED
        and now <= training.registration_deadline
        and now < training.starts_at
    )


async def registrations_of_user(
    session: AsyncSession, user_id: int, training_ids: Sequence[int]
) -> dict[int, TrainingRegistration]:
    rows = await session.scalars(
        select(TrainingRegistration).where(
            TrainingRegistration.user_id == user_id, TrainingRegistration.training_id.in_(training_ids)
        )
    )
    return {registration.training_id: registration for registration in rows}


async def registrations_by_ids(
    session: AsyncSession, viewer: Viewer, ids: Sequence[int]
) -> dict[int, TrainingRegistration]:
    return await rows_by_ids(session, TrainingRegistration, ids, policy.visible_registrations(viewer))


async def registrations_of_trainings(
    session: AsyncSession, viewer: Viewer, training_ids: Sequence[Hashable], request: PageRequest
) -> dict[Hashable, Page[TrainingRegistration]]:
    """Each training's registrations in waitlist order: managers see all, others only their own."""
    return await fetch_child_pages(
        session,
        TrainingRegistration,
        select(TrainingRegistration).where(policy.visible_registrations(viewer)),
        TrainingRegistration.training_id,
        training_ids,
        (TrainingRegistration.queued_at, TrainingRegistration.id),
        request,
    )


async def waitlist_positions(session: AsyncSession, registration_ids: Sequence[int]) -> dict[int, int | None]:
    """1-based place in the waitlist for waitlisted registrations, None for the others."""
    waitlisted = (
        select(
            TrainingRegistration.id,
            func.row_number()
            .over(
                partition_by=TrainingRegistration.training_id,
                order_by=(TrainingRegistration.queued_at, TrainingRegistration.id),
            )
            .label("position"),
        )
        .where(
            TrainingRegistration.status == RegistrationStatus.WAITLISTED,
            TrainingRegistration.training_id.in_(
                select(TrainingRegistration.training_id).where(TrainingRegistration.id.in_(registration_ids))
            ),
        )
        .subquery()
    )
    rows = await session.execute(
        select(waitlisted.c.id, waitlisted.c.position).where(waitlisted.c.id.in_(registration_ids))
    )
    positions: dict[int, int | None] = {registration_id: None for registration_id in registration_ids}
    positions.update({key: value for key, value in rows.all()})
    return positions
