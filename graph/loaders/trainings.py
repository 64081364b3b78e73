"""Loaders of trainings, their sessions, seats and registrations."""

from __future__ import annotations

from typing import ClassVar

from graph.loaders.base import KeyLoader, OwnKeyLoader, VisibleKeyLoader, VisiblePageLoader
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingRegistration, TrainingSession


class TrainingByIdLoader(VisibleKeyLoader[int, Training | None]):
    fetch = trainings.trainings_by_ids


class SessionsByTrainingIdLoader(KeyLoader[int, list[TrainingSession]]):
    fetch = trainings.sessions_by_training
    default: ClassVar[list[TrainingSession]] = []


class SeatsTakenByTrainingIdLoader(KeyLoader[int, int]):
    fetch = trainings.seats_taken
    default = 0


class RegistrationByIdLoader(VisibleKeyLoader[int, TrainingRegistration | None]):
    fetch = trainings.registrations_by_ids


class RegistrationsByTrainingLoader(VisiblePageLoader[TrainingRegistration]):
    fetch = trainings.registrations_of_trainings


class WaitlistPositionByRegistrationIdLoader(KeyLoader[int, int | None]):
    fetch = trainings.waitlist_positions


class ViewerRegistrationByTrainingIdLoader(OwnKeyLoader[int, TrainingRegistration | None]):
    """The viewer's own registration for a training."""

    fetch = trainings.registrations_of_user
