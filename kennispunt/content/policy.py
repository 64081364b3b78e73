"""Who may see and edit articles.

Everyone reads published articles; archived ones stay readable by link and ID but
leave lists and search. Drafts exist only for editors and admins: to anyone else a
draft is indistinguishable from an article that does not exist. That holds for a
draft that was archived without ever being published too: archiving is no way to
publish.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, true

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.content.models import Article
from kennispunt.publishing import PublicationStatus
from kennispunt.publishing import listed_statuses as _listed_statuses


def can_edit(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.EDITOR, StaffRole.ADMIN)


def visible_articles(viewer: Viewer) -> ColumnElement[bool]:
    if can_edit(viewer):
        return true()
    return or_(
        Article.status == PublicationStatus.PUBLISHED,
        and_(Article.status == PublicationStatus.ARCHIVED, Article.published_at.is_not(None)),
    )


def listed_statuses(viewer: Viewer, requested: list[PublicationStatus] | None) -> list[PublicationStatus]:
    return _listed_statuses(can_edit(viewer), requested)
