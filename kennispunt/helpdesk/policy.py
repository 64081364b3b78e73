"""Who may see and handle tickets.

Helpdesk staff (HELPDESK or ADMIN) see every ticket and every message. A ticket's
requester sees it, and so do the VERIFIED chair and secretary of the party it was asked
for. **Internal notes are for helpdesk staff only**: to everyone else they do not exist,
not in lists, not in counts, not by ID, not in search, not in live events. Queries,
mutations, `node`, search and subscriptions all decide through the functions here.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from kennispunt.accounts.models import StaffRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.helpdesk.models import Ticket, TicketMessage

HELPDESK_ROLES = (StaffRole.HELPDESK, StaffRole.ADMIN)

TICKET_SEARCH_KIND = "ticket"
"""A ticket's subject."""
MESSAGE_SEARCH_KIND = "ticket_message"
"""A public message."""
NOTE_SEARCH_KIND = "ticket_note"
"""An internal note: indexed apart, so that only staff searches can match it."""


def is_helpdesk_staff(viewer: Viewer) -> bool:
    return viewer.has_role(*HELPDESK_ROLES)


def can_open_ticket(viewer: Viewer) -> bool:
    """Anyone signed in may ask the helpdesk (also before they belong to a party)."""
    return viewer.is_authenticated


def can_see_ticket(viewer: Viewer, ticket: Ticket) -> bool:
    if is_helpdesk_staff(viewer):
        return True
    if not viewer.is_authenticated:
        return False
    return ticket.requester_id == viewer.user_id or (
        ticket.party_id is not None and ticket.party_id in viewer.deciding_party_ids
    )


def visible_tickets(viewer: Viewer) -> ColumnElement[bool]:
    """`can_see_ticket` in SQL."""
    if is_helpdesk_staff(viewer):
        return true()
    if not viewer.is_authenticated:
        return false()
    own = Ticket.requester_id == viewer.user_id
    if not viewer.deciding_party_ids:
        return own
    return or_(own, Ticket.party_id.in_(sorted(viewer.deciding_party_ids)))


def shows_internal_notes(viewer: Viewer) -> bool:
    """The one rule about internal notes."""
    return is_helpdesk_staff(viewer)


def can_see_message(viewer: Viewer, message: TicketMessage, ticket: Ticket | None = None) -> bool:
    """Whether the viewer may see a message of a ticket they may see (pass ``ticket`` to
    have that checked too)."""
    if ticket is not None and not can_see_ticket(viewer, ticket):
        return False
    return not message.is_internal or shows_internal_notes(viewer)


def visible_messages(viewer: Viewer) -> ColumnElement[bool]:
    """`can_see_message` in SQL, including the visibility of the message's ticket."""
    if is_helpdesk_staff(viewer):
        return true()
    if not viewer.is_authenticated:
        return false()
    return and_(
        TicketMessage.is_internal.is_(False),
        TicketMessage.ticket_id.in_(select(Ticket.id).where(visible_tickets(viewer))),
    )


def searchable_kinds(viewer: Viewer) -> tuple[str, ...]:
    """What a ticket search may match: internal notes only for those who may read them."""
    kinds = (TICKET_SEARCH_KIND, MESSAGE_SEARCH_KIND)
    return (*kinds, NOTE_SEARCH_KIND) if shows_internal_notes(viewer) else kinds


def can_reply(viewer: Viewer, ticket: Ticket) -> bool:
    """The requester and helpdesk staff write on a ticket; the party's board reads along."""
    return is_helpdesk_staff(viewer) or (viewer.is_authenticated and ticket.requester_id == viewer.user_id)


def can_handle_tickets(viewer: Viewer) -> bool:
    """Internal notes, assignment, status, priority, phone calls, articles from tickets."""
    return is_helpdesk_staff(viewer)


def can_rate(viewer: Viewer, ticket: Ticket) -> bool:
    return viewer.is_authenticated and ticket.requester_id == viewer.user_id


def can_log_on_behalf(viewer: Viewer) -> bool:
    """Open a ticket or add a message for someone else (a phone call)."""
    return is_helpdesk_staff(viewer)
