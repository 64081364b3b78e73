"""Who may see which members of which party.

Municipalities and party profiles are public. Member lists are visible to verified
members of that party and to staff; to anyone else a party has no visible members.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true

from kennispunt.accounts.viewer import Viewer
from kennispunt.parties.models import Member, MemberStatus


def can_see_members_of(viewer: Viewer, party_id: int) -> bool:
    return viewer.is_staff or viewer.is_verified_member_of(party_id)


def listed_members(viewer: Viewer) -> ColumnElement[bool]:
    """Members shown in a party's member list: verified ones, where the viewer may look."""
    if viewer.is_staff:
        return Member.status == MemberStatus.VERIFIED
    if not viewer.verified_party_ids:
        return false()
    return (Member.status == MemberStatus.VERIFIED) & Member.party_id.in_(viewer.verified_party_ids)


def visible_members(viewer: Viewer) -> ColumnElement[bool]:
    """A membership by ID: the member themselves, fellow verified members, staff."""
    if viewer.is_staff:
        return true()
    if not viewer.is_authenticated:
        return false()
    own = Member.user_id == viewer.user_id
    if not viewer.verified_party_ids:
        return own
    fellow = (Member.status == MemberStatus.VERIFIED) & Member.party_id.in_(viewer.verified_party_ids)
    return or_(own, fellow)
