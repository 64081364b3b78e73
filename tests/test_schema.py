"""The checked-in schema.graphql is what the code serves, and it honours the API contract."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.schema.schema import schema_sdl
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
