"""Rules for trainings and registrations.

Capacity holds under concurrency: every change to a training's registrations first
locks the training row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the unit
of work already holds the write lock), then counts and writes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown
from kennispunt.accounts.viewer import Viewer
from kennispunt.content.models import Topic
from kennispunt.db import utcnow
from kennispunt.errors import Checks, DomainError, ErrorCode, conflict, not_found, refused, unauthenticated
from kennispunt.events.service import record_event
from kennispunt.paging import Page, PageRequest, fetch_child_pages, fetch_page
from kennispunt.publishing import PublicationStatus
from kennispunt.slugs import free_slug_from_title
from kennispunt.trainings import policy
from kennispunt.trainings.models import (
    SEAT_TAKING,
    RegistrationStatus,
    Training,
    TrainingFormat,
    TrainingRegistration,
    TrainingSession,
)

TITLE_MAX, SUMMARY_MAX, DESCRIPTION_MAX, LOCATION_MAX = 200, 500, 20_000, 300
CAPACITY_MAX = 10_000
SESSIONS_MAX = 20
EVENT_SUBJECT = "training"


@dataclass(frozen=True)
class SessionTimes:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class TrainingDraft:
    """Everything that describes a training; `None` in an update means "leave as is"."""

    title: str | None = None
    summary: str | None = None
    description: str | None = None
    topic_id: int | None = None
    format: TrainingFormat | None = None
    location: str | None = None
    capacity: int | None = None
    registration_deadline: datetime | None = None
    sessions: Sequence[SessionTimes] | None = None
    slug: str | None = None


# --- reading -----------------------------------------------------------------------


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
    rows = await session.scalars(
        select(Training).where(Training.id.in_(ids), policy.visible_trainings(viewer))
    )
    return {training.id: training for training in rows}


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
    rows = await session.scalars(
        select(TrainingRegistration).where(
            TrainingRegistration.id.in_(ids), policy.visible_registrations(viewer)
        )
    )
    return {registration.id: registration for registration in rows}


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


# --- editing -----------------------------------------------------------------------


def _check_sessions(checks: Checks, sessions: Sequence[SessionTimes]) -> list[SessionTimes]:
    if not sessions:
        checks.add(("sessions",), "training.sessions.required")
    elif len(sessions) > SESSIONS_MAX:
        checks.add(("sessions",), "training.sessions.too_many", max=SESSIONS_MAX)
    ordered = sorted(sessions, key=lambda times: times.starts_at)
    for index, times in enumerate(sessions):
        if times.ends_at <= times.starts_at:
            checks.add(("sessions", index, "ends_at"), "training.session.ends_before_start")
    for earlier, later in pairwise(ordered):
        if later.starts_at < earlier.ends_at:
            checks.add(("sessions",), "training.session.overlap")
            break
    return ordered


async def _apply(session: AsyncSession, checks: Checks, training: Training, draft: TrainingDraft) -> None:
    """Validate the draft's fields onto the training; problems go to ``checks``."""
    if draft.title is not None:
        training.title = checks.title(("title",), draft.title, max_length=TITLE_MAX)
    if draft.summary is not None:
        training.summary = checks.text(("summary",), draft.summary, max_length=SUMMARY_MAX)
    if draft.description is not None:
        training.description = checks.text(
            ("description",), draft.description, min_length=0, max_length=DESCRIPTION_MAX
        )
        training.description_html = markdown.render(training.description)
    if draft.topic_id is not None:
        if await session.get(Topic, draft.topic_id) is None:
            checks.add(("topic_id",), "topic.not_found", ErrorCode.NOT_FOUND)
        training.topic_id = draft.topic_id
    if draft.format is not None:
        training.format = draft.format
    if draft.location is not None:
        training.location = checks.optional_text(("location",), draft.location, max_length=LOCATION_MAX)
    if training.format is TrainingFormat.IN_PERSON and not training.location:
        checks.add(("location",), "training.location.required")
    if draft.capacity is not None:
        training.capacity = checks.number(("capacity",), draft.capacity, minimum=1, maximum=CAPACITY_MAX)
    if draft.slug is not None:
        training.slug = checks.slug(("slug",), draft.slug)
    if training.slug:
        taken = await session.scalar(select(Training.id).where(Training.slug == training.slug))
        if taken is not None and taken != training.id:
            checks.add(("slug",), "slug.taken", ErrorCode.CONFLICT)
    if draft.registration_deadline is not None:
        training.registration_deadline = draft.registration_deadline
    deadline, starts_at = training.registration_deadline, training.starts_at
    if deadline is not None and starts_at is not None and deadline > starts_at:
        checks.add(("registration_deadline",), "training.deadline.after_start")


