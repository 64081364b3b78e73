"""The e-mail a requester gets when staff answer their ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from kennispunt.db import DISPLAY_TIMEZONE
from kennispunt.i18n import translate

REPLY_ABOVE_MARKER = "##- Typ je antwoord boven deze regel -##"
"""Opens every outgoing mail; the intake drops it and everything below it from a reply."""


@dataclass(frozen=True)
class TicketReply:
    """What the mail says: plain values, read from the ticket and message at sending time."""

    ticket_id: int
    ticket_number: str
    ticket_subject: str
    message_id: int
    body: str
    author_name: str
    requester_name: str
    recipient: str


def mail_subject(ticket_number: str, ticket_subject: str) -> str:
    return f"[{ticket_number}] {ticket_subject}"


def mail_domain(sender: str) -> str:
    """The domain of the helpdesk address, for Message-IDs."""
    return parseaddr(sender)[1].rpartition("@")[2] or "kennispunt.invalid"


def thread_id(ticket_id: int, domain: str) -> str:
    """The Message-ID every mail about one ticket refers to, so mail clients thread them."""
    return f"<kp.ticket-{ticket_id}@{domain}>"


def message_id(ticket_id: int, ticket_message_id: int, domain: str) -> str:
    """One reply's Message-ID: the same on every attempt, so a resent mail is recognisably the same."""
    return f"<kp.ticket-{ticket_id}.message-{ticket_message_id}@{domain}>"


def ticket_reply_mail(reply: TicketReply, sender: str) -> EmailMessage:
    domain = mail_domain(sender)
    mail = EmailMessage()
    mail["From"] = sender
    mail["Reply-To"] = sender
    mail["To"] = formataddr((reply.requester_name, reply.recipient))
    mail["Subject"] = mail_subject(reply.ticket_number, reply.ticket_subject)
    mail["Date"] = format_datetime(datetime.now(DISPLAY_TIMEZONE))
    mail["Message-ID"] = message_id(reply.ticket_id, reply.message_id, domain)
    mail["In-Reply-To"] = thread_id(reply.ticket_id, domain)
    mail["References"] = thread_id(reply.ticket_id, domain)
    text = translate(
        "mail.ticket_reply",
        "nl",
        marker=REPLY_ABOVE_MARKER,
        requester=reply.requester_name,
        author=reply.author_name,
        number=reply.ticket_number,
        subject=reply.ticket_subject,
        body=reply.body.strip(),
    )
    mail.set_content(text)
    return mail
