"""The trainings' commands and queries, the ones the API, the CLI, the feeds, the demo
loader and the tests call (see "Domain packages" in DEVELOPERS.md); they are written in:

- `kennispunt.trainings.reading`: the catalogue, sessions, seats and registrations;
- `kennispunt.trainings.editing`: editors' drafts, sessions, publishing and archiving;
- `kennispunt.trainings.registrations`: registering, cancelling, the waitlist;
- `kennispunt.trainings.checks`: the training's lock, which editing and registering share;
- `kennispunt.trainings.events`: the outbox events registering records (`TrainingEventKind`);
- `kennispunt.trainings.policy`: who sees what.
"""

from __future__ import annotations

from kennispunt.trainings.editing import (
    SessionTimes,
    TrainingDraft,
    archive_training,
    create_training,
    publish_training,
    update_training,
)
from kennispunt.trainings.events import (
    EVENT_SUBJECT,
    TrainingEventKind,
)
from kennispunt.trainings.reading import (
    is_registration_open,
    registrations_by_ids,
    registrations_of_trainings,
    registrations_of_user,
    scheduled_trainings,
    seats_left,
    seats_taken,
    sessions_by_training,
    training_by_slug,
    trainings_by_ids,
    trainings_page,
    waitlist_positions,
)
from kennispunt.trainings.registrations import (
    cancel_registration,
    register,
)

__all__ = [
    "EVENT_SUBJECT",
    "SessionTimes",
    "TrainingDraft",
    "TrainingEventKind",
    "archive_training",
    "cancel_registration",
    "create_training",
    "is_registration_open",
    "publish_training",
    "register",
    "registrations_by_ids",
    "registrations_of_trainings",
    "registrations_of_user",
    "scheduled_trainings",
    "seats_left",
    "seats_taken",
    "sessions_by_training",
    "training_by_slug",
    "trainings_by_ids",
    "trainings_page",
    "update_training",
    "waitlist_positions",
]
