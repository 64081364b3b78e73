"""Who sees which notifications: their recipient, and nobody else (not even staff)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false

from kennispunt.accounts.viewer import Viewer
from kennispunt.notifications.models import Notification


def visible_notifications(viewer: Viewer) -> ColumnElement[bool]:
    if not viewer.is_authenticated:
        return false()
    return Notification.user_id == viewer.user_id
