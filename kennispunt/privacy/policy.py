"""Who may take out or erase a person's data: the person themselves, and admins (who answer
written requests). Internal notes about a person are for the staff export only."""

from __future__ import annotations

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.errors import DomainError, ErrorCode, forbidden, unauthenticated


def is_privacy_officer(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.ADMIN)


def require_own_or_admin(viewer: Viewer, user_id: int) -> None:
    """UNAUTHENTICATED for anonymous callers, FORBIDDEN for anyone but the person and admins."""
    if not viewer.is_authenticated:
        raise unauthenticated()
    if viewer.user_id != user_id and not is_privacy_officer(viewer):
        raise forbidden()


def require_may_export(viewer: Viewer, user_id: int, *, include_internal_notes: bool) -> None:
    require_own_or_admin(viewer, user_id)
    if include_internal_notes and not is_privacy_officer(viewer):
        raise DomainError.of(
            ErrorCode.FORBIDDEN, "privacy.internal_notes_staff_only", ("include_internal_notes",)
        )


def require_may_erase(viewer: Viewer, user_id: int) -> None:
    require_own_or_admin(viewer, user_id)
