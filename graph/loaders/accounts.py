"""Loaders of users and their staff roles."""

from __future__ import annotations

from graph.loaders.base import KeyLoader
from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User


class UserByIdLoader(KeyLoader[int, User | None]):
    fetch = accounts.users_by_ids


class StaffRolesByUserIdLoader(KeyLoader[int, list[StaffRole]]):
    fetch = accounts.roles_by_user_ids
    default: list[StaffRole] = []
