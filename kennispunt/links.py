"""Where people read content on the public website: the addresses feeds, oEmbed and
the API hand out, and the way back from such an address to the content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from kennispunt.errors import SLUG_PATTERN
from kennispunt.urls import origin_of, split_url

ARTICLES_PATH = "/kennisbank/"
TRAININGS_PATH = "/trainingen/"

ContentKind = Literal["article", "training"]
_PATHS: tuple[tuple[ContentKind, str], ...] = (("article", ARTICLES_PATH), ("training", TRAININGS_PATH))


@dataclass(frozen=True)
class Links:
    site_url: str
    """``scheme://host[/prefix]`` of the website, without a trailing slash."""

    def article(self, slug: str) -> str:
        return f"{self.site_url}{ARTICLES_PATH}{slug}"

    def training(self, slug: str) -> str:
        return f"{self.site_url}{TRAININGS_PATH}{slug}"

    def resolve(self, url: str) -> tuple[ContentKind, str] | None:
        """``("article", slug)`` or ``("training", slug)`` for an address on this website;
        None for anything else, also for text that is no address at all."""
        site, parts = split_url(self.site_url), split_url(url.strip())
        if site is None or parts is None or origin_of(url.strip()) != origin_of(self.site_url):
            return None
        path = parts.path
        prefix = site.path.rstrip("/")
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix) :]
        for kind, base in _PATHS:
            if path.startswith(base):
                slug = unquote(path[len(base) :]).strip("/")
                if SLUG_PATTERN.fullmatch(slug):  # what a slug can be; no lookup for anything else
                    return kind, slug
        return None
