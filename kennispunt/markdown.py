"""Markdown written by people: checked as it is written (`check`), rendered to HTML that
is safe to put on a page (`render`)."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from kennispunt.errors import Checks, FieldPath

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML is parsed (not shown as text) so that nh3 strips what is not allowed:
    # a `<script>` disappears with its content, `<b onclick>` keeps only its text.
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])


def check(checks: Checks, field: FieldPath, value: str, *, max_length: int) -> str:
    """Markdown as written: checked like text, but leading indentation means something
    there, so only blank lines before it and whitespace after it are dropped."""
    checks.text(field, value, max_length=max_length)
    return value.lstrip("\r\n").rstrip()


def render(markdown: str) -> str:
    html = _parser().render(markdown)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
