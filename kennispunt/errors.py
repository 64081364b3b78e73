"""Expected failures of the domain: validation, permission, conflicts.

Services raise `DomainError` with one or more `Problem`s; the API turns them into
payload ``errors`` in the caller's language. Message texts live in `kennispunt.i18n`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum
from typing import TYPE_CHECKING, Any

from kennispunt.text import clean_title, has_visible_text, visible
from kennispunt.urls import is_web_address

if TYPE_CHECKING:
    from kennispunt.accounts.viewer import Viewer


class ErrorCode(Enum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    message_key: str
    field: FieldPath | None = None
    params: Mapping[str, Any] = dataclass_field(default_factory=dict)


class DomainError(Exception):
    """An expected failure: in a mutation's payload ``errors``, elsewhere a top-level error
    whose ``extensions`` carry the code (and ``extensions`` given here, e.g. a cost and its limit)."""

    def __init__(self, *problems: Problem, extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(", ".join(p.message_key for p in problems))
        self.problems = problems
        self.extensions: Mapping[str, Any] = extensions or {}

    @classmethod
    def of(
        cls,
        code: ErrorCode,
        message_key: str,
        field: FieldPath | None = None,
        *,
        extensions: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> DomainError:
        return cls(Problem(code, message_key, field, params), extensions=extensions)


def not_found(message_key: str, field: FieldPath | None = None) -> DomainError:
    return DomainError.of(ErrorCode.NOT_FOUND, message_key, field)


def forbidden() -> DomainError:
    return DomainError.of(ErrorCode.FORBIDDEN, "auth.forbidden")


def unauthenticated() -> DomainError:
    return DomainError.of(ErrorCode.UNAUTHENTICATED, "auth.required")


def refused(viewer: Viewer) -> DomainError:
    """The one refusal of a rule: FORBIDDEN to someone signed in, else UNAUTHENTICATED (sign in first)."""
    return forbidden() if viewer.is_authenticated else unauthenticated()


def conflict(message_key: str, field: FieldPath | None = None, **params: Any) -> DomainError:
    return DomainError.of(ErrorCode.CONFLICT, message_key, field, **params)


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Checks:
    """Collects every input problem of one request, so a form shows them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, field: FieldPath, message_key: str, code: ErrorCode = ErrorCode.BAD_USER_INPUT, **params: Any
    ) -> None:
        self.problems.append(Problem(code, message_key, field, params))

    def text(self, field: FieldPath, value: str, *, min_length: int = 1, max_length: int) -> str:
        """Strip the value and check its length; returns the stripped value.

        A required text needs something a reader can see: one of only invisible
        characters (zero-width spaces, a byte order mark, soft hyphens) counts as empty,
        and ``min_length`` counts visible characters (`kennispunt.text`).
        """
        return self._checked(field, value, value.strip(), min_length=min_length, max_length=max_length)

    def title(self, field: FieldPath, value: str, *, min_length: int = 1, max_length: int) -> str:
        """`text` for titles, names and subjects: bidirectional controls are removed, and so
        are invisible characters at either end (`kennispunt.text.clean_title`)."""
        return self._checked(field, value, clean_title(value), min_length=min_length, max_length=max_length)

    def _checked(
        self, field: FieldPath, value: str, cleaned: str, *, min_length: int, max_length: int
    ) -> str:
        if min_length > 0 and not has_visible_text(cleaned):
            self.add(field, "text.invisible" if value.strip() else "text.required")
        elif len(visible(cleaned)) < min_length:
            self.add(field, "text.too_short", min=min_length)
        elif len(cleaned) > max_length:
            self.add(field, "text.too_long", max=max_length)
        return cleaned

    def optional_text(self, field: FieldPath, value: str | None, *, max_length: int) -> str | None:
        if value is None:
            return None
        cleaned = self.text(field, value, min_length=0, max_length=max_length)
        return cleaned or None

    def number(self, field: FieldPath, value: int, *, minimum: int, maximum: int) -> int:
        if not minimum <= value <= maximum:
            self.add(field, "number.range", min=minimum, max=maximum)
        return value

    def slug(self, field: FieldPath, value: str) -> str:
        cleaned = value.strip()
        if not SLUG_PATTERN.fullmatch(cleaned) or len(cleaned) > 120:
            self.add(field, "slug.invalid")
        return cleaned

    def url(self, field: FieldPath, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        cleaned = value.strip()
        well_formed = re.fullmatch(r"https?://[^\s/$.?#][^\s]*", cleaned) and is_web_address(cleaned)
        if not well_formed or len(cleaned) > 300:
            self.add(field, "url.invalid")
        return cleaned

    def raise_if_any(self) -> None:
        if self.problems:
            raise DomainError(*self.problems)
