"""Every message key the code uses exists in both languages, with the same placeholders.

Keys are found by scanning the source: every string literal in a key's shape (``ticket.closed``)
whose first part names a group of messages, and every key built at run time (an f-string or
``"prefix." + value`` with such a first part), which must be listed in `BUILT_KEYS` with the
values it can take. A key that is missing, or a new place that builds keys, fails here
instead of becoming a masked 500."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from kennispunt.i18n import MESSAGES
from kennispunt.notifications.models import NotificationKind
from kennispunt.parties.models import MemberRole
from kennispunt.trainings.models import TrainingFormat

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("kennispunt", "graph", "auth", "realtime", "syndication")
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
GROUPS = {key.split(".")[0] for key in MESSAGES if "." in key}
NOT_KEYS = {
    # literals in a key's shape that are no message keys
    "mail.log",  # aiosmtpd's logger
    "notification.created",  # an outbox event kind
    "registration.confirmed",  # outbox event kinds of trainings (TrainingEventKind)
    "registration.waitlisted",
    "registration.cancelled",
    "registration.promoted",
    "thread.follows",  # per-viewer slots of live events (graph/live/slot_loaders.py)
    "thread.unread",
    "reply.reacted",
    "article.html",  # templates of syndication's pages
    "training.html",
}
KEY_ARGUMENT = {"translate": 0, "not_found": 0, "conflict": 0, "DomainError.of": 1, "checks.add": 1}
"""Functions that take a message key, and where: `translate`, the `DomainError` helpers, `Checks.add`."""
BUILT_KEYS: dict[str, list[str]] = {
    # the constant start of a key built at run time: every value that can follow it
    "notification.": [kind.value for kind in NotificationKind],
    "member.role.": [role.name.lower() for role in MemberRole],
    "calendar.format.": [format_.value for format_ in TrainingFormat],
}


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _in_a_group(text: str) -> bool:
    return text.split(".")[0] in GROUPS


def _literal_keys() -> dict[str, str]:
    found: dict[str, str] = {}
    for path, module in _modules():
        for node in ast.walk(module):
            if isinstance(node, ast.JoinedStr):
                for part in node.values:  # the constant parts of an f-string are no keys of their own
                    part._in_fstring = True  # type: ignore[attr-defined]
        for node in ast.walk(module):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and not getattr(node, "_in_fstring", False)
                and KEY_SHAPE.fullmatch(node.value)
                and _in_a_group(node.value)
                and node.value not in NOT_KEYS
            ):
                found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _built_prefixes() -> dict[str, str]:
    """The constant start of every key built at run time."""
    found: dict[str, str] = {}
    for path, module in _modules():
        for node in ast.walk(module):
            start = None
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                start = node.values[0].value
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant)
                and isinstance(node.left.value, str)
            ):
                start = node.left.value
            if isinstance(start, str) and start.endswith(".") and _in_a_group(start):
                found.setdefault(start, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_key_in_the_code_has_a_message() -> None:
    missing = {key: where for key, where in _literal_keys().items() if key not in MESSAGES}
    assert missing == {}


def test_every_key_built_at_run_time_is_known_with_its_values() -> None:
    built = _built_prefixes()
    assert set(built) == set(BUILT_KEYS), f"list these in BUILT_KEYS: {built}"
    missing = [prefix + value for prefix, values in BUILT_KEYS.items() for value in values]
    assert [key for key in missing if key not in MESSAGES] == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_have_the_same_placeholders(key: str) -> None:
    dutch, english = MESSAGES[key]
    assert dutch.strip() and english.strip()
    assert _placeholders(dutch) == _placeholders(english)


def test_every_key_passed_to_the_error_helpers_and_translate_has_a_message() -> None:
    """Keys of any shape (``internal``), where a message key is expected."""
    passed: dict[str, str] = {}
    for path, module in _modules():
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = getattr(function, "id", "")
            if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
                name = f"{function.value.id}.{function.attr}"
            position = KEY_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                passed.setdefault(argument.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    assert {"ticket.closed", "text.required", "internal"} <= set(passed)  # the scan sees them
    assert {key: where for key, where in passed.items() if key not in MESSAGES} == {}
