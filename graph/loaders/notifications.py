"""Loaders of the viewer's notifications."""

from __future__ import annotations

from graph.loaders.base import VisibleKeyLoader
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import Notification


class NotificationByIdLoader(VisibleKeyLoader[int, Notification | None]):
    fetch = notifications.notifications_by_ids
