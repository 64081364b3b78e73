"""Generated operations (schemathesis, from the exported schema) never crash the server.

Every root query and mutation gets arbitrary, schema-valid arguments, sent as an admin
(so the deepest validation runs). Whatever comes back must be an answer: no 5xx, and
never a masked INTERNAL_SERVER_ERROR.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kennispunt.accounts.models import StaffRole
from kennispunt.db import Database
from tests.conftest import RunningServer
from tests.factories import make_token, make_user

SCHEMA = schemathesis.graphql.from_path(Path(__file__).resolve().parent.parent / "schema.graphql")


@pytest.fixture
async def admin_token(db: Database) -> str:
    return await make_token(
        db, await make_user(db, "beheer@kennispunt.nl", "Beheer", roles=(StaffRole.ADMIN,))
    )


@SCHEMA.parametrize()
@settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_generated_operation_crashes_the_server(
    case: schemathesis.Case, server: RunningServer, admin_token: str
) -> None:
    response = case.call(base_url=f"{server.url}/graphql", headers={"Authorization": f"Bearer {admin_token}"})

    assert response.status_code < 500, response.text
    codes = [error.get("extensions", {}).get("code") for error in response.json().get("errors") or []]
    assert "INTERNAL_SERVER_ERROR" not in codes, response.text
