"""Loaders of municipalities, parties and their members."""

from __future__ import annotations

from graph.loaders.base import KeyLoader, PageLoader, VisibleKeyLoader, VisiblePageLoader
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, Municipality, Party


class MunicipalityByIdLoader(KeyLoader[int, Municipality | None]):
    fetch = parties.municipalities_by_ids


class PartyByIdLoader(KeyLoader[int, Party | None]):
    fetch = parties.parties_by_ids


class MemberByIdLoader(VisibleKeyLoader[int, Member | None]):
    fetch = parties.members_by_ids


class PartiesByMunicipalityLoader(PageLoader[Party]):
    fetch = parties.parties_of_municipalities


class MembersByPartyLoader(VisiblePageLoader[Member]):
    fetch = parties.members_of_parties


class PendingMembersByPartyLoader(VisiblePageLoader[Member]):
    fetch = parties.pending_members_of_parties


class PartyByUserIdLoader(KeyLoader[int, Party | None]):
    """The party of which a user is a verified member."""

    fetch = parties.verified_parties_of_users
