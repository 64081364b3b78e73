from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from strawberry import Parent

from graph.context import Info
from graph.descriptions import NEW_SLUG, SLUG
from graph.enums import domain_enum
from graph.errors import PAYLOAD_ERRORS, UserError
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.accounts import User
from graph.schema.content import PublicationStatus, Topic
from graph.schema.node import Node
from kennispunt.db import utcnow
from kennispunt.trainings import models, service

if TYPE_CHECKING:
    from kennispunt.accounts import models as accounts_models
    from kennispunt.content import models as content_models

TrainingFormat = models.TrainingFormat
domain_enum(
    TrainingFormat,
    "How a training is given.",
    {
        TrainingFormat.IN_PERSON: "At a place: see `location`.",
        TrainingFormat.ONLINE: "Live online, at the times of its sessions.",
        TrainingFormat.E_LEARNING: "Self-paced online course.",
    },
)
RegistrationStatus = models.RegistrationStatus
domain_enum(
    RegistrationStatus,
    "Where a registration stands.",
    {
        RegistrationStatus.CONFIRMED: "Has a seat.",
        RegistrationStatus.WAITLISTED: "Waiting for a seat; moves up when one comes free.",
        RegistrationStatus.CANCELLED: "Given up; holds no seat.",
        RegistrationStatus.ATTENDED: "Took part; holds a seat.",
    },
)


@strawberry.type(description="One meeting of a training.")
class TrainingSession:
    starts_at: datetime = strawberry.field(description="When the session begins.")
    ends_at: datetime = strawberry.field(description="When the session ends.")


@strawberry.type(description="A training: a single event or a course of several sessions.")
class Training(Node):
    model = models.Training
    slug: str = strawberry.field(description=SLUG)
    title: str = strawberry.field(description="At most 200 characters.")
    summary: str = strawberry.field(description="Plain text for lists and previews, at most 500 characters.")
    description: str = strawberry.field(description="Markdown as written.")
    description_html: str = strawberry.field(description="Rendered and sanitised HTML.")
    format: TrainingFormat = strawberry.field(description="In person, online or e-learning.")
    location: str | None = strawberry.field(description="Where it takes place; always set for IN_PERSON.")
    starts_at: datetime = strawberry.field(description="Start of the first session.")
    ends_at: datetime = strawberry.field(description="End of the last session.")
    capacity: int = strawberry.field(description="Seats in all, 1 to 10 000.")
    registration_deadline: datetime = strawberry.field(description="Registering is possible until then.")
    status: PublicationStatus = strawberry.field(
        description="Anything but PUBLISHED is seen by editors only."
    )

    @strawberry.field(description="Seats not taken by confirmed or attended registrations; never below 0.")
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

    @strawberry.field(graphql_type=list[TrainingSession], description="Its meetings, earliest first.")
    @staticmethod
    async def sessions(root: Parent[models.Training], info: Info) -> list[models.TrainingSession]:
        return await info.context.loaders.training_sessions.load(root.id)

    @strawberry.field(graphql_type=Topic | None, description="The topic it belongs to, if any.")
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
        root: Parent[models.Training],
        info: Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[models.TrainingRegistration]:
        page = await info.context.loaders.registrations_of_training.load(
            (root.id, page_request(first, after, info, last, before))
        )
        return to_connection(page)


@strawberry.type(description="A place on a training, or in its waitlist.")
class TrainingRegistration(Node):
    model = models.TrainingRegistration
    status: RegistrationStatus = strawberry.field(description="Seat, waitlist, cancelled or attended.")
    created_at: datetime = strawberry.field(description="When the attendee registered.")

    @strawberry.field(graphql_type=Training, description="The training registered for.")
    @staticmethod
    async def training(root: Parent[models.TrainingRegistration], info: Info) -> models.Training | None:
        return await info.context.loaders.training.load(root.training_id)

    @strawberry.field(graphql_type=User, description="Who registered.")
    @staticmethod
    async def attendee(root: Parent[models.TrainingRegistration], info: Info) -> accounts_models.User | None:
        return await info.context.loaders.user.load(root.user_id)

    @strawberry.field(description="1 for the first in line; null unless waitlisted.")
    @staticmethod
    async def waitlist_position(root: Parent[models.TrainingRegistration], info: Info) -> int | None:
        if root.status is not models.RegistrationStatus.WAITLISTED:
            return None
        return await info.context.loaders.waitlist_position.load(root.id)


