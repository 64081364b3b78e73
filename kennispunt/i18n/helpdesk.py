"""Messages of the helpdesk and its e-mail (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # helpdesk e-mail
    "mail.ticket_reply": (
        "{marker}\n\nBeste {requester},\n\n{author} van de helpdesk van Kennispunt heeft gereageerd op je vraag"
        " {number} “{subject}”:\n\n{body}\n\nJe kunt op deze e-mail antwoorden. Laat het nummer [{number}] in"
        " het onderwerp staan, dan komt je antwoord bij je vraag terecht.\n\nMet vriendelijke groet,\n"
        "Kennispunt lokale politieke partijen\n",
        "{marker}\n\nDear {requester},\n\n{author} of the Kennispunt helpdesk has answered your question"
        " {number} “{subject}”:\n\n{body}\n\nYou can reply to this e-mail. Keep the number [{number}] in the"
        " subject, so that your answer reaches your question.\n\nKind regards,\n"
        "Kennispunt lokale politieke partijen\n",
    ),
    # helpdesk
    "ticket.not_found": ("Dit ticket bestaat niet.", "This ticket does not exist."),
    "ticket_message.not_found": ("Dit bericht bestaat niet.", "This message does not exist."),
    "ticket.closed": (
        "Dit ticket is gesloten. Reageer erop om een vervolgvraag te openen.",
        "This ticket is closed. Reply to it to open a follow-up.",
    ),
    "ticket.not_resolved": (
        "Dit ticket is nog niet opgelost.",
        "This ticket has not been resolved yet.",
    ),
    "ticket.no_answer": (
        "Dit ticket heeft geen openbaar antwoord om een artikel van te maken.",
        "This ticket has no public answer to make an article from.",
    ),
    "ticket.status_new": (
        "Een ticket kan niet terug naar de status nieuw.",
        "A ticket cannot go back to the status new.",
    ),
    "ticket.party_not_member": (
        "Je kunt een vraag alleen stellen namens een partij waarvan je geverifieerd lid bent.",
        "You can only ask on behalf of a party you are a verified member of.",
    ),
    "ticket.assignee_not_staff": (
        "Een ticket kan alleen worden toegewezen aan een medewerker van de helpdesk.",
        "A ticket can only be assigned to a member of the helpdesk staff.",
    ),
    "ticket.other_requester": (
        "Dit ticket is van iemand anders dan deze beller.",
        "This ticket belongs to someone other than this caller.",
    ),
    "ticket.article_not_published": (
        "Alleen gepubliceerde artikelen kunnen worden meegestuurd.",
        "Only published articles can be attached.",
    ),
    "ticket.article_twice": ("Dit artikel staat er al bij.", "This article is already attached."),
    "ticket.too_many_articles": (
        "Stuur hoogstens {max} artikelen mee.",
        "Attach at most {max} articles.",
    ),
    "notification.ticket_answered": (
        "{author} beantwoordde je vraag “{subject}” ({ticket}).",
        "{author} answered your question “{subject}” ({ticket}).",
    ),
    "notification.ticket_assigned": (
        "Ticket {ticket} “{subject}” is aan jou toegewezen.",
        "Ticket {ticket} “{subject}” has been assigned to you.",
    ),
}
