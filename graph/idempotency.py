"""Idempotency keys on both transports: ``Idempotency-Key`` on an HTTP POST, and
``extensions.idempotencyKey`` on an operation over the WebSocket
(`kennispunt.idempotency.service` has the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import Database
from kennispunt.i18n import Language, translate
from kennispunt.idempotency.service import Claim, IdempotentRequest, Outcome, claim, settled
from kennispunt.partners.service import Partner

HEADER = "idempotency-key"
EXTENSION = "idempotencyKey"
WAIT_SECONDS = 10.0
"""How long a request waits for an earlier one with the same key to answer."""


def caller_of(viewer: Viewer, partner: Partner | None) -> str | None:
    """Whose keys these are; anonymous callers write nothing, so they need none."""
    if partner is not None:
        return f"partner:{partner.id}"
    if viewer.user_id is not None:
        return f"user:{viewer.user_id}"
    return None


async def begin(db: Database, request: IdempotentRequest) -> Claim:
    """Take the key, or say what the earlier request with it came to (after waiting for it)."""
    return await settled(db, request, await claim(db, request), WAIT_SECONDS)


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str


def refusal(outcome: Outcome, language: Language) -> Refusal:
    """Why a request with a used key does not run (for MISMATCH, IN_PROGRESS, ANSWER_LOST)."""
    if outcome is Outcome.MISMATCH:
        return Refusal(422, "BAD_USER_INPUT", translate("idempotency.mismatch", language))
    if outcome is Outcome.IN_PROGRESS:
        return Refusal(409, "CONFLICT", translate("idempotency.in_progress", language))
    return Refusal(409, "CONFLICT", translate("idempotency.answer_lost", language))


def invalid_key(language: Language) -> Refusal:
    return Refusal(400, "BAD_USER_INPUT", translate("idempotency.invalid_key", language))


def failed_unexpectedly(status: int, body: str) -> bool:
    """A response to forget rather than replay: the server failed, not the request."""
    return status >= 500 or '"INTERNAL_SERVER_ERROR"' in body
