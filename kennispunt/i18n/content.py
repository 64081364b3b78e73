"""Messages of content: articles, feeds and oEmbed (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # content
    "article.already_published": ("Dit artikel is al gepubliceerd.", "This article is already published."),
    "article.already_archived": ("Dit artikel is al gearchiveerd.", "This article is already archived."),
    # feeds and oEmbed (syndication/)
    "feed.articles.title": ("Kennispunt — artikelen", "Kennispunt — articles"),
    "feed.topic.title": ("Kennispunt — {topic}", "Kennispunt — {topic}"),
    "calendar.name": ("Kennispunt — trainingen", "Kennispunt — trainings"),
    "calendar.description": (
        "Trainingen en cursussen van Kennispunt lokale politieke partijen",
        "Trainings and courses of Kennispunt lokale politieke partijen",
    ),
    "calendar.part": ("deel {index} van {count}", "part {index} of {count}"),
    "calendar.format.in_person": ("Op locatie", "In person"),
    "calendar.format.online": ("Online", "Online"),
    "calendar.format.e_learning": ("E-learning", "E-learning"),
    "oembed.url_required": (
        "Geef met de parameter url het adres van een pagina op.",
        "Give the address of a page in the url parameter.",
    ),
    "oembed.url_invalid": (
        "De parameter url is geen leesbaar webadres.",
        "The url parameter is not a readable web address.",
    ),
    "oembed.format_unsupported": (
        "Alleen het formaat json wordt ondersteund.",
        "Only the json format is supported.",
    ),
    "oembed.size_invalid": (
        "maxwidth en maxheight moeten positieve gehele getallen zijn.",
        "maxwidth and maxheight must be positive whole numbers.",
    ),
    "oembed.not_found": (
        "Op dit adres staat geen openbaar artikel of openbare training van Kennispunt.",
        "There is no public Kennispunt article or training at this address.",
    ),
}
