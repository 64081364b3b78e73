from __future__ import annotations

import strawberry

from graph.context import Info
from graph.ids import encode_id
from graph.mutations import input_id, run_in_transaction
from graph.schema.privacy import (
    EraseAccountInput,
    EraseAccountPayload,
    ExportPersonalDataInput,
    ExportPersonalDataPayload,
)
from kennispunt.errors import unauthenticated
from kennispunt.privacy import erasure, export


def _subject(info: Info, user_id: strawberry.ID | None) -> int:
    """The person concerned: the given user, else the viewer."""
    if user_id is not None:
        return input_id(user_id, "User", ("user_id",))
    if info.context.viewer.user_id is None:
        raise unauthenticated()
    return info.context.viewer.user_id


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(
        description="Everything Kennispunt holds about a person, as one JSON document (GDPR Art. 15/20)."
    )
    async def export_personal_data(
        self, info: Info, input: ExportPersonalDataInput
    ) -> ExportPersonalDataPayload:
        viewer = info.context.viewer
        document, errors = await run_in_transaction(
            info,
            lambda session: export.export_for(
                session,
                viewer,
                _subject(info, input.user_id),
                include_internal_notes=input.include_internal_notes,
            ),
        )
        return ExportPersonalDataPayload(document=document, errors=errors)  # type: ignore[arg-type]

    @strawberry.mutation(
        description="Erase an account (GDPR Art. 17): personal data goes, posts stay under a neutral name."
    )
    async def erase_account(self, info: Info, input: EraseAccountInput) -> EraseAccountPayload:
        viewer = info.context.viewer
        user_id, errors = await run_in_transaction(
            info,
            lambda session: erasure.erase_for(
                session,
                viewer,
                _subject(info, input.user_id),
                confirm_email=input.confirm_email,
                remove_posts=input.remove_posts,
            ),
        )
        return EraseAccountPayload(
            erased_user_id=strawberry.ID(encode_id("User", user_id)) if user_id is not None else None,
            errors=errors,
        )
