"""Admins keep the forum's categories: creating and changing them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, ErrorCode, not_found, refused
from kennispunt.forum import policy
from kennispunt.forum.models import ForumCategory
from kennispunt.slugs import free_slug_from_title

NAME_MAX, DESCRIPTION_MAX = 100, 1_000


async def _check_category_slug(
    session: AsyncSession, checks: Checks, slug: str, category_id: int | None = None
) -> None:
    taken = await session.scalar(select(ForumCategory.id).where(ForumCategory.slug == slug))
    if taken is not None and taken != category_id:
        checks.add(("slug",), "slug.taken", ErrorCode.CONFLICT)


def _require_admin(viewer: Viewer) -> None:
    if not policy.can_manage_categories(viewer):
        raise refused(viewer)


async def create_category(
    session: AsyncSession,
    viewer: Viewer,
    *,
    name: str,
    description: str = "",
    slug: str | None = None,
    position: int = 0,
) -> ForumCategory:
    """Admins: a new category; its slug comes from the name unless given."""
    _require_admin(viewer)
    checks = Checks()
    name = checks.title(("name",), name, max_length=NAME_MAX)
    description = checks.text(("description",), description, min_length=0, max_length=DESCRIPTION_MAX)
    checks.number(("position",), position, minimum=0, maximum=10_000)
    if slug:
        slug = checks.slug(("slug",), slug)
        await _check_category_slug(session, checks, slug)
    else:
        slug = await free_slug_from_title(session, ForumCategory.slug, name, "categorie") or ""
    checks.raise_if_any()
    category = ForumCategory(
        slug=slug, name=name, description=description, position=position, created_at=utcnow()
    )
    session.add(category)
    await session.flush()
    return category


async def update_category(
    session: AsyncSession,
    viewer: Viewer,
    category_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    slug: str | None = None,
    position: int | None = None,
) -> ForumCategory:
    """Admins: change the given fields; fields left out stay as they are."""
    _require_admin(viewer)
    category = await session.get(ForumCategory, category_id, with_for_update=True)
    if category is None:
        raise not_found("category.not_found", ("id",))
    checks = Checks()
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = checks.title(("name",), name, max_length=NAME_MAX)
    if description is not None:
        changes["description"] = checks.text(
            ("description",), description, min_length=0, max_length=DESCRIPTION_MAX
        )
    if slug is not None:
        changes["slug"] = checks.slug(("slug",), slug)
        await _check_category_slug(session, checks, str(changes["slug"]), category.id)
    if position is not None:
        changes["position"] = checks.number(("position",), position, minimum=0, maximum=10_000)
    checks.raise_if_any()
    for field_name, value in changes.items():
        setattr(category, field_name, value)
    await session.flush()
    return category