@strawberry.input(description="One meeting of a training; it ends after it starts.")
class TrainingSessionInput:
    starts_at: datetime = strawberry.field(description="When the session begins.")
    ends_at: datetime = strawberry.field(description="When the session ends.")


@strawberry.input(description="A new training; it starts as a DRAFT.")
class CreateTrainingInput:
    title: str = strawberry.field(description="At most 200 characters.")
    summary: str = strawberry.field(description="Plain text, at most 500 characters.")
    format: TrainingFormat = strawberry.field(description="IN_PERSON needs a `location`.")
    capacity: int = strawberry.field(description="Seats in all, 1 to 10 000.")
    sessions: list[TrainingSessionInput] = strawberry.field(description="1 to 20 meetings.")
    description: str = strawberry.field(default="", description="Markdown, at most 20 000 characters.")
    location: str | None = strawberry.field(
        default=None, description="Where it takes place, at most 300 characters; required for IN_PERSON."
    )
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="The topic's `id`.")
    registration_deadline: datetime | None = strawberry.field(
        default=None, description="Defaults to the start of the first session."
    )
    slug: str | None = strawberry.field(
        default=None, description=f"Derived from the title when left out. {NEW_SLUG}"
    )


@strawberry.input(description="Fields left out stay as they are; `sessions` replaces all sessions.")
class UpdateTrainingInput:
    id: strawberry.ID = strawberry.field(description="The training's `id`.")
    title: str | None = strawberry.field(default=None, description="At most 200 characters.")
    summary: str | None = strawberry.field(default=None, description="Plain text, at most 500 characters.")
    description: str | None = strawberry.field(
        default=None, description="Markdown, at most 20 000 characters."
    )
    format: TrainingFormat | None = strawberry.field(
        default=None, description="IN_PERSON needs a `location`."
    )
    location: str | None = strawberry.field(default=None, description="At most 300 characters.")
    capacity: int | None = strawberry.field(
        default=None, description="1 to 10 000; more seats move the waitlist up."
    )
    sessions: list[TrainingSessionInput] | None = strawberry.field(
        default=None, description="1 to 20 meetings, in place of all the current ones."
    )
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="The topic's `id`.")
    registration_deadline: datetime | None = strawberry.field(
        default=None, description="Not after the start of the first session."
    )
    slug: str | None = strawberry.field(default=None, description=NEW_SLUG)


@strawberry.input(description="The training to publish.")
class PublishTrainingInput:
    id: strawberry.ID = strawberry.field(description="The training's `id`.")


@strawberry.input(description="The training to archive.")
class ArchiveTrainingInput:
    id: strawberry.ID = strawberry.field(description="The training's `id`.")


@strawberry.type(description="What the training mutations return.")
class TrainingPayload:
    training: Training | None = strawberry.field(description="The training as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="The training to register for.")
class RegisterForTrainingInput:
    training_id: strawberry.ID = strawberry.field(description="The training's `id`.")


@strawberry.type(description="What `registerForTraining` returns.")
class RegisterForTrainingPayload:
    registration: TrainingRegistration | None = strawberry.field(
        description="The new registration, CONFIRMED or WAITLISTED; null on errors."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(description="The registration to give up.")
class CancelTrainingRegistrationInput:
    registration_id: strawberry.ID = strawberry.field(description="The registration's `id`.")


@strawberry.type(description="What `cancelTrainingRegistration` returns.")
class CancelTrainingRegistrationPayload:
    registration: TrainingRegistration | None = strawberry.field(
        description="The registration, now CANCELLED; null on errors."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
