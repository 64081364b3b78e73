from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Annotated

import strawberry

from graph.arguments import STATUSES, TOPIC_RENAMED, TOPIC_SLUG
from graph.context import Context, Info
from graph.ids import read_id, read_optional_id
from graph.live.field import SKIP
from graph.live.follow import follow
from graph.mutations import Write, aware, mutation
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.content import PublicationStatus
from graph.schema.trainings import (
    ArchiveTrainingInput,
    CancelTrainingRegistrationInput,
    CancelTrainingRegistrationPayload,
    CreateTrainingInput,
    PublishTrainingInput,
    RegisterForTrainingInput,
    RegisterForTrainingPayload,
    Training,
    TrainingPayload,
    TrainingSessionInput,
    UpdateTrainingInput,
)
from kennispunt.errors import not_found
from kennispunt.events.models import Event
from kennispunt.trainings import models, service
from kennispunt.trainings.service import SessionTimes, TrainingDraft
from realtime.stream import latest_event_id


def _sessions(sessions: list[TrainingSessionInput] | None) -> list[SessionTimes] | None:
    if sessions is None:
        return None
    return [SessionTimes(aware(item.starts_at), aware(item.ends_at)) for item in sessions]


def _draft(input: CreateTrainingInput | UpdateTrainingInput) -> TrainingDraft:
    return TrainingDraft(
        title=input.title,
        summary=input.summary,
        description=input.description,
        topic_id=read_optional_id(input.topic_id, "Topic", ("topic_id",)),
        format=input.format,
        location=input.location,
        capacity=input.capacity,
        registration_deadline=aware(input.registration_deadline) if input.registration_deadline else None,
        sessions=_sessions(input.sessions),
        slug=input.slug,
    )


@strawberry.type
class TrainingsQuery:
    @strawberry.field(
        graphql_type=Connection[Training],
        description="Published trainings. `upcoming: true` (default): not started, soonest first; "
        "`false`: started or past, latest first; `null`: all.",
    )
    async def trainings(
        self,
        info: Info,
        upcoming: Annotated[
            bool | None,
            strawberry.argument(description="true: not started yet; false: started or past; null: all."),
        ] = True,
        topic: Annotated[
            str | None, strawberry.argument(description="A topic's `slug`.", deprecation_reason=TOPIC_RENAMED)
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        status: Annotated[list[PublicationStatus] | None, STATUSES] = None,
        topic_slug: Annotated[str | None, TOPIC_SLUG] = None,
    ) -> Connection[models.Training]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await service.trainings_page(
                session,
                info.context.viewer,
                request,
                upcoming=upcoming,
                topic_slug=topic if topic_slug is None else topic_slug,
                statuses=status,
            )
        return to_connection(page)

    @strawberry.field(
        graphql_type=Training | None,
        description="A training by slug; null if it does not exist or is not visible.",
    )
    async def training(
        self, info: Info, slug: Annotated[str, strawberry.argument(description="The training's `slug`.")]
    ) -> models.Training | None:
        async with info.context.db.session() as session:
            return await service.training_by_slug(session, info.context.viewer, slug)


@strawberry.type
class TrainingsMutation:
    @mutation(
        RegisterForTrainingPayload,
        description="Sign the viewer up; a full training puts them on the waitlist.",
    )
    async def register_for_training(self, write: Write, input: RegisterForTrainingInput) -> object:
        return await service.register(
            write.session, write.viewer, read_id(input.training_id, "Training", ("training_id",))
        )

    @mutation(
        CancelTrainingRegistrationPayload,
        description="Give up a seat or waitlist place; the first on the waitlist moves up.",
    )
    async def cancel_training_registration(
        self, write: Write, input: CancelTrainingRegistrationInput
    ) -> object:
        return await service.cancel_registration(
            write.session,
            write.viewer,
            read_id(input.registration_id, "TrainingRegistration", ("registration_id",)),
        )

    @mutation(TrainingPayload, description="Editors: plan a new training (a draft until published).")
    async def create_training(self, write: Write, input: CreateTrainingInput) -> object:
        return await service.create_training(write.session, write.viewer, _draft(input))

    @mutation(TrainingPayload, description="Editors: change a training; more capacity promotes the waitlist.")
    async def update_training(self, write: Write, input: UpdateTrainingInput) -> object:
        return await service.update_training(
            write.session, write.viewer, read_id(input.id, "Training", ("id",)), _draft(input)
        )

    @mutation(TrainingPayload, description="Editors: open a training for registration.")
    async def publish_training(self, write: Write, input: PublishTrainingInput) -> object:
        return await service.publish_training(
            write.session, write.viewer, read_id(input.id, "Training", ("id",))
        )

    @mutation(TrainingPayload, description="Editors: take a training out of lists.")
    async def archive_training(self, write: Write, input: ArchiveTrainingInput) -> object:
        return await service.archive_training(
            write.session, write.viewer, read_id(input.id, "Training", ("id",))
        )


@dataclass(frozen=True)
class TrainingNow:
    """A training as it is after each change to it (its seats above all)."""

    training_id: int

    async def payload(self, context: Context, event: Event) -> object:
        training = await context.loaders.training.load(self.training_id)
        return training if training is not None else SKIP

    async def still_visible(self, context: Context) -> bool:
        return await context.loaders.training.load(self.training_id) is not None


@strawberry.type
class TrainingsSubscription:
    @strawberry.subscription(
        graphql_type=Training,
        description="A training now, then again every time its registrations change: live `seatsLeft`.",
    )
    async def training_updated(
        self,
        info: Info,
        training_id: Annotated[strawberry.ID, strawberry.argument(description="The training's `id`.")],
    ) -> AsyncGenerator[models.Training, None]:
        pk = read_id(training_id, "Training", ("training_id",))
        seen_up_to = await latest_event_id(info.context.db)  # before reading, so no change slips between
        training = await info.context.loaders.training.load(pk)
        if training is None:
            raise not_found("training.not_found", ("training_id",))
        yield training
        async for value in follow(info, TrainingNow(pk), (service.EVENT_SUBJECT, pk), seen_up_to):
            yield value
