"""Messages of partner sites and their keys (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "partner.not_found": ("Deze partnersleutel bestaat niet.", "This partner key does not exist."),
    "partner.origin_invalid": (
        "“{origin}” is geen origin; geef schema en host, zoals https://www.utrecht.nl.",
        "“{origin}” is not an origin; give scheme and host, like https://www.utrecht.nl.",
    ),
    "partner.too_many_origins": ("Geef hoogstens {max} origins.", "Give at most {max} origins."),
    "partner.rate_invalid": (
        "Geef een limiet zoals 1200/minute of 100/second;5000/hour.",
        "Give a limit such as 1200/minute or 100/second;5000/hour.",
    ),
    "partner.invalid_key": (
        "De API-sleutel is onbekend of ingetrokken.",
        "The API key is unknown or revoked.",
    ),
    "partner.origin_not_allowed": (
        "Deze API-sleutel mag niet gebruikt worden vanaf {origin}.",
        "This API key may not be used from {origin}.",
    ),
    "partner.key_with_credentials": (
        "Stuur een API-sleutel of inloggegevens, niet allebei.",
        "Send an API key or credentials, not both.",
    ),
    "partner.public_only": (
        "Met een API-sleutel zijn alleen openbare gegevens op te vragen, niet {fields}.",
        "An API key gives access to public content only, not to {fields}.",
    ),
    "rate_limited": (
        "Te veel verzoeken; probeer het over {seconds} seconden opnieuw.",
        "Too many requests; try again in {seconds} seconds.",
    ),
    "cors.origin_not_allowed": (
        "Pagina's op {origin} mogen deze API niet aanroepen.",
        "Pages on {origin} may not call this API.",
    ),
}
