"""Demo forum: a few categories with threads and replies by the demo party representatives.

All texts are Dutch and fictional. Authors are `DemoUser.email`s of verified members
(or of staff); ``hours_ago`` places each post in the past, replies after their thread.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class DemoReply:
    author: str  # DemoUser.email
    body: str  # Markdown
    hours_ago: int
    accepted: bool = False


@dataclass(frozen=True)
class DemoThread:
    category: str  # DemoCategory.slug
    author: str  # DemoUser.email
    title: str
    body: str  # Markdown
    hours_ago: int
    replies: tuple[DemoReply, ...] = ()
    pinned: bool = False
    locked: bool = False


CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        "welkom",
        "Welkom en mededelingen",
        "Nieuws van Kennispunt en afspraken over het forum.",
    ),
    DemoCategory(
        "campagne-en-verkiezingen",
        "Campagne en verkiezingen",
        "Kandidatenlijsten, programma's, folders en campagnes voor de gemeenteraadsverkiezingen.",
    ),
    DemoCategory(
        "partijorganisatie",
        "Partijorganisatie",
        "Bestuur, ledenwerving, ledenvergaderingen en de administratie van de vereniging.",
    ),
    DemoCategory(
        "raadswerk",
        "Raadswerk",
        "Fractiewerk, moties en amendementen, de begroting en het contact met inwoners.",
    ),
)

MODERATOR = "moderator@example.org"

THREADS: tuple[DemoThread, ...] = (
    DemoThread(
        category="welkom",
        author=MODERATOR,
        title="Welkom op het forum van Kennispunt",
        body=(
            "Hier leren lokale partijen van elkaar. Stel je vraag, deel wat werkte en wat niet.\n\n"
            "- Blijf vriendelijk, ook als je het oneens bent.\n"
            "- Deel geen persoonsgegevens van inwoners.\n"
            "- Markeer het antwoord dat je vraag oploste, dan vinden anderen het sneller."
        ),
        hours_ago=24 * 30,
        pinned=True,
        locked=True,
    ),
    DemoThread(
        category="campagne-en-verkiezingen",
        author="sanne.mulder@example.org",
        title="Hoeveel folders drukken jullie voor de verkiezingen?",
        body=(
            "Wij hebben een budget van 2.500 euro voor de campagne. Hoeveel folders laten jullie drukken, "
            "en deden jullie dat huis aan huis of op de markt?"
        ),
        hours_ago=24 * 6,
        replies=(
            DemoReply(
                "ruud.hendriks@example.org",
                "Wij drukten 12.000 folders en brachten ze in de laatste twee weken rond. "
                "Vraag leden om elk één wijk te nemen; dat scheelt veel.",
                24 * 6 - 3,
                accepted=True,
            ),
            DemoReply(
                "ingrid.postma@example.org",
                "Op een eiland is het anders: wij staan vooral bij de boot en in de supermarkt. "
                "Een **A5 met één duidelijke belofte** werkt beter dan een dichtbedrukte folder.",
                24 * 5,
            ),
            DemoReply(
                "sanne.mulder@example.org",
                "Dank jullie wel! We gaan voor 8.000 stuks en een marktkraam op zaterdag.",
                24 * 4,
            ),
        ),
    ),
    DemoThread(
        category="campagne-en-verkiezingen",
        author="annemiek.jansen@example.org",
        title="Kandidatenlijst: hoe vinden jullie genoeg kandidaten?",
        body=(
            "Voor de volgende verkiezingen willen we minstens vijftien namen op de lijst. "
            "We hebben er nu negen. Hoe hebben jullie nieuwe kandidaten gevonden?"
        ),
        hours_ago=48,
        replies=(
            DemoReply(
                "jan.devries@example.org",
                "Wij organiseerden een open avond *Politiek in je eigen dorp*. Daar kwamen vier mensen "
                "op af die later kandidaat werden.",
                40,
            ),
            DemoReply(
                "marloes.deboer@example.org",
                "Vergeet de ondersteuningsverklaringen niet als jullie voor het eerst meedoen: "
                "regel die ruim voor de dag van kandidaatstelling.",
                30,
            ),
            DemoReply(
                "annemiek.jansen@example.org",
                "Dank! We plannen een open avond in maart en vragen elk lid één naam te noemen.",
                20,
            ),
        ),
    ),
    DemoThread(
        category="partijorganisatie",
        author="pieter.bakker@example.org",
        title="Kascommissie: wie controleert bij jullie de penningmeester?",
        body=(
            "Onze statuten zeggen dat de ledenvergadering een kascommissie benoemt, maar niemand meldt zich. "
            "Hoe lossen jullie dat op?"
        ),
        hours_ago=24 * 10,
        replies=(
            DemoReply(
                "gerrit.wolters@example.org",
                "Bij ons zitten er twee leden in die geen bestuursfunctie hebben. We vragen ze persoonlijk, "
                "niet in de vergadering. Dat werkt veel beter.",
                24 * 9,
                accepted=True,
            ),
            DemoReply(
                "kees.vandijk@example.org",
                "Herkenbaar. Wij hebben nu een lid van een andere lokale partij in de buurt gevraagd; "
                "de statuten staan dat toe.",
                24 * 8,
            ),
        ),
    ),
    DemoThread(
        category="partijorganisatie",
        author="fatima.elamrani@example.org",
        title="Ledenadministratie en de AVG",
        body=(
            "Welk programma gebruiken jullie voor de ledenlijst, en hebben jullie een verwerkersovereenkomst?"
        ),
        hours_ago=20,
        replies=(
            DemoReply(
                "mehmet.yilmaz@example.org",
                "Wij gebruiken een gedeelde spreadsheet met twee-stapsverificatie, "
                "alleen de secretaris en de penningmeester hebben toegang.",
                18,
            ),
            DemoReply(
                "fatima.elamrani@example.org",
                "Goed punt over de toegang. Hebben jullie ook een register van verwerkingen?",
                12,
            ),
            DemoReply("mehmet.yilmaz@example.org", "Ja, één A4'tje. Ik deel het graag via de helpdesk.", 10),
        ),
    ),
    DemoThread(
        category="raadswerk",
        author="kees.vandijk@example.org",
        title="Een amendement op de begroting: tips?",
        body=(
            "In november behandelen we de begroting. We willen geld vrijmaken voor het dorpshuis. "
            "Hoe pakken jullie een amendement aan als kleine fractie?"
        ),
        hours_ago=24 * 3,
        replies=(
            DemoReply(
                "ruud.hendriks@example.org",
                "Zoek vóór de vergadering steun bij andere fracties en laat de griffie meelezen. "
                "Een amendement met **dekking** maakt veel meer kans.",
                24 * 3 - 5,
            ),
            DemoReply(
                "sanne.mulder@example.org",
                "En houd het kort: één wijziging per amendement.",
                24 * 2,
            ),
            DemoReply(
                "jan.devries@example.org",
                "Wij nodigden de beheerders van het dorpshuis uit om in te spreken. Dat hielp.",
                24,
            ),
        ),
    ),
)


def check_references(emails: set[str]) -> None:
    """Raise ValueError if a category or author does not resolve."""
    slugs = {category.slug for category in CATEGORIES}
    errors = []
    for thread in THREADS:
        if thread.category not in slugs:
            errors.append(f"thread {thread.title!r}: unknown category {thread.category!r}")
        authors = [thread.author, *(reply.author for reply in thread.replies)]
        unknown = [email for email in authors if email not in emails]
        errors += [f"thread {thread.title!r}: unknown author {email!r}" for email in unknown]
        if any(reply.hours_ago >= thread.hours_ago for reply in thread.replies):
            errors.append(f"thread {thread.title!r}: a reply before the thread")
    if errors:
        raise ValueError("Demo forum has broken references:\n" + "\n".join(errors))
