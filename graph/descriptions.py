"""Descriptions that several types share, so that they say the same thing the same way."""

from __future__ import annotations

SLUG = "The name in its web address: lowercase letters, digits and hyphens, unique among its kind."
NEW_SLUG = "Lowercase letters, digits and hyphens, at most 120 characters, not yet in use."
EVENT_CURSOR = "Opaque; pass as `after` to resume after this event."
