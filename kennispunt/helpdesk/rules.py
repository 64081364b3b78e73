"""The helpdesk's clock: first-response targets per priority, the automatic closing of
resolved tickets, and how often one person may open tickets. Made from
the settings (`Rules.from_settings`); each app applies its own (`kennispunt.app_limits`).

Commands apply the environment's (`kennispunt.cli.jobs.connected`); where none are
applied, the defaults hold.

A RESOLVED ticket closes by itself `close_after` after it was resolved. An operator runs
``kennispunt helpdesk close-resolved`` on a schedule to write that down, but nobody has
to wait for it: reads show such a ticket as CLOSED already (`effective_status`), and the
next change to it closes it first.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kennispunt import ratelimit
from kennispunt.helpdesk.models import Ticket, TicketPriority, TicketStatus
from kennispunt.settings import Settings

DEFAULT_CLOSE_AFTER_HOURS = 72.0
DEFAULT_TICKET_RATE = "10/hour;30/day"
DEFAULT_FIRST_RESPONSE_HOURS: Mapping[TicketPriority, float] = {
    TicketPriority.URGENT: 2,
    TicketPriority.HIGH: 8,
    TicketPriority.NORMAL: 24,
    TicketPriority.LOW: 72,
}

WAITING_FOR_STAFF = (TicketStatus.NEW, TicketStatus.OPEN)
"""Statuses in which a missing first response makes a ticket overdue."""
FINISHED = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


def _hours(values: Mapping[TicketPriority, float]) -> dict[TicketPriority, timedelta]:
    return {priority: timedelta(hours=values[priority]) for priority in TicketPriority}


@dataclass(frozen=True)
class Rules:
    close_after: timedelta = timedelta(hours=DEFAULT_CLOSE_AFTER_HOURS)
    first_response: Mapping[TicketPriority, timedelta] = field(
        default_factory=lambda: _hours(DEFAULT_FIRST_RESPONSE_HOURS)
    )
    ticket_rate: tuple[ratelimit.Rule, ...] = field(
        default_factory=lambda: ratelimit.parse(DEFAULT_TICKET_RATE)
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        first_response_hours = {
            TicketPriority.URGENT: settings.helpdesk_response_hours_urgent,
            TicketPriority.HIGH: settings.helpdesk_response_hours_high,
            TicketPriority.NORMAL: settings.helpdesk_response_hours_normal,
            TicketPriority.LOW: settings.helpdesk_response_hours_low,
        }
        return cls(
            timedelta(hours=settings.helpdesk_close_after_hours),
            _hours(first_response_hours),
            ratelimit.parse(settings.helpdesk_ticket_rate),
        )


_rules: ContextVar[Rules | None] = ContextVar("helpdesk_rules", default=None)


@contextmanager
def using(rules: Rules) -> Iterator[None]:
    """Apply ``rules`` in this context (an app's requests, a command's work)."""
    token = _rules.set(rules)
    try:
        yield
    finally:
        _rules.reset(token)


_DEFAULTS = Rules()


def current() -> Rules:
    """The rules applied in this context; the defaults where none are (a test's set-up)."""
    applied = _rules.get()
    return applied if applied is not None else _DEFAULTS


def first_response_due(created_at: datetime, priority: TicketPriority) -> datetime:
    return created_at + current().first_response[priority]


def closing_cutoff(now: datetime) -> datetime:
    """Tickets resolved at or before this moment are closed."""
    return now - current().close_after


def is_due_for_closing(ticket: Ticket, now: datetime) -> bool:
    return (
        ticket.status is TicketStatus.RESOLVED
        and ticket.resolved_at is not None
        and ticket.resolved_at <= closing_cutoff(now)
    )


def automatic_closed_at(ticket: Ticket) -> datetime:
    """When a resolved ticket closes (or closed) by itself."""
    assert ticket.resolved_at is not None
    return ticket.resolved_at + current().close_after


def effective_status(ticket: Ticket, now: datetime) -> TicketStatus:
    return TicketStatus.CLOSED if is_due_for_closing(ticket, now) else ticket.status


def effective_closed_at(ticket: Ticket, now: datetime) -> datetime | None:
    return automatic_closed_at(ticket) if is_due_for_closing(ticket, now) else ticket.closed_at


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    """No first response yet, still waiting for staff, and past its target."""
    return (
        ticket.first_responded_at is None
        and ticket.status in WAITING_FOR_STAFF
        and ticket.first_response_due_at <= now
    )
