"""Where people read content on the public website: the addresses feeds, oEmbed and
the API hand out, and the way back from such an address to the content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from kennispunt.settings import origin_of

ARTICLES_PATH = "/kennisbank/"
TRAININGS_PATH = "/trainingen/"

ContentKind = Literal["article", "training"]


@dataclass(frozen=True)
class Links:
    site_url: str
    """``scheme://host[/prefix]`` of the website, without a trailing slash."""

    def article(self, slug: str) -> str:
        return f"{self.site_url}{ARTICLES_PATH}{slug}"

    def training(self, slug: str) -> str:
        return f"{self.site_url}{TRAININGS_PATH}{slug}"

    def resolve(self, url: str) -> tuple[ContentKind, str] | None:
        """``("article", slug)`` or ``("training", slug)`` for an address on this website."""
        site = urlsplit(self.site_url)
        parts = urlsplit(url.strip())
        if origin_of(url.strip()) != origin_of(self.site_url):
            return None
        path = parts.path
        prefix = site.path.rstrip("/")
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
        for kind, base in (("article", ARTICLES_PATH), ("training", TRAININGS_PATH)):
            if path.startswith(base):
                slug = unquote(path[len(base) :]).strip("/")
                if slug and "/" not in slug:
                    return kind, slug  # type: ignore[return-value]
        return None
