"""The lifecycle shared by editorial content (articles and trainings)."""

from __future__ import annotations

import enum


class PublicationStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


PUBLIC_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.ARCHIVED)
"""Readable by link and ID for everyone; drafts are for editors only."""


def listed_statuses(may_edit: bool, requested: list[PublicationStatus] | None) -> list[PublicationStatus]:
    """Statuses a list shows: published by default; editors may ask for others."""
    if not requested:
        return [PublicationStatus.PUBLISHED]
    if may_edit:
        return requested
    return [status for status in requested if status is PublicationStatus.PUBLISHED]
