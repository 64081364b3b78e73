"""Which facts about the viewer a result depends on, so it can be shared with every
viewer of whom the same facts hold.

A live event is resolved once per group of subscribers who may see the same thing. Who
belongs together is not guessed: the first subscriber's event is resolved with a
`RecordingViewer`, which answers every question the policies ask exactly as the real
viewer would and notes each question with its answer. Another subscriber shares that
result when every noted question has the same answer for them. A policy that compares
``user_id`` makes the result the user's own; one that only asks ``is_verified_member``
lets every member share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer

Fact = tuple[Any, ...]
"""A question put to a viewer, e.g. ``("has_role", (StaffRole.MODERATOR,))``."""
Facts = Mapping[Fact, Any]
T = TypeVar("T")


def answer(viewer: Viewer, fact: Fact) -> Any:
    """What ``viewer`` answers to a noted question."""
    name, *arguments = fact
    if name == "has_role":
        return viewer.has_role(*arguments[0])
    if name == "is_verified_member_of":
        return viewer.is_verified_member_of(arguments[0])
    return getattr(viewer, name)


def holds_for(facts: Facts, viewer: Viewer) -> bool:
    return all(answer(viewer, fact) == value for fact, value in facts.items())


class RecordingViewer(Viewer):
    """A stand-in for a viewer that notes every fact it is asked (see the module docstring)."""

    _viewer: Viewer
    facts: dict[Fact, Any]
    """What it was asked, with the answers."""

    def __init__(self, viewer: Viewer) -> None:  # noqa: D107 - the dataclass fields are read through
        object.__setattr__(self, "_viewer", viewer)
        object.__setattr__(self, "facts", {})

    def _noted(self, fact: Fact, value: T) -> T:
        self.facts[fact] = value
        return value

    @property  # type: ignore[override]
    def user_id(self) -> int | None:
        return self._noted(("user_id",), self._viewer.user_id)

    @property  # type: ignore[override]
    def roles(self) -> frozenset[StaffRole]:
        return self._noted(("roles",), self._viewer.roles)

    @property  # type: ignore[override]
    def verified_party_ids(self) -> frozenset[int]:
        return self._noted(("verified_party_ids",), self._viewer.verified_party_ids)

    @property  # type: ignore[override]
    def deciding_party_ids(self) -> frozenset[int]:
        return self._noted(("deciding_party_ids",), self._viewer.deciding_party_ids)

    @property
    def is_authenticated(self) -> bool:
        return self._noted(("is_authenticated",), self._viewer.is_authenticated)

    @property
    def is_staff(self) -> bool:
        return self._noted(("is_staff",), self._viewer.is_staff)

    @property
    def is_verified_member(self) -> bool:
        return self._noted(("is_verified_member",), self._viewer.is_verified_member)

    def has_role(self, *roles: StaffRole) -> bool:
        return self._noted(("has_role", roles), self._viewer.has_role(*roles))

    def is_verified_member_of(self, party_id: int) -> bool:
        return self._noted(("is_verified_member_of", party_id), self._viewer.is_verified_member_of(party_id))

    def __repr__(self) -> str:
        return f"RecordingViewer({self._viewer!r})"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)
