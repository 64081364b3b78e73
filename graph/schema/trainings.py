from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.errors import UserError
from graph.pagination import Connection, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.content import PublicationStatus, Topic
from graph.schema.node import Node
from kennispunt.db import utcnow
from kennispunt.trainings import models, service

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models
    from kennispunt.content import models as content_models

TrainingFormat = models.TrainingFormat
strawberry.enum(TrainingFormat)
RegistrationStatus = models.RegistrationStatus
strawberry.enum(RegistrationStatus)


@strawberry.type(description="One meeting of a training.")
class TrainingSession:
    starts_at: datetime
    ends_at: datetime


@strawberry.type(description="A training: a single event or a course of several sessions.")
class Training(Node):
    model = models.Training
    slug: str
    title: str
    summary: str
    description: str = strawberry.field(description="Markdown as written.")
    description_html: str = strawberry.field(description="Rendered and sanitised HTML.")
    format: TrainingFormat
    location: str | None
    starts_at: datetime = strawberry.field(description="Start of the first session.")
    ends_at: datetime = strawberry.field(description="End of the last session.")
    capacity: int
    registration_deadline: datetime
    status: PublicationStatus

    @strawberry.field
    @staticmethod
    async def seats_left(root: Parent[models.Training], info: Info) -> int:
        return service.seats_left(root, await info.context.loaders.seats_taken.load(root.id))

    @strawberry.field(description="Whether registering is possible now (published, before the deadline).")
    @staticmethod
    def is_registration_open(root: Parent[models.Training]) -> bool:
        return service.is_registration_open(root, utcnow())

    @strawberry.field(description="The training's page on the Kennispunt website.")
    @staticmethod
    def url(root: Parent[models.Training], info: Info) -> str:
        return info.context.links.training(root.slug)

    @strawberry.field(graphql_type=list[TrainingSession])
    @staticmethod
    async def sessions(root: Parent[models.Training], info: Info) -> list[models.TrainingSession]:
        return await info.context.loaders.training_sessions.load(root.id)

    @strawberry.field(graphql_type=Topic | None)
    @staticmethod
    async def topic(root: Parent[models.Training], info: Info) -> content_models.Topic | None:
        if root.topic_id is None:
            return None
        return await info.context.loaders.topic.load(root.topic_id)

    @strawberry.field(
        graphql_type="TrainingRegistration | None", description="The viewer's registration, if any."
    )
    @staticmethod
    async def viewer_registration(
        root: Parent[models.Training], info: Info
    ) -> models.TrainingRegistration | None:
        return await info.context.loaders.viewer_registration.load(root.id)

    @strawberry.field(
        graphql_type="Connection[TrainingRegistration]",
        description="Registrations in waitlist order; editors see all, others only their own.",
    )
    @staticmethod
    async def registrations(
        root: Parent[models.Training], info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[models.TrainingRegistration]:
        page = await info.context.loaders.registrations_of_training.load(
            (root.id, page_request(first, after, info))
        )
        return to_connection(page)


@strawberry.type(description="A place on a training, or in its waitlist.")
class TrainingRegistration(Node):
    model = models.TrainingRegistration
    status: RegistrationStatus
    created_at: datetime

    @strawberry.field(graphql_type=Training)
    @staticmethod
    async def training(root: Parent[models.TrainingRegistration], info: Info) -> models.Training | None:
        return await info.context.loaders.training.load(root.training_id)

    @strawberry.field(graphql_type=User)
    @staticmethod
    async def attendee(root: Parent[models.TrainingRegistration], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.user_id)

    @strawberry.field(description="1 for the first in line; null unless waitlisted.")
    @staticmethod
    async def waitlist_position(root: Parent[models.TrainingRegistration], info: Info) -> int | None:
        if root.status is not models.RegistrationStatus.WAITLISTED:
            return None
        return await info.context.loaders.waitlist_position.load(root.id)


@strawberry.input
class TrainingSessionInput:
    starts_at: datetime
    ends_at: datetime


@strawberry.input
class CreateTrainingInput:
    title: str
    summary: str
    format: TrainingFormat
    capacity: int
    sessions: list[TrainingSessionInput]
    description: str = ""
    location: str | None = None
    topic_id: strawberry.ID | None = None
    registration_deadline: datetime | None = strawberry.field(
        default=None, description="Defaults to the start of the first session."
    )
    slug: str | None = strawberry.field(default=None, description="Derived from the title when left out.")


@strawberry.input(description="Fields left out stay as they are; `sessions` replaces all sessions.")
class UpdateTrainingInput:
    id: strawberry.ID
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    format: TrainingFormat | None = None
    location: str | None = None
    capacity: int | None = None
    sessions: list[TrainingSessionInput] | None = None
    topic_id: strawberry.ID | None = None
    registration_deadline: datetime | None = None
    slug: str | None = None


@strawberry.input
class PublishTrainingInput:
    id: strawberry.ID


@strawberry.input
class ArchiveTrainingInput:
    id: strawberry.ID


@strawberry.type
class TrainingPayload:
    training: Training | None
    errors: list[UserError]


@strawberry.input
class RegisterForTrainingInput:
    training_id: strawberry.ID


@strawberry.type
class RegisterForTrainingPayload:
    registration: TrainingRegistration | None
    errors: list[UserError]


@strawberry.input
class CancelTrainingRegistrationInput:
    registration_id: strawberry.ID


@strawberry.type
class CancelTrainingRegistrationPayload:
    registration: TrainingRegistration | None
    errors: list[UserError]
