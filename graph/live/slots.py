"""The viewer's own values in a result shared by many viewers.

Some fields answer differently for every user: whether they follow the thread
(``viewerFollows``), how much of it they have not read (``unreadCount``), whether they gave
a reaction (``viewerReacted``). When one resolution of an event serves a whole group, those
fields are left open: the resolver notes a `Slot` at its place in the result (and returns
a neutral value), the values of every member of the group are loaded in one query per
slot, and each member's message is the shared text with their own values filled in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.db import Database

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Slot:
    kind: str
    """What the value is, e.g. ``"thread.follows"``; names a loader in `SLOT_LOADERS`."""
    key: Hashable
    """Of which object, e.g. the thread's id."""


SlotValues = dict[Hashable, dict[int, Any]]
"""Values of one kind of slot: ``{key: {user_id: value}}``; a user left out has the neutral value."""
SlotLoader = Callable[[AsyncSession, Sequence[Hashable], Sequence[int]], Awaitable[SlotValues]]
"""Loads the values of one kind of slot for some keys and users."""


@dataclass(frozen=True)
class SlotKind:
    load: SlotLoader
    neutral: Any
    """The value for a user the loader has nothing for (and for anonymous viewers)."""


SLOT_KINDS: dict[str, SlotKind] = {}


def slot_kind(name: str, neutral: Any) -> Callable[[SlotLoader], SlotLoader]:
    """Register the loader of a kind of slot (see `graph.live.slot_loaders`)."""

    def register(load: SlotLoader) -> SlotLoader:
        SLOT_KINDS[name] = SlotKind(load, neutral)
        return load

    return register


def info_path(info: Any) -> Path:
    """Where a resolver's field is in the result: ``info.path`` as a tuple."""
    return tuple(info.path.as_list())


@dataclass
class OpenSlots:
    """Noted while a shared result is resolved: which places belong to the viewer."""

    places: list[tuple[Path, Slot]] = field(default_factory=list)

    def leave_open(self, path: Path, slot: Slot) -> Any:
        self.places.append((path, slot))
        return SLOT_KINDS[slot.kind].neutral


async def load_values(
    db: Database, slots: Sequence[Slot], user_ids: Sequence[int]
) -> dict[Slot, dict[int, Any]]:
    """Every user's value of every slot (``{slot: {user_id: value}}``): one query or a few per
    kind of slot, whatever the number of users."""
    by_kind: dict[str, list[Hashable]] = {}
    for slot in slots:
        by_kind.setdefault(slot.kind, []).append(slot.key)
    values: dict[Slot, dict[int, Any]] = {slot: {} for slot in slots}
    if not user_ids:
        return values
    async with db.session() as session:
        for kind, keys in by_kind.items():
            loaded = await SLOT_KINDS[kind].load(session, sorted(set(keys), key=repr), user_ids)
            for key, of_users in loaded.items():
                values[Slot(kind, key)] = of_users
    return values


_MARK = "\x00slot{}\x00"
_MARK_PATTERN = re.compile(r'"\\u0000slot(\d+)\\u0000"')


@dataclass(frozen=True)
class Template:
    """A JSON text with holes for the viewer's own values."""

    parts: tuple[str, ...]
    slots: tuple[Slot, ...]
    """``parts[0] slot[0] parts[1] slot[1] … parts[-1]``."""
    neutrals: tuple[Any, ...] = ()

    @classmethod
    def of(cls, payload: dict[str, Any], places: Sequence[tuple[Path, Slot]]) -> Template:
        for number, (path, _slot) in enumerate(places):
            _set(payload, path, _MARK.format(number))
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        pieces = _MARK_PATTERN.split(text)
        parts = tuple(pieces[0::2])
        slots = tuple(places[int(number)][1] for number in pieces[1::2])
        return cls(parts, slots, tuple(SLOT_KINDS[slot.kind].neutral for slot in slots))

    def fill(self, values: dict[Slot, dict[int, Any]], user_id: int | None) -> str:
        """The text with one user's values (the neutral ones for anonymous viewers)."""
        if not self.slots:
            return self.parts[0]
        filled = [self.parts[0]]
        for slot, neutral, part in zip(self.slots, self.neutrals, self.parts[1:], strict=True):
            of_users = values.get(slot)
            value = (
                of_users.get(user_id, neutral) if of_users is not None and user_id is not None else neutral
            )
            filled.append(_json_scalar(value))
            filled.append(part)
        return "".join(filled)


def _json_scalar(value: Any) -> str:
    """JSON for a slot's value; booleans and integers (nearly all of them) without `json.dumps`."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    return json.dumps(value)


def _set(payload: dict[str, Any], path: Path, value: Any) -> None:
    """Put ``value`` at ``path`` below ``payload["data"]``, where graphql-core put the field."""
    target: Any = payload["data"]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
