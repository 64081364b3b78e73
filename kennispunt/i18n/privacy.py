"""Messages of personal data: export, erasure and retention."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "privacy.erased_user": ("Verwijderde gebruiker", "Deleted user"),
    "privacy.internal_notes_staff_only": (
        "Alleen beheerders kunnen interne notities meenemen in een export.",
        "Only admins can include internal notes in an export.",
    ),
    "privacy.confirmation_mismatch": (
        "Typ het e-mailadres van het account om het verwijderen te bevestigen.",
        "Type the account's e-mail address to confirm the erasure.",
    ),
}
