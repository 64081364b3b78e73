"""Who may see and manage users."""

from __future__ import annotations

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer


def can_see_user(viewer: Viewer, user_id: int) -> bool:
    """A user object by ID: the user themselves and staff; to others it does not exist.

    Authors shown next to content they wrote are reached through that content instead.
    """
    return viewer.user_id == user_id or viewer.is_staff


def can_manage_roles(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.ADMIN)


def can_see_roles_of(viewer: Viewer, user_id: int) -> bool:
    """A user's staff roles: the user themselves and admins."""
    return viewer.user_id == user_id or viewer.has_role(StaffRole.ADMIN)
