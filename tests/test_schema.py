"""The checked-in schema.graphql is what the code serves, and it honours the API contract."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from graph.schema.schema import build_schema, schema_sdl
from tests.conftest import GraphQLClient

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_CHECK = ROOT.parent / "shared" / "api" / "check_contract.py"

# Parts of the contract that later issues build: forum (forum issue), helpdesk
# (helpdesk issue) and their subscriptions.
PENDING: list[str] = [  # every part of the contract is built
]


def test_schema_file_matches_the_code() -> None:
    checked_in = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert checked_in == schema_sdl(), (
        "schema.graphql is stale: run `kennispunt export-schema -o schema.graphql`"
    )


def test_schema_honours_the_contract() -> None:
    if not CONTRACT_CHECK.is_file():
        reason = (
            f"the API contract check is not here ({CONTRACT_CHECK}): it lives in ../shared beside the clone"
        )
        if os.environ.get("CI"):  # CI has shared/ beside its clone: there, a missing check is a failure
            pytest.fail(reason)
        pytest.skip(reason)
    pending = [argument for name in PENDING for argument in ("--pending", name)]
    result = subprocess.run(
        [sys.executable, str(CONTRACT_CHECK), str(ROOT / "schema.graphql"), *pending],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 violations," in result.stdout


async def test_the_date_scalars_say_what_they_follow(gql: GraphQLClient) -> None:
    """Clients and code generators read the format from ``@specifiedBy`` (introspected as
    ``specifiedByURL``); a Date is sent as an ISO 8601 calendar date."""
    query = """{
      date: __type(name: "Date") { specifiedByURL }
      dateTime: __type(name: "DateTime") { specifiedByURL }
    }"""
    rfc3339 = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
    assert await gql(query) == {
        "data": {"date": {"specifiedByURL": rfc3339}, "dateTime": {"specifiedByURL": rfc3339}}
    }


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Schema coordinates (``Type``, ``Type.field``, ``Type.field(arg:)``, ``Enum.VALUE``)
    of everything clients would see without a description."""
    missing: list[str] = []
    for name, named_type in sorted(schema.type_map.items()):
        if name.startswith("__"):
            continue
        if not named_type.description:
            missing.append(name)
        if isinstance(named_type, GraphQLEnumType):
            missing += [
                f"{name}.{value}"
                for value, enum_value in named_type.values.items()
                if not enum_value.description
            ]
        if isinstance(named_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in named_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name}:)")
    return missing


def test_everything_in_the_schema_is_described() -> None:
    """IDE hovers, generated code and GraphiQL's docs show these texts to client developers."""
    missing = undescribed(build_schema()._schema)
    assert not missing, f"{len(missing)} without a description:\n" + "\n".join(missing)
