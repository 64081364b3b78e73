"""Personal data: a person's export and the erasure of their account (`kennispunt.privacy`)."""

from __future__ import annotations

import strawberry

from graph.ids import encode_id, read_optional_id
from graph.mutations import Write, mutation
from graph.schema.privacy import (
    EraseAccountInput,
    EraseAccountPayload,
    ExportPersonalDataInput,
    ExportPersonalDataPayload,
)
from kennispunt.errors import unauthenticated
from kennispunt.privacy import erasure, export


def _person(write: Write, user_id: strawberry.ID | None) -> int:
    """The person concerned: the given user, else the viewer (who must then be signed in)."""
    person = read_optional_id(user_id, "User", ("user_id",)) or write.viewer.user_id
    if person is None:
        raise unauthenticated()
    return person


@strawberry.type
class PrivacyMutation:
    @mutation(
        ExportPersonalDataPayload,
        description="Everything Kennispunt holds about a person, as one JSON document (GDPR Art. 15/20).",
    )
    async def export_personal_data(self, write: Write, input: ExportPersonalDataInput) -> object:
        return await export.export_for(
            write.session,
            write.viewer,
            _person(write, input.user_id),
            include_internal_notes=input.include_internal_notes,
        )

    @mutation(
        EraseAccountPayload,
        description="Erase an account (GDPR Art. 17): personal data goes, posts stay under a neutral name.",
    )
    async def erase_account(self, write: Write, input: EraseAccountInput) -> object:
        erased = await erasure.erase_for(
            write.session,
            write.viewer,
            _person(write, input.user_id),
            confirm_email=input.confirm_email,
            remove_posts=input.remove_posts,
        )
        return strawberry.ID(encode_id("User", erased))
