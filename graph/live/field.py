"""What a live field is to its feed, and what an event can become for a subscriber."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from graphql import DocumentNode, GraphQLSchema

from graph.live.facts import Facts
from graph.live.slots import Template
from kennispunt.events.models import Event

if TYPE_CHECKING:
    from graph.context import Context


class Outcome:
    """What becomes of an event for a subscriber, besides a message."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


SKIP = Outcome("SKIP")
"""Nothing to send for this event (e.g. an internal note to a requester)."""
END = Outcome("END")
"""The subscriber may no longer follow the subject: the subscription completes."""


class LiveField(Protocol):
    """A subscription field as the feed needs it."""

    async def payload(self, context: Context, event: Event) -> object:
        """The field's value for an event (the root the selection is resolved on), `SKIP` or `END`."""

    async def still_visible(self, context: Context) -> bool:
        """Whether the subscriber may still follow (asked when their viewer changed)."""


@dataclass(frozen=True)
class Shape:
    """What a group of subscribers sent: executed alike for all of them."""

    key: tuple[Any, ...]
    schema: GraphQLSchema
    document: DocumentNode
    operation_name: str | None
    variables: dict[str, Any]
    field: LiveField


@dataclass(frozen=True)
class Render:
    """One resolution of one event for everyone of whom ``facts`` hold."""

    facts: Facts
    outcome: Outcome | None
    template: Template | None = None

    @property
    def personal(self) -> bool:
        """The result depends on who the viewer is, not only on what they may see."""
        return ("user_id",) in self.facts
