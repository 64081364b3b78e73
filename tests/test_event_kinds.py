"""Every kind of outbox event a domain records is a member of the domain's enum, and every
member of a live event enum is a value of the GraphQL enum that subscribers receive (a kind
the GraphQL enum lacked would be a masked 500 on the subscription)."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path

import pytest
from graphql import GraphQLEnumType

from graph.schema.schema import build_schema
from kennispunt.forum.events import CategoryEventKind, ThreadEventKind
from kennispunt.helpdesk.events import TicketEventKind
from kennispunt.trainings.events import TrainingEventKind

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("forum", "helpdesk", "trainings")
LIVE_KINDS: list[type[StrEnum]] = [ThreadEventKind, CategoryEventKind, TicketEventKind]


@pytest.mark.parametrize("kinds", LIVE_KINDS, ids=lambda kinds: kinds.__name__)
def test_every_live_event_kind_is_a_value_of_the_graphql_enum(kinds: type[StrEnum]) -> None:
    graphql_enum = build_schema()._schema.get_type(kinds.__name__)
    assert isinstance(graphql_enum, GraphQLEnumType)
    assert set(graphql_enum.values) == {kind.name for kind in kinds}
    for kind in kinds:  # what a subscription does with an event's kind
        assert graphql_enum.serialize(kinds(str(kind.value))) == kind.name


def test_the_kinds_have_distinct_values() -> None:
    for kinds in [*LIVE_KINDS, TrainingEventKind]:
        assert len({kind.value for kind in kinds}) == len(kinds)


@pytest.mark.parametrize("domain", DOMAINS)
def test_a_domain_records_events_only_through_its_events_module(domain: str) -> None:
    """`record_event` takes any string: a domain calls it in one place, with its enum's kinds."""
    callers = []
    for path in sorted((ROOT / "kennispunt" / domain).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {
                "record_event",
                "record_events",
            }:
                callers.append(path.name)
    assert callers and set(callers) == {"events.py"}, callers
