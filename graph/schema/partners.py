from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import Parent

from graph.errors import PAYLOAD_ERRORS, UserError
from graph.schema.node import Node
from kennispunt.db import utcnow
from kennispunt.partners import models


@strawberry.type(description="Admins: a partner site's API key (never the secret itself).")
class PartnerKey(Node):
    model = models.PartnerKey
    name: str = strawberry.field(description="Who the key is for, e.g. Gemeente Utrecht.")
    prefix: str = strawberry.field(description="The first characters of the key, to tell keys apart.")
    allowed_origins: list[str] = strawberry.field(
        description="Origins whose pages may call the API with this key (CORS)."
    )
    rate: str = strawberry.field(description="The key's rate limit, e.g. 1200/minute.")
    created_at: datetime = strawberry.field(description="When the key was made.")
    rotated_at: datetime | None = strawberry.field(
        description="When the secret was last replaced; null if never."
    )
    previous_key_expires_at: datetime | None = strawberry.field(
        description="Until when the secret before the last rotation still works."
    )
    last_used_at: datetime | None = strawberry.field(
        description="Approximate: updated at most every 10 minutes."
    )
    revoked_at: datetime | None = strawberry.field(description="When the key was revoked; null while active.")

    @strawberry.field(description="Not revoked: requests with the key are served.")
    @staticmethod
    def is_active(root: Parent[models.PartnerKey]) -> bool:
        return root.revoked_at is None

    @strawberry.field(description="Whether the secret before the last rotation still works.")
    @staticmethod
    def has_previous_key(root: Parent[models.PartnerKey]) -> bool:
        expires = root.previous_key_expires_at
        return root.revoked_at is None and expires is not None and expires > utcnow()


@strawberry.input(description="A new partner key.")
class CreatePartnerKeyInput:
    name: str = strawberry.field(description="Who the key is for, e.g. Gemeente Utrecht.")
    allowed_origins: list[str] = strawberry.field(
        default_factory=list, description="e.g. https://www.utrecht.nl; none: for server-to-server use only."
    )
    rate: str | None = strawberry.field(default=None, description="Defaults to KENNISPUNT_PARTNER_RATE.")


@strawberry.input(description="Fields left out stay as they are.")
class UpdatePartnerKeyInput:
    id: strawberry.ID = strawberry.field(description="The key's `id`.")
    name: str | None = strawberry.field(default=None, description="Who the key is for.")
    allowed_origins: list[str] | None = strawberry.field(
        default=None,
        description="At most 20 origins such as https://www.utrecht.nl, in place of the current ones.",
    )
    rate: str | None = strawberry.field(default=None, description="A rate limit such as 1200/minute.")


@strawberry.input(description="A new secret; with graceHours the old one keeps working that long.")
class RotatePartnerKeyInput:
    id: strawberry.ID = strawberry.field(description="The key's `id`.")
    grace_hours: int = strawberry.field(
        default=0, description="Hours the old secret keeps working, 0 to 336 (14 days); 0: it stops at once."
    )


@strawberry.input(description="The key to revoke.")
class RevokePartnerKeyInput:
    id: strawberry.ID = strawberry.field(description="The key's `id`.")


@strawberry.type(description="What `createPartnerKey` and `rotatePartnerKey` return.")
class IssuedPartnerKeyPayload:
    partner_key: PartnerKey | None = strawberry.field(description="The key as it is now; null on errors.")
    key: str | None = strawberry.field(description="The secret: shown this once, only its hash is stored.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.type(description="What `updatePartnerKey` and `revokePartnerKey` return.")
class PartnerKeyPayload:
    partner_key: PartnerKey | None = strawberry.field(description="The key as it is now; null on errors.")
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
