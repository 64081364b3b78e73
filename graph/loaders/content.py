"""Loaders of topics and articles."""

from __future__ import annotations

from graph.loaders.base import KeyLoader, VisibleKeyLoader
from kennispunt.content import service as content
from kennispunt.content.models import Article, Topic


class TopicByIdLoader(KeyLoader[int, Topic | None]):
    fetch = content.topics_by_ids


class ArticleByIdLoader(VisibleKeyLoader[int, Article | None]):
    fetch = content.articles_by_ids
