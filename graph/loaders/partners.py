"""Loaders of partner API keys."""

from __future__ import annotations

from graph.loaders.base import VisibleKeyLoader
from kennispunt.partners import service as partners
from kennispunt.partners.models import PartnerKey


class PartnerKeyByIdLoader(VisibleKeyLoader[int, PartnerKey | None]):
    fetch = partners.keys_by_ids
