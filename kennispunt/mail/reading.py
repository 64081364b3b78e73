"""Reading incoming mail: who sent it, about which ticket, and what they wrote (without
the quoted earlier messages)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import nh3

from kennispunt.helpdesk.service import NUMBER_PATTERN
from kennispunt.mail.compose import REPLY_ABOVE_MARKER
from kennispunt.text import storable


class UnreadableMail(Exception):
    """The message cannot become a ticket; ``reason`` says why (for the log and the quarantine)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


MESSAGE_ID_MAX = 255


@dataclass(frozen=True)
class IncomingMail:
    message: EmailMessage
    sender: str
    """The From address, lowercased."""
    subject: str
    ticket_number: str | None
    automatic: bool
    """An auto-reply (out of office, bounce): never a ticket or a reply."""
    message_id: str | None = None
    """The Message-ID header: a mail server that delivers the same mail twice gets one ticket."""


REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|antw|aw|fw|fwd|doorst|wg|sv|tr)\s*(?:\[\d+\])?\s*:)+\s*", re.IGNORECASE
)
# "Op 3 mrt. 2027 om 10:12 schreef Jan <jan@example.org>:", "On Mon, 3 Mar 2027, Jan wrote:"
ATTRIBUTION_START = re.compile(r"^(?:Op|On)\s.*\d", re.IGNORECASE)
ATTRIBUTION = re.compile(r"^(?:Op|On)\s.*\d.*\b(?:schreef|wrote)\b.*:$", re.IGNORECASE)
ORIGINAL_MESSAGE = re.compile(
    r"^(?:-{2,}\s*(?:original message|oorspronkelijk bericht|origineel bericht|forwarded message|"
    r"doorgestuurd bericht)\s*-{2,}|_{20,})$",
    re.IGNORECASE,
)
HEADER_BLOCK_START = re.compile(r"^\*?(?:van|from)\s*:\*?\s", re.IGNORECASE)
HEADER_BLOCK_NEXT = re.compile(r"^\*?(?:verzonden|sent|datum|date|aan|to)\s*:", re.IGNORECASE)
BLOCK_BREAK = re.compile(r"<br>|</?(?:p|div|li|tr|h[1-6]|pre|table|ul|ol)>", re.IGNORECASE)
AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "auto_reply"})


def read_headers(raw: bytes, envelope_from: str | None = None) -> IncomingMail:
    """Parse the message and its headers; raises `UnreadableMail` when there is no usable sender."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(message, EmailMessage)
        from_header = message["From"]
        addresses = from_header.addresses if from_header is not None else ()
        subject = storable(" ".join(str(message.get("Subject", "")).split()))
    except Exception as error:  # the parser is lenient; what still fails is beyond reading
        raise UnreadableMail(f"headers cannot be parsed ({type(error).__name__})") from error
    if not addresses:
        raise UnreadableMail("no From address")
    if len(addresses) > 1:
        raise UnreadableMail("more than one From address")
    sender = addresses[0].addr_spec.strip().lower()
    if "@" not in sender:
        raise UnreadableMail("From is not an e-mail address")
    number = NUMBER_PATTERN.search(subject)
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    automatic = (
        envelope_from == ""  # the null sender: a bounce or other delivery report
        or auto_submitted != "no"
        or str(message.get("Precedence", "")).strip().lower() in AUTOMATIC_PRECEDENCE
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )
    message_id = " ".join(str(message.get("Message-ID", "")).split())
    return IncomingMail(
        message=message,
        sender=sender,
        subject=subject,
        ticket_number=number.group().upper() if number else None,
        automatic=automatic,
        message_id=message_id if 0 < len(message_id) <= MESSAGE_ID_MAX else None,
    )


def new_ticket_subject(subject: str) -> str:
    """The subject without "Re:"/"Antw:"/"Fwd:" prefixes."""
    return REPLY_PREFIX.sub("", subject).strip()


def read_body(message: EmailMessage) -> str:
    """The new text of the message: the plain-text part (or the HTML part as text), without
    quoted earlier messages. Raises `UnreadableMail` when there is no readable text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise UnreadableMail("no text part")
    try:
        payload = part.get_payload(decode=True)
    except Exception as error:
        raise UnreadableMail(f"text part cannot be decoded ({type(error).__name__})") from error
    if not isinstance(payload, bytes):
        raise UnreadableMail("text part cannot be decoded")
    text = _decode(payload, part.get_param("charset"))
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    body = storable(strip_quoted(text))
    if not body:
        raise UnreadableMail("no text (only quoted text, or empty)")
    return body


def _decode(payload: bytes, charset: object) -> str:
    if not isinstance(charset, str) or not charset.strip():
        for candidate in ("ascii", "utf-8"):  # undeclared: plain ASCII, or UTF-8 by today's habits
            try:
                return payload.decode(candidate)
            except UnicodeDecodeError:
                continue
        raise UnreadableMail("text without a charset is neither ASCII nor UTF-8")
    charset = charset.strip().strip('"').lower()
    try:
        return payload.decode(charset)
    except LookupError:
        raise UnreadableMail(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError:
        raise UnreadableMail(f"text that is not valid {charset}") from None


def html_to_text(source: str) -> str:
    """HTML mail as plain text: tags stripped by nh3 (quoted ``<blockquote>``s, scripts and
    styles with their content), paragraphs and line breaks kept as lines."""
    cleaned = nh3.clean(
        source,
        tags={"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol"},
        attributes={},
        clean_content_tags={"script", "style", "title", "head", "blockquote"},
        strip_comments=True,
    )
    flowing = " ".join(cleaned.split())
    with_breaks = BLOCK_BREAK.sub("\n", flowing)
    return html.unescape(with_breaks)


def strip_quoted(text: str) -> str:
    """Drop what a reply quotes: ``>`` lines, everything from our "reply above this line"
    marker or an "original message" separator or header block on, and the
    "Op … schreef …:" / "On … wrote:" line that introduces a quote."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if REPLY_ABOVE_MARKER in line or ORIGINAL_MESSAGE.match(stripped):
            break
        if HEADER_BLOCK_START.match(stripped) and any(
            HEADER_BLOCK_NEXT.match(following.strip()) for following in lines[index + 1 : index + 4]
        ):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(_without_attributions(kept))).strip()


def _without_attributions(lines: list[str]) -> list[str]:
    """Lines without "Op … schreef …:", also when the mail client wrapped it over two lines."""
    result: list[str] = []
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        stripped = line.strip()
        if ATTRIBUTION_START.match(stripped):
            if ATTRIBUTION.match(stripped):
                continue
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if following and ATTRIBUTION.match(f"{stripped} {following}"):
                skip_next = True
                continue
        result.append(line)
    return result