async def create_training(session: AsyncSession, viewer: Viewer, draft: TrainingDraft) -> Training:
    """A new draft training; registrations open once it is published."""
    if not policy.can_manage(viewer):
        raise refused(viewer)
    checks = Checks()
    for name in ("title", "summary", "format", "capacity"):
        if getattr(draft, name) is None:
            checks.add((name,), "text.required")
    sessions = _check_sessions(checks, draft.sessions or [])
    now = utcnow()
    training = Training(status=PublicationStatus.DRAFT, capacity=0, created_at=now, updated_at=now)
    if sessions:
        training.starts_at = sessions[0].starts_at
        training.ends_at = max(times.ends_at for times in sessions)
    slug = (
        draft.slug
        if draft.slug is not None
        else await free_slug_from_title(session, Training.slug, draft.title, "training")
    )
    await _apply(session, checks, training, replace(draft, slug=slug, sessions=None))
    checks.raise_if_any()
    training.registration_deadline = training.registration_deadline or training.starts_at
    session.add(training)
    await session.flush()
    session.add_all(
        TrainingSession(training_id=training.id, starts_at=t.starts_at, ends_at=t.ends_at) for t in sessions
    )
    await session.flush()
    return training


async def _lock_training(session: AsyncSession, training_id: int) -> Training | None:
    """The training row, locked for the rest of the unit of work."""
    return await session.scalar(
        select(Training)
        .where(Training.id == training_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def update_training(
    session: AsyncSession, viewer: Viewer, training_id: int, draft: TrainingDraft
) -> Training:
    if not policy.can_manage(viewer):
        raise refused(viewer)
    training = await _lock_training(session, training_id)
    if training is None:
        raise not_found("training.not_found", ("id",))
    checks = Checks()
    if draft.sessions is not None:
        sessions = _check_sessions(checks, draft.sessions)
        if sessions:
            training.starts_at = sessions[0].starts_at
            training.ends_at = max(times.ends_at for times in sessions)
    await _apply(session, checks, training, replace(draft, sessions=None))
    checks.raise_if_any()
    if draft.sessions is not None:
        for existing in (await sessions_by_training(session, [training.id]))[training.id]:
            await session.delete(existing)
        session.add_all(
            TrainingSession(training_id=training.id, starts_at=t.starts_at, ends_at=t.ends_at)
            for t in sessions
        )
    training.updated_at = utcnow()
    await session.flush()
    if draft.capacity is not None:
        await _fill_from_waitlist(session, training)
    return training


async def publish_training(session: AsyncSession, viewer: Viewer, training_id: int) -> Training:
    return await _set_status(
        session, viewer, training_id, PublicationStatus.PUBLISHED, "training.already_published"
    )


async def archive_training(session: AsyncSession, viewer: Viewer, training_id: int) -> Training:
    return await _set_status(
        session, viewer, training_id, PublicationStatus.ARCHIVED, "training.already_archived"
    )


async def _set_status(
    session: AsyncSession, viewer: Viewer, training_id: int, status: PublicationStatus, unchanged_key: str
) -> Training:
    if not policy.can_manage(viewer):
        raise refused(viewer)
    training = await _lock_training(session, training_id)
    if training is None:
        raise not_found("training.not_found", ("id",))
    if training.status is status:
        raise conflict(unchanged_key)
    if status is PublicationStatus.ARCHIVED and training.status is PublicationStatus.DRAFT:
        raise conflict("training.archive_draft")  # archived trainings are public; a draft never was
    training.status = status
    training.updated_at = utcnow()
    await session.flush()
    return training


# --- registering -------------------------------------------------------------------


async def register(session: AsyncSession, viewer: Viewer, training_id: int) -> TrainingRegistration:
    """A confirmed seat while there is one, otherwise a place at the end of the waitlist."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    if not policy.can_register(viewer):
        raise DomainError.of(ErrorCode.FORBIDDEN, "training.members_only")
    assert viewer.user_id is not None
    training = await _lock_training(session, training_id)
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
    await record_event(session, "registration." + status.name.lower(), EVENT_SUBJECT, training.id)
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
    training = await _lock_training(session, registration.training_id)
    assert training is not None
    await session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise conflict("registration.already_cancelled", ("registration_id",))
    if utcnow() >= training.starts_at:
        raise conflict("registration.training_started", ("registration_id",))
    registration.status = RegistrationStatus.CANCELLED
    registration.updated_at = utcnow()
    await session.flush()
    await record_event(session, "registration.cancelled", EVENT_SUBJECT, training.id)
    await _fill_from_waitlist(session, training)
    return registration


async def _fill_from_waitlist(session: AsyncSession, training: Training) -> None:
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
        await record_event(
            session, "registration.promoted", EVENT_SUBJECT, training.id, {"registration_id": registration.id}
        )
