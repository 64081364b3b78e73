"""Probes for process supervisors and load balancers, as Kubernetes and compose use them.

- ``GET /livez``: the process answers (no I/O). A failing liveness probe means: restart it.
- ``GET /readyz``: it can serve. 200 ``ok`` when the database answers within
  `TIMEOUT_SECONDS` at a migration revision this code supports (its head, or a later
  release's during a rolling deploy) and the broker is connected; 200 ``degraded`` when
  only the broker is down (writes still succeed and watchers poll the database); 503
  ``unavailable`` otherwise. ``GET /healthz`` is its old name.

The JSON says which check failed and why, in words that name no host or credential; the
details go to the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kennispunt.db import Database
from kennispunt.migrate import SchemaState, schema_status

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0
PATHS = ("/livez", "/readyz", "/healthz")
HEADERS = {"Cache-Control": "no-store"}

Check = dict[str, Any]


class Probes:
    def __init__(
        self,
        db: Database,
        broker_connected: Callable[[], Awaitable[bool]],
        *,
        broker: str,
        poll_seconds: float,
    ) -> None:
        self.db = db
        self.broker_connected = broker_connected
        self.broker = broker
        """What the broker is ("memory" or "redis"), for the answer."""
        self.poll_seconds = poll_seconds

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/livez", self.livez, methods=["GET", "HEAD"]),
            Route("/readyz", self.readyz, methods=["GET", "HEAD"]),
            Route("/healthz", self.readyz, methods=["GET", "HEAD"]),
        ]

    async def livez(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=HEADERS)

    async def readyz(self, _request: Request) -> Response:
        database, broker = await asyncio.gather(self.database_check(), self.broker_check())
        if database["status"] != "ok":
            status = "unavailable"
        elif broker["status"] != "ok":
            status = "degraded"
        else:
            status = "ok"
        body = {"status": status, "checks": {"database": database, "broker": broker}}
        return JSONResponse(body, status_code=503 if status == "unavailable" else 200, headers=HEADERS)

    async def database_check(self) -> Check:
        try:
            schema = await asyncio.wait_for(schema_status(self.db.engine), TIMEOUT_SECONDS)
        except TimeoutError:
            logger.warning("readiness: the database did not answer within %.0f s", TIMEOUT_SECONDS)
            return {
                "status": "unavailable",
                "reason": f"the database did not answer within {TIMEOUT_SECONDS:.0f} s",
            }
        except Exception as error:  # noqa: BLE001 -- whatever the driver raises, it is not ready
            logger.warning("readiness: the database is unreachable: %s", error)
            return {"status": "unavailable", "reason": "the database is unreachable"}
        check: Check = {"status": "ok", "revision": schema.revision, "head": schema.head}
        if not schema.supported:
            check.update(status="unavailable", reason=f"{schema.problem()}: run 'kennispunt db upgrade'")
        elif schema.state is SchemaState.LATER:
            check["note"] = "migrated by a later release"
        return check

    async def broker_check(self) -> Check:
        if await self.broker_connected():
            return {"status": "ok", "backend": self.broker}
        return {
            "status": "degraded",
            "backend": self.broker,
            "reason": f"not connected to {self.broker}; live updates arrive by polling every {self.poll_seconds:g} s",
        }
