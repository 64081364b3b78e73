"""The privacy domain's messages (Dutch, English), merged into `kennispunt.i18n.MESSAGES`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "privacy.internal_notes_staff_only": (
        "Alleen beheerders kunnen interne notities meenemen in een export.",
        "Only admins can include internal notes in an export.",
    ),
}
