from __future__ import annotations

import strawberry

from graph.context import Info
from graph.mutations import input_id, run_in_transaction
from graph.pagination import Connection, page_request, to_connection
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
from kennispunt.partners.service import IssuedPartnerKey, PartnerKeyDraft


def _issued(issued: IssuedPartnerKey | None, errors: list) -> IssuedPartnerKeyPayload:  # type: ignore[type-arg]
    if issued is None:
        return IssuedPartnerKeyPayload(partner_key=None, key=None, errors=errors)
    return IssuedPartnerKeyPayload(partner_key=issued.record, key=issued.secret, errors=errors)  # type: ignore[arg-type]


@strawberry.type
class PartnersQuery:
    @strawberry.field(description="Admins: partner API keys by name (empty for others).")
    async def partner_keys(
        self, info: Info, include_revoked: bool = False, first: int | None = None, after: str | None = None
    ) -> Connection[PartnerKey]:
        request = page_request(first, after, info)
        async with info.context.db.session() as session:
            page = await service.partner_keys_page(session, info.context.viewer, request, include_revoked)
        return to_connection(page)  # type: ignore[return-value]


@strawberry.type
class PartnersMutation:
    @strawberry.mutation(description="Admins: a new partner API key; the payload shows the secret once.")
    async def create_partner_key(self, info: Info, input: CreatePartnerKeyInput) -> IssuedPartnerKeyPayload:
        viewer = info.context.viewer
        draft = PartnerKeyDraft(name=input.name, allowed_origins=input.allowed_origins, rate=input.rate)
        issued, errors = await run_in_transaction(
            info,
            lambda session: service.create_partner_key(
                session, viewer, draft, info.context.default_partner_rate
            ),
        )
        return _issued(issued, errors)

    @strawberry.mutation(description="Admins: change a key's name, allowed origins or rate limit.")
    async def update_partner_key(self, info: Info, input: UpdatePartnerKeyInput) -> PartnerKeyPayload:
        viewer = info.context.viewer
        draft = PartnerKeyDraft(name=input.name, allowed_origins=input.allowed_origins, rate=input.rate)
        record, errors = await run_in_transaction(
            info,
            lambda session: service.update_partner_key(
                session, viewer, input_id(input.id, "PartnerKey", ("id",)), draft
            ),
        )
        return PartnerKeyPayload(partner_key=record, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins: a new secret for a key, the old one valid for graceHours more.")
    async def rotate_partner_key(self, info: Info, input: RotatePartnerKeyInput) -> IssuedPartnerKeyPayload:
        viewer = info.context.viewer
        issued, errors = await run_in_transaction(
            info,
            lambda session: service.rotate_partner_key(
                session, viewer, input_id(input.id, "PartnerKey", ("id",)), input.grace_hours
            ),
        )
        return _issued(issued, errors)

    @strawberry.mutation(description="Admins: refuse a key from now on.")
    async def revoke_partner_key(self, info: Info, input: RevokePartnerKeyInput) -> PartnerKeyPayload:
        viewer = info.context.viewer
        record, errors = await run_in_transaction(
            info,
            lambda session: service.revoke_partner_key(
                session, viewer, input_id(input.id, "PartnerKey", ("id",))
            ),
        )
        return PartnerKeyPayload(partner_key=record, errors=errors)  # type: ignore[arg-type]
