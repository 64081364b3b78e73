"""What editing and registering share: the training's row, locked.

Capacity holds under concurrency: every change to a training's registrations first
locks the training row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the unit of
work already holds the write lock), then counts and writes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.trainings.models import Training


async def lock_training(session: AsyncSession, training_id: int) -> Training | None:
    """The training row, locked for the rest of the unit of work."""
    return await session.scalar(
        select(Training)
        .where(Training.id == training_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
