"""oEmbed (https://oembed.com) answers: a ``rich`` card for an article or training page.

The card is a blockquote with the title linked to the page and the summary: every text
escaped, no script and no style sheet, so that a partner site can place it as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Any

from syndication.sources import EmbedTarget

MEDIA_TYPE = "application/json"
PROVIDER_NAME = "Kennispunt"
DEFAULT_WIDTH = 600
DEFAULT_HEIGHT = 200


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def size_within(max_width: int | None, max_height: int | None) -> Size:
    """The card's size: the default, made smaller where the consumer asks for less."""
    width = min(DEFAULT_WIDTH, max_width) if max_width else DEFAULT_WIDTH
    height = min(DEFAULT_HEIGHT, max_height) if max_height else DEFAULT_HEIGHT
    return Size(width, height)


def card_html(target: EmbedTarget, provider_url: str, size: Size) -> str:
    url = escape(target.url)
    return (
        f'<blockquote class="kennispunt-embed" cite="{url}" style="margin:0;max-width:{size.width}px">'
        f'<p><strong><a href="{url}">{escape(target.title)}</a></strong></p>'
        f"<p>{escape(target.summary)}</p>"
        f'<footer><a href="{escape(provider_url)}">{PROVIDER_NAME}</a></footer>'
        "</blockquote>"
    )


def oembed_document(target: EmbedTarget, provider_url: str, size: Size, cache_age: int) -> dict[str, Any]:
    return {
        "version": "1.0",
        "type": "rich",
        "title": target.title,
        "provider_name": PROVIDER_NAME,
        "provider_url": provider_url,
        "cache_age": cache_age,
        "html": card_html(target, provider_url, size),
        "width": size.width,
        "height": size.height,
    }


def oembed_json(target: EmbedTarget, provider_url: str, size: Size, cache_age: int) -> bytes:
    document = oembed_document(target, provider_url, size, cache_age)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
