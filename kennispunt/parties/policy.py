"""Who may see which members of which party, and who decides on memberships.

Municipalities and party profiles are public. Member lists are visible to verified
members of that party and to staff; to anyone else a party has no visible members.
A membership request is decided by a VERIFIED chair or secretary of that party, or by
an admin; they alone see the party's pending requests.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.parties.models import Member, MemberRole, MemberStatus

DECIDING_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY})
"""Verified members in these roles approve, reject and revoke their party's memberships."""


def can_request_membership(viewer: Viewer) -> bool:
    return viewer.is_authenticated


def can_decide(viewer: Viewer, party_id: int) -> bool:
    """Approve, reject or revoke memberships of this party."""
    return viewer.has_role(StaffRole.ADMIN) or party_id in viewer.deciding_party_ids


def can_decide_on(viewer: Viewer, member: Member) -> bool:
    """A decider of the member's party, but not on their own membership unless an admin."""
    if not can_decide(viewer, member.party_id):
        return False
    return member.user_id != viewer.user_id or viewer.has_role(StaffRole.ADMIN)


def listed_members(viewer: Viewer) -> ColumnElement[bool]:
    """Members shown in a party's member list: verified ones, where the viewer may look."""
    if viewer.is_staff:
        return Member.status == MemberStatus.VERIFIED
    if not viewer.verified_party_ids:
        return false()
    return (Member.status == MemberStatus.VERIFIED) & Member.party_id.in_(viewer.verified_party_ids)


def pending_members(viewer: Viewer) -> ColumnElement[bool]:
    """Requests waiting for a decision, for those who decide on them."""
    if viewer.has_role(StaffRole.ADMIN):
        return Member.status == MemberStatus.PENDING
    if not viewer.deciding_party_ids:
        return false()
    return (Member.status == MemberStatus.PENDING) & Member.party_id.in_(viewer.deciding_party_ids)


def visible_members(viewer: Viewer) -> ColumnElement[bool]:
    """A membership by ID: the member themselves, fellow verified members, the party's
    deciders (every status: they decided on it), staff."""
    if viewer.is_staff:
        return true()
    if not viewer.is_authenticated:
        return false()
    conditions = [Member.user_id == viewer.user_id]
    if viewer.verified_party_ids:
        conditions.append(
            (Member.status == MemberStatus.VERIFIED) & Member.party_id.in_(viewer.verified_party_ids)
        )
    if viewer.deciding_party_ids:
        conditions.append(Member.party_id.in_(viewer.deciding_party_ids))
    return or_(*conditions)
