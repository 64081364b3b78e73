"""``Authorization: Bearer <token>`` with a personal access token minted by an operator."""

from __future__ import annotations

from kennispunt.accounts import service as accounts
from kennispunt.accounts.viewer import ANONYMOUS, Viewer
from kennispunt.db import Database


class InvalidCredentials(Exception):
    """The request carried credentials, and they are not valid: never fall back to anonymous."""


async def viewer_from_authorization(db: Database, authorization: str | None) -> Viewer:
    if authorization is None:
        return ANONYMOUS
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise InvalidCredentials
    async with db.session() as session:
        record = await accounts.find_active_token(session, token)
        if record is None:
            raise InvalidCredentials
        viewer = await accounts.load_viewer(session, record.user_id)
    if accounts.needs_last_used_update(record):
        async with db.transaction() as session:
            await accounts.touch_token(session, record.id)
    return viewer
