"""The helpdesk's commands and queries, the ones the API, the CLI, the mail intake and the
tests call (see "Domain packages" in DEVELOPERS.md); they are written in:

- `kennispunt.helpdesk.opening`: opening tickets (numbers);
- `kennispunt.helpdesk.tickets`: assignment, status, priority, rating, automatic closing;
- `kennispunt.helpdesk.messages`: replies and the workflow they drive, internal notes,
  phone calls, attached articles;
- `kennispunt.helpdesk.knowledge`: draft articles from resolved tickets;
- `kennispunt.helpdesk.reading`: lists, messages, search;
- `kennispunt.helpdesk.rules`: first-response targets and the closing time;
- `kennispunt.helpdesk.checks`: the checks they share (signed in, staff, the ticket);
- `kennispunt.helpdesk.events`: the outbox events they record (`TicketEventKind`);
- `kennispunt.helpdesk.rules`: first-response targets and the closing time;
- `kennispunt.helpdesk.policy`: who sees what.
"""

from __future__ import annotations

from kennispunt.helpdesk.checks import require_signed_in, require_staff
from kennispunt.helpdesk.events import SUBJECT, TicketEventKind
from kennispunt.helpdesk.knowledge import draft_article_from_ticket, strip_personal_data
from kennispunt.helpdesk.messages import (
    add_internal_note,
    log_phone_call,
    message_from_email,
    note_email_source,
    reply_to_ticket,
)
from kennispunt.helpdesk.opening import NUMBER_PATTERN, SUBJECT_MAX, open_ticket
from kennispunt.helpdesk.reading import (
    TicketFilter,
    TicketOrder,
    articles_of_messages,
    messages_by_ids,
    messages_of_tickets,
    ticket_by_number,
    tickets_by_ids,
    tickets_page,
    visible_ticket_by_number,
)
from kennispunt.helpdesk.rules import effective_closed_at, effective_status, is_overdue
from kennispunt.helpdesk.tickets import (
    assign_ticket,
    close_resolved_tickets,
    rate_ticket,
    set_ticket_priority,
    set_ticket_status,
)

__all__ = [
    "NUMBER_PATTERN",
    "SUBJECT",
    "SUBJECT_MAX",
    "TicketEventKind",
    "TicketFilter",
    "TicketOrder",
    "add_internal_note",
    "articles_of_messages",
    "assign_ticket",
    "close_resolved_tickets",
    "draft_article_from_ticket",
    "effective_closed_at",
    "effective_status",
    "is_overdue",
    "log_phone_call",
    "message_from_email",
    "messages_by_ids",
    "messages_of_tickets",
    "note_email_source",
    "open_ticket",
    "rate_ticket",
    "reply_to_ticket",
    "require_signed_in",
    "require_staff",
    "set_ticket_priority",
    "set_ticket_status",
    "strip_personal_data",
    "ticket_by_number",
    "tickets_by_ids",
    "tickets_page",
    "visible_ticket_by_number",
]
