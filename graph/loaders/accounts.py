"""Loaders of users and their staff roles."""

from __future__ import annotations

from typing import ClassVar

from graph.loaders.base import KeyLoader, VisibleKeyLoader
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User


class UserByIdLoader(KeyLoader[int, User | None]):
    fetch = accounts.users_by_ids


class VisibleUserByIdLoader(VisibleKeyLoader[int, User | None]):
    """A user looked up by ID (`node`): themselves and staff only; authors are reached through
    what they wrote (`UserByIdLoader`)."""

    fetch = accounts.visible_users_by_ids


class StaffRolesByUserIdLoader(VisibleKeyLoader[int, list[StaffRole]]):
    """Staff roles as far as the viewer may see them (empty for others)."""

    fetch = accounts.visible_roles_by_user_ids
    default: ClassVar[list[StaffRole]] = []
