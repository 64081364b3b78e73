"""Messages shown to people: Dutch by default, English on request.

The messages live beside each other per domain (`kennispunt.i18n.forum`, ...), each a
dict of key: (Dutch, English) with `str.format` placeholders; `tests/test_messages.py`
checks that every key the code uses is there, in both languages with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from kennispunt.i18n import accounts, api, content, forum, helpdesk, partners, privacy, trainings

Language = Literal["nl", "en"]
DEFAULT_LANGUAGE: Language = "nl"


def _merged(*catalogues: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for catalogue in catalogues:
        for key, texts in catalogue.items():
            if key in merged:
                raise ValueError(f"message {key!r} is defined twice")
            merged[key] = texts
    return merged


MESSAGES = _merged(
    api.MESSAGES,
    accounts.MESSAGES,
    content.MESSAGES,
    trainings.MESSAGES,
    forum.MESSAGES,
    helpdesk.MESSAGES,
    partners.MESSAGES,
    privacy.MESSAGES,
)


def translate(key: str, language: Language = DEFAULT_LANGUAGE, **params: object) -> str:
    dutch, english = MESSAGES[key]
    template = english if language == "en" else dutch
    return template.format(**params)


def negotiate_language(accept_language: str | None) -> Language:
    """Pick nl or en from an ``Accept-Language`` header; Dutch unless English is preferred."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, Language] = (0.0, DEFAULT_LANGUAGE)
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("nl", "en"):
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > best[0]:
            best = (quality, "en" if primary == "en" else "nl")
    return best[1]
