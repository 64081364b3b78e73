"""Minimal public pages of an article and a training, so the addresses in feeds and oEmbed
resolve. Rendered with Jinja2 (autoescaping on); ``body_html`` and ``description_html``
are already sanitised on the server and go in as they are. The pages carry oEmbed
discovery and feed links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from kennispunt.content.models import Article, Topic
from kennispunt.db import DISPLAY_TIMEZONE
from kennispunt.trainings.models import TrainingSession
from syndication.sources import TrainingPage

MEDIA_TYPE = "text/html; charset=utf-8"

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class PageLinks:
    page_url: str
    oembed_url: str
    """The oEmbed endpoint, without query."""
    articles_feed_url: str
    calendar_url: str

    @property
    def oembed_json(self) -> str:
        return f"{self.oembed_url}?{urlencode({'url': self.page_url, 'format': 'json'})}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("syndication", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["dutch_date"] = dutch_date
    environment.filters["iso"] = lambda moment: moment.astimezone(DISPLAY_TIMEZONE).isoformat()
    return environment


def dutch_date(moment: datetime) -> str:
    """``dinsdag 12 maart 2030``, in Dutch local time."""
    local = moment.astimezone(DISPLAY_TIMEZONE)
    return f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local.year}"


def session_time(session: TrainingSession) -> str:
    """``dinsdag 12 maart 2030, 19.30–21.30 uur`` (or with both dates when it spans days)."""
    start = session.starts_at.astimezone(DISPLAY_TIMEZONE)
    end = session.ends_at.astimezone(DISPLAY_TIMEZONE)
    if start.date() == end.date():
        return f"{dutch_date(start)}, {start:%H.%M}–{end:%H.%M} uur"
    return f"{dutch_date(start)} {start:%H.%M} uur – {dutch_date(end)} {end:%H.%M} uur"


def article_page(links: PageLinks, article: Article, topic: Topic | None) -> bytes:
    template = _environment().get_template("article.html")
    return template.render(links=links, article=article, topic=topic).encode()


def training_page(links: PageLinks, page: TrainingPage) -> bytes:
    template = _environment().get_template("training.html")
    sessions = [(session, session_time(session)) for session in page.sessions]
    return template.render(links=links, page=page, training=page.training, sessions=sessions).encode()


def embed_example_page(script_url: str, snippet: str, widgets: str) -> bytes:
    """Partners see the snippet and the elements at work (same origin: no key needed)."""
    template = _environment().get_template("embed_example.html")
    return template.render(script_url=script_url, snippet=snippet, widgets=widgets).encode()
