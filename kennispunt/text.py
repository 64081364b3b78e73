"""Text people read: what counts as visible, and the characters titles and names may not carry.

*Invisible* characters draw nothing: whitespace, control characters and Unicode's default
ignorable code points (zero-width spaces and joiners U+200B–U+200D, word joiner U+2060,
the byte order mark U+FEFF, the soft hyphen U+00AD, Hangul fillers, variation selectors,
tags, ...), plus the blank Braille pattern U+2800 that passes for a space. A required text
must contain at least one character that is not invisible.

*Bidirectional controls* (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069)
reorder the text around them: in a title, a name or a subject they can make text read
as something else ("Trojan Source"). Titles, names and subjects lose them (`clean_title`);
the marks U+200E, U+200F and U+061C, which reorder nothing, stay.
"""

from __future__ import annotations

from typing import cast

import regex  # no types: what its patterns' `sub` returns is cast to str

_INVISIBLE = r"\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\u2800"
_INVISIBLE_CHARACTERS = regex.compile(f"[{_INVISIBLE}]+")
_INVISIBLE_EDGES = regex.compile(f"^[{_INVISIBLE}]+|[{_INVISIBLE}]+$")
BIDI_CONTROLS = regex.compile(r"[\u202a-\u202e\u2066-\u2069]")
_UNSTORABLE = regex.compile(r"\x00|[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` as a database can hold it: without NUL (PostgreSQL refuses it), and with a
    lone surrogate (what the e-mail parser makes of undecodable header bytes) as U+FFFD."""
    return cast(str, _UNSTORABLE.sub(lambda match: "" if match.group() == "\x00" else "\ufffd", text))


def visible(text: str) -> str:
    """``text`` without its invisible characters: what a reader actually sees of it."""
    return cast(str, _INVISIBLE_CHARACTERS.sub("", text))


def has_visible_text(text: str) -> bool:
    return bool(visible(text))


def clean_title(text: str) -> str:
    """A title, name or subject as stored: without bidirectional controls, and without
    invisible characters (or whitespace) at either end. Inside, joiners (emoji), soft
    hyphens and the like stay where the writer put them."""
    return cast(str, _INVISIBLE_EDGES.sub("", BIDI_CONTROLS.sub("", text)))
