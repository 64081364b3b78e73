from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import Parent

from graph.errors import UserError
from graph.schema.node import Node
from kennispunt.db import utcnow
from kennispunt.partners import models


@strawberry.type(description="Admins: a partner site's API key (never the secret itself).")
class PartnerKey(Node):
    model = models.PartnerKey
    name: str
    prefix: str = strawberry.field(description="The first characters of the key, to tell keys apart.")
    allowed_origins: list[str] = strawberry.field(
        description="Origins whose pages may call the API with this key (CORS)."
    )
    rate: str = strawberry.field(description="The key's rate limit, e.g. 1200/minute.")
    created_at: datetime
    rotated_at: datetime | None
    previous_key_expires_at: datetime | None = strawberry.field(
        description="Until when the secret before the last rotation still works."
    )
    last_used_at: datetime | None = strawberry.field(
        description="Approximate: updated at most every 10 minutes."
    )
    revoked_at: datetime | None

    @strawberry.field
    @staticmethod
    def is_active(root: Parent[models.PartnerKey]) -> bool:
        return root.revoked_at is None

    @strawberry.field(description="Whether the secret before the last rotation still works.")
    @staticmethod
    def has_previous_key(root: Parent[models.PartnerKey]) -> bool:
        expires = root.previous_key_expires_at
        return root.revoked_at is None and expires is not None and expires > utcnow()


@strawberry.input
class CreatePartnerKeyInput:
    name: str = strawberry.field(description="Who the key is for, e.g. Gemeente Utrecht.")
    allowed_origins: list[str] = strawberry.field(
        default_factory=list, description="e.g. https://www.utrecht.nl; none: for server-to-server use only."
    )
    rate: str | None = strawberry.field(default=None, description="Defaults to KENNISPUNT_PARTNER_RATE.")


@strawberry.input(description="Fields left out stay as they are.")
class UpdatePartnerKeyInput:
    id: strawberry.ID
    name: str | None = None
    allowed_origins: list[str] | None = None
    rate: str | None = None


@strawberry.input(description="A new secret; with graceHours the old one keeps working that long.")
class RotatePartnerKeyInput:
    id: strawberry.ID
    grace_hours: int = 0


@strawberry.input
class RevokePartnerKeyInput:
    id: strawberry.ID


@strawberry.type
class IssuedPartnerKeyPayload:
    partner_key: PartnerKey | None
    key: str | None = strawberry.field(description="The secret: shown this once, only its hash is stored.")
    errors: list[UserError]


@strawberry.type
class PartnerKeyPayload:
    partner_key: PartnerKey | None
    errors: list[UserError]
