"""Editors keep the trainings: drafts, their sessions, publishing and archiving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import pairwise

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import markdown
from kennispunt.accounts.viewer import Viewer
from kennispunt.content.models import Topic
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, conflict, not_found, refused
from kennispunt.publishing import PublicationStatus
from kennispunt.slugs import free_slug_from_title
from kennispunt.trainings import policy
from kennispunt.trainings.checks import lock_training
from kennispunt.trainings.models import Training, TrainingFormat, TrainingSession
from kennispunt.trainings.reading import sessions_by_training
from kennispunt.trainings.registrations import fill_from_waitlist

TITLE_MAX, SUMMARY_MAX, DESCRIPTION_MAX, LOCATION_MAX = 200, 500, 20_000, 300
CAPACITY_MAX = 10_000
SESSIONS_MAX = 20


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


async def update_training(
    session: AsyncSession, viewer: Viewer, training_id: int, draft: TrainingDraft
) -> Training:
    if not policy.can_manage(viewer):
        raise refused(viewer)
    training = await lock_training(session, training_id)
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
        await fill_from_waitlist(session, training)
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
    training = await lock_training(session, training_id)
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
