"""From a resolved ticket to knowledge: a draft article for the editors, made of the
question and the public answers, with personal data taken out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import service as content
from kennispunt.content.models import Article
from kennispunt.db import utcnow
from kennispunt.errors import conflict, not_found
from kennispunt.helpdesk import rules
from kennispunt.helpdesk.checks import require_staff
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.helpdesk.opening import NUMBER_PATTERN

NAME, EMAIL, PHONE, TICKET = "[naam]", "[e-mailadres]", "[telefoonnummer]", "[ticketnummer]"
FALLBACK_TITLE = "Vraag aan de helpdesk"

EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_PATTERN = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)\d{2,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){6,11}"  # +31 6 12345678, 0031 (0)30 ...
    r"|\(?0\d{1,3}\)?[\s.-]?\d(?:[\s.-]?\d){5,8}"  # 06-12345678, (030) 123 45 67
    r")(?!\w)"
)
PHONE_DIGITS = range(9, 16)
"""A Dutch number has ten digits, an international one more; fewer is a date or an amount."""
NAME_PARTICLES = frozenset(
    {"de", "den", "der", "van", "von", "het", "ter", "ten", "te", "la", "le", "el", "al", "da", "di", "du"}
    | {"op", "in", "'t", "bin"}
)
"""Parts of a name that are ordinary words too, so not replaced on their own."""


def strip_personal_data(text: str, names: Iterable[str]) -> str:
    """``text`` with e-mail addresses, phone numbers, ticket numbers and the given people's
    names replaced by placeholders.

    Full names and surnames with a particle ("de Vries") are found in any case; a single
    first or last name only capitalised as names are written, so that "bos" (a wood)
    stays while "Bos" goes: better one word too many taken out than a name left in.
    """
    text = EMAIL_PATTERN.sub(EMAIL, text)
    text = NUMBER_PATTERN.sub(TICKET, text)
    text = PHONE_PATTERN.sub(_phone, text)
    full_names = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len, reverse=True)
    surnames = {name.split(maxsplit=1)[1] for name in full_names if len(name.split()) > 2}
    for name in sorted({*full_names, *surnames}, key=len, reverse=True):  # "Jan de Vries", then "de Vries"
        words = r"\s+".join(re.escape(word) for word in name.split())
        text = re.sub(rf"(?<!\w){words}(?!\w)", NAME, text, flags=re.IGNORECASE)
    parts = {
        word
        for name in full_names
        for word in name.split()
        if len(word) > 1 and word.casefold() not in NAME_PARTICLES
    }
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", NAME, text)  # as written: names are capitalised
    return text


def _phone(match: re.Match[str]) -> str:
    digits = sum(character.isdigit() for character in match.group(0))
    return PHONE if digits in PHONE_DIGITS else match.group(0)


async def draft_article_from_ticket(
    session: AsyncSession, viewer: Viewer, ticket_id: int, topic_id: int
) -> Article:
    """Helpdesk staff turn a resolved or closed ticket into a DRAFT article in ``topic_id``:
    the requester's question and the public answers (never internal notes), without
    names, e-mail addresses, phone numbers or the ticket number. Editors take it from there.
    """
    require_staff(viewer)
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise not_found("ticket.not_found", ("ticket_id",))
    if rules.effective_status(ticket, utcnow()) not in rules.FINISHED:
        raise conflict("ticket.not_resolved", ("ticket_id",))
    messages = list(
        await session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket.id, TicketMessage.is_internal.is_(False))
            .order_by(TicketMessage.created_at, TicketMessage.id)
        )
    )
    question = [message.body for message in messages if message.author_id == ticket.requester_id]
    answers = [message.body for message in messages if message.author_id != ticket.requester_id]
    if not answers:
        raise conflict("ticket.no_answer", ("ticket_id",))
    people = {ticket.requester_id, *(m.author_id for m in messages), *(m.logged_by_id for m in messages)}
    if ticket.assignee_id is not None:
        people.add(ticket.assignee_id)
    names = list(
        await session.scalars(
            select(User.display_name).where(User.id.in_([p for p in people if p is not None]))
        )
    )
    title = strip_personal_data(ticket.subject, names).strip() or FALLBACK_TITLE
    body = "\n\n".join(["## Vraag", *question, "## Antwoord", *answers])
    # Helpdesk staff write this one draft for the editors; publishing stays with them.
    drafting = replace(viewer, roles=viewer.roles | {StaffRole.EDITOR})
    return await content.create_article(
        session,
        drafting,
        title=title,
        summary=f"Uit de helpdesk: {title}"[: content.SUMMARY_MAX],
        body=strip_personal_data(body, names),
        topic_id=topic_id,
    )
