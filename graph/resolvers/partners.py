from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from graph.context import Info
from graph.ids import read_id
from graph.mutations import Write, mutation
from graph.pagination import After, Before, Connection, First, Last, page_request, to_connection
from graph.schema.partners import (
    CreatePartnerKeyInput,
    IssuedPartnerKeyPayload,
    PartnerKey,
    PartnerKeyPayload,
    RevokePartnerKeyInput,
    RotatePartnerKeyInput,
    UpdatePartnerKeyInput,
)
from kennispunt.partners import service
from kennispunt.partners.models import PartnerKey as PartnerKeyRecord
from kennispunt.partners.service import IssuedPartnerKey, PartnerKeyDraft


@dataclass(frozen=True)
class Issued:
    """An issued key under the names of `IssuedPartnerKeyPayload`'s fields."""

    partner_key: PartnerKeyRecord
    key: str


def _issued(issued: IssuedPartnerKey) -> Issued:
    return Issued(partner_key=issued.record, key=issued.secret)


@strawberry.type
class PartnersQuery:
    @strawberry.field(
        graphql_type=Connection[PartnerKey],
        description="Admins: partner API keys by name (empty for others).",
    )
    async def partner_keys(
        self,
        info: Info,
        include_revoked: Annotated[bool, strawberry.argument(description="Also list revoked keys.")] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PartnerKeyRecord]:
        request = page_request(first, after, info, last, before)
        async with info.context.db.session() as session:
            page = await service.partner_keys_page(session, info.context.viewer, request, include_revoked)
        return to_connection(page)


@strawberry.type
class PartnersMutation:
    @mutation(
        IssuedPartnerKeyPayload,
        description="Admins: a new partner API key; the payload shows the secret once.",
    )
    async def create_partner_key(self, write: Write, input: CreatePartnerKeyInput) -> object:
        draft = PartnerKeyDraft(name=input.name, allowed_origins=input.allowed_origins, rate=input.rate)
        return _issued(
            await service.create_partner_key(
                write.session, write.viewer, draft, write.context.default_partner_rate
            )
        )

    @mutation(PartnerKeyPayload, description="Admins: change a key's name, allowed origins or rate limit.")
    async def update_partner_key(self, write: Write, input: UpdatePartnerKeyInput) -> object:
        draft = PartnerKeyDraft(name=input.name, allowed_origins=input.allowed_origins, rate=input.rate)
        return await service.update_partner_key(
            write.session, write.viewer, read_id(input.id, "PartnerKey", ("id",)), draft
        )

    @mutation(
        IssuedPartnerKeyPayload,
        description="Admins: a new secret for a key, the old one valid for graceHours more.",
    )
    async def rotate_partner_key(self, write: Write, input: RotatePartnerKeyInput) -> object:
        key_id = read_id(input.id, "PartnerKey", ("id",))
        return _issued(
            await service.rotate_partner_key(write.session, write.viewer, key_id, input.grace_hours)
        )

    @mutation(PartnerKeyPayload, description="Admins: refuse a key from now on.")
    async def revoke_partner_key(self, write: Write, input: RevokePartnerKeyInput) -> object:
        return await service.revoke_partner_key(
            write.session, write.viewer, read_id(input.id, "PartnerKey", ("id",))
        )
