"""Messages of trainings and registrations (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "training.already_published": (
        "Deze training is al gepubliceerd.",
        "This training is already published.",
    ),
    "training.already_archived": ("Deze training is al gearchiveerd.", "This training is already archived."),
    "training.archive_draft": (
        "Een concept kun je niet archiveren: het is nooit gepubliceerd.",
        "A draft cannot be archived: it was never published.",
    ),
    "training.members_only": (
        "Alleen geverifieerde leden van een lokale partij kunnen zich inschrijven.",
        "Only verified members of a local party can register.",
    ),
    "training.not_open": (
        "Voor deze training kun je je niet inschrijven.",
        "This training is not open for registration.",
    ),
    "training.closed": (
        "De inschrijving voor deze training is gesloten.",
        "Registration for this training has closed.",
    ),
    "training.already_registered": (
        "Je bent al ingeschreven voor deze training.",
        "You are already registered for this training.",
    ),
    "registration.already_cancelled": (
        "Deze inschrijving is al geannuleerd.",
        "This registration has already been cancelled.",
    ),
    "registration.training_started": (
        "Deze training is al begonnen; annuleren kan niet meer.",
        "This training has already started; it can no longer be cancelled.",
    ),
    "training.sessions.required": ("Geef minstens één bijeenkomst op.", "Give at least one session."),
    "training.sessions.too_many": ("Geef hoogstens {max} bijeenkomsten op.", "Give at most {max} sessions."),
    "training.session.ends_before_start": (
        "Het einde moet na het begin liggen.",
        "The end must be after the start.",
    ),
    "training.session.overlap": (
        "Bijeenkomsten mogen elkaar niet overlappen.",
        "Sessions may not overlap.",
    ),
    "training.deadline.after_start": (
        "De inschrijfdeadline ligt uiterlijk bij het begin van de eerste bijeenkomst.",
        "The registration deadline is at the latest the start of the first session.",
    ),
    "training.location.required": (
        "Geef een locatie op voor een training op locatie.",
        "Give a location for an in-person training.",
    ),
}
