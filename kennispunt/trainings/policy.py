"""Who may see, manage and register for trainings.

Published trainings are public; drafts exist only for editors and admins. Trainings
are for local parties: verified members of a party, and staff, may register. A
registration is seen by its attendee and by editors and admins.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.publishing import PUBLIC_STATUSES, PublicationStatus
from kennispunt.publishing import listed_statuses as _listed_statuses
from kennispunt.trainings.models import Training, TrainingRegistration


def can_manage(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.EDITOR, StaffRole.ADMIN)


def visible_trainings(viewer: Viewer) -> ColumnElement[bool]:
    if can_manage(viewer):
        return true()
    return Training.status.in_(PUBLIC_STATUSES)


def can_see(viewer: Viewer, training: Training) -> bool:
    """The same rule as `visible_trainings`, for a training already loaded."""
    return can_manage(viewer) or training.status in PUBLIC_STATUSES


def listed_statuses(viewer: Viewer, requested: list[PublicationStatus] | None) -> list[PublicationStatus]:
    return _listed_statuses(can_manage(viewer), requested)


def can_register(viewer: Viewer) -> bool:
    return viewer.is_staff or viewer.is_verified_member


def visible_registrations(viewer: Viewer) -> ColumnElement[bool]:
    if can_manage(viewer):
        return true()
    if not viewer.is_authenticated:
        return false()
    return TrainingRegistration.user_id == viewer.user_id


def can_cancel(viewer: Viewer, registration: TrainingRegistration) -> bool:
    return registration.user_id == viewer.user_id or can_manage(viewer)
