"""Global IDs of the forum in mutation input."""

from __future__ import annotations

from graph.ids import read_id, read_id_of


def thread_id(value: str) -> int:
    return read_id(value, "Thread", ("thread_id",))


def reply_id(value: str) -> int:
    return read_id(value, "Reply", ("reply_id",))


def category_id(value: str, field: str = "category_id") -> int:
    return read_id(value, "ForumCategory", (field,))


def post(value: str) -> dict[str, int]:
    """A reported post: ``{"thread_id": ...}`` for an opening post, ``{"reply_id": ...}`` for a reply."""
    decoded = read_id_of(value, ("Thread", "Reply"), ("post_id",))
    return {"thread_id" if decoded.type_name == "Thread" else "reply_id": decoded.pk}
