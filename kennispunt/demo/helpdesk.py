"""Demo helpdesk: a few questions of the demo representatives, with public answers, an
internal note, a phone call, an assignment and a rating.

All texts are Dutch and fictional. People are `DemoUser.email`s; the first message of a
ticket is the question (by its requester). ``hours_ago`` places each message in the
past; articles are `DemoArticle.slug`s of published articles.
"""

from __future__ import annotations

from dataclasses import dataclass

HELPDESK = "helpdesk@example.org"
ADMIN = "admin@example.org"


@dataclass(frozen=True)
class DemoMessage:
    author: str  # DemoUser.email
    body: str  # Markdown
    hours_ago: int
    internal: bool = False
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTicket:
    requester: str  # DemoUser.email
    subject: str
    priority: str  # TicketPriority name
    messages: tuple[DemoMessage, ...]
    party: str | None = None  # DemoParty.slug, one the requester is a verified member of
    logged_by: str | None = None  # staff who took the phone call; the ticket's channel is then PHONE
    assignee: str | None = None
    status: str | None = None  # set by staff after the messages: PENDING or RESOLVED
    rating: int | None = None


TICKETS: tuple[DemoTicket, ...] = (
    DemoTicket(
        requester="jan.devries@example.org",
        party="gemeentebelangen-veendam",
        subject="Ondersteuningsverklaringen voor de verkiezingen",
        priority="HIGH",
        assignee=HELPDESK,
        status="RESOLVED",
        rating=5,
        messages=(
            DemoMessage(
                "jan.devries@example.org",
                "We doen voor het eerst mee onder een nieuwe naam. Hebben we dan ondersteuningsverklaringen "
                "nodig, en hoeveel?",
                50,
            ),
            DemoMessage(
                HELPDESK,
                "Jan belde vorig jaar over de registratie van de naam; die is rond. Checklist meesturen.",
                48,
                internal=True,
            ),
            DemoMessage(
                HELPDESK,
                "Ja: een partij die nog geen zetel heeft, levert ondersteuningsverklaringen in. Voor een "
                "gemeente van jullie grootte zijn dat er **20**, afgelegd bij het gemeentehuis. In het "
                "artikel hieronder staat het hele stappenplan.",
                47,
                articles=("kandidatenlijst-inleveren",),
            ),
            DemoMessage(
                "jan.devries@example.org",
                "Dank je wel, dat is duidelijk. We plannen twee avonden om de verklaringen te verzamelen.",
                30,
            ),
        ),
    ),
    DemoTicket(
        requester="fatima.elamrani@example.org",
        party="lokaal-rotterdam",
        subject="Verwerkersovereenkomst voor de ledenadministratie",
        priority="NORMAL",
        assignee=HELPDESK,
        status="PENDING",
        messages=(
            DemoMessage(
                "fatima.elamrani@example.org",
                "Onze ledenlijst staat in een online programma. Moeten we met de leverancier een "
                "verwerkersovereenkomst sluiten?",
                20,
            ),
            DemoMessage(
                HELPDESK,
                "Ja, de leverancier verwerkt persoonsgegevens namens jullie vereniging. Welk programma "
                "gebruiken jullie? Dan kijken we of er een standaardovereenkomst is.",
                18,
                articles=("ledenadministratie-en-de-avg",),
            ),
        ),
    ),
    DemoTicket(
        requester="kees.vandijk@example.org",
        party="doetinchem-lokaal",
        subject="Integriteitstoets kandidaat-wethouder",
        priority="URGENT",
        logged_by=HELPDESK,
        messages=(
            DemoMessage(
                "kees.vandijk@example.org",
                "Kees belde: de coalitie wil volgende week een wethouder voordragen. Wie doet de "
                "risicoanalyse en is een VOG genoeg?",
                3,
            ),
            DemoMessage(
                ADMIN,
                "Spoed: vóór vrijdag terugbellen. Eventueel doorverwijzen naar de integriteitsadviseur.",
                2,
                internal=True,
            ),
        ),
    ),
    DemoTicket(
        requester="noor.bos@example.org",
        subject="Hoe begin ik een lokale partij?",
        priority="LOW",
        messages=(
            DemoMessage(
                "noor.bos@example.org",
                "In ons dorp wil een groep buren meedoen aan de gemeenteraadsverkiezingen. Waar beginnen we?",
                6,
            ),
        ),
    ),
)


def check_references(emails: set[str], published_articles: set[str], party_slugs: set[str]) -> None:
    """Raise ValueError if a person, party or article does not resolve."""
    errors = []
    for ticket in TICKETS:
        people = [ticket.requester, *(m.author for m in ticket.messages)]
        people += [person for person in (ticket.logged_by, ticket.assignee) if person]
        errors += [
            f"ticket {ticket.subject!r}: unknown person {email!r}" for email in people if email not in emails
        ]
        if ticket.party is not None and ticket.party not in party_slugs:
            errors.append(f"ticket {ticket.subject!r}: unknown party {ticket.party!r}")
        for message in ticket.messages:
            unknown = [slug for slug in message.articles if slug not in published_articles]
            errors += [f"ticket {ticket.subject!r}: no published article {slug!r}" for slug in unknown]
        if ticket.messages[0].author != ticket.requester or ticket.messages[0].internal:
            errors.append(f"ticket {ticket.subject!r}: the first message is not the requester's question")
        hours = [message.hours_ago for message in ticket.messages]
        if hours != sorted(hours, reverse=True):
            errors.append(f"ticket {ticket.subject!r}: messages out of order")
    if errors:
        raise ValueError("Demo helpdesk has broken references:\n" + "\n".join(errors))
