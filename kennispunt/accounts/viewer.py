"""Who is calling: the one object every policy decides on."""

from __future__ import annotations

from dataclasses import dataclass, field

from kennispunt.accounts.models import StaffRole


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    roles: frozenset[StaffRole] = field(default_factory=frozenset)
    verified_party_ids: frozenset[int] = field(default_factory=frozenset)
    """Parties of which the viewer is a VERIFIED member."""
    deciding_party_ids: frozenset[int] = field(default_factory=frozenset)
    """Parties where the viewer, as a VERIFIED chair or secretary, decides on memberships."""

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)

    def has_role(self, *roles: StaffRole) -> bool:
        return not self.roles.isdisjoint(roles)

    def is_verified_member_of(self, party_id: int) -> bool:
        return party_id in self.verified_party_ids

    @property
    def is_verified_member(self) -> bool:
        """A VERIFIED member of some party."""
        return bool(self.verified_party_ids)


ANONYMOUS = Viewer()
