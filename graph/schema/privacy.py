"""Personal data: the export of what Kennispunt holds about a person, and erasure."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from graph.errors import PAYLOAD_ERRORS, UserError


@strawberry.input(
    description="Export a person's data: without userId the viewer's own; another person's for admins only."
)
class ExportPersonalDataInput:
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Admins: the person whose data to export; left out, the viewer's own."
    )
    include_internal_notes: bool = strawberry.field(
        default=False,
        description="Admins answering a written request: add the internal notes on the person's tickets.",
    )


@strawberry.type(description="What `exportPersonalData` returns.")
class ExportPersonalDataPayload:
    document: JSON | None = strawberry.field(
        description="The whole export as one JSON object (format kennispunt.personal-data/1), for download."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)


@strawberry.input(
    description="Erase an account: without userId the viewer's own; another person's for admins only."
)
class EraseAccountInput:
    confirm_email: str = strawberry.field(description="The account's e-mail address, typed to confirm.")
    user_id: strawberry.ID | None = strawberry.field(
        default=None, description="Admins: the account to erase; left out, the viewer's own."
    )
    remove_posts: bool = strawberry.field(
        default=False,
        description="Also remove the text of the person's forum threads and replies (their place stays).",
    )


@strawberry.type(description="What `eraseAccount` returns.")
class EraseAccountPayload:
    erased_user_id: strawberry.ID | None = strawberry.field(
        description="The erased account; it no longer signs in, and its posts read 'Verwijderde gebruiker'."
    )
    errors: list[UserError] = strawberry.field(description=PAYLOAD_ERRORS)
