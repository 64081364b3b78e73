"""Who may manage partner keys. What a key may read is the public part of the API
(`graph/public_surface.py`), the same part that anonymous visitors and caches get."""

from __future__ import annotations

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer


def can_manage_partner_keys(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.ADMIN)
