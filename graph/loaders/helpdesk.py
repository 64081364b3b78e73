"""Loaders of helpdesk tickets, their messages and the articles linked in answers."""

from __future__ import annotations

from typing import ClassVar

from graph.loaders.base import VisibleKeyLoader, VisiblePageLoader
from kennispunt.content.models import Article
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage


class TicketByIdLoader(VisibleKeyLoader[int, Ticket | None]):
    fetch = helpdesk.tickets_by_ids


class TicketMessageByIdLoader(VisibleKeyLoader[int, TicketMessage | None]):
    fetch = helpdesk.messages_by_ids


class MessagesByTicketLoader(VisiblePageLoader[TicketMessage]):
    fetch = helpdesk.messages_of_tickets


class ArticlesByMessageIdLoader(VisibleKeyLoader[int, list[Article]]):
    fetch = helpdesk.articles_of_messages
    default: ClassVar[list[Article]] = []
