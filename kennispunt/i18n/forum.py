"""Messages of the forum (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "forum.members_only": (
        "Het forum is alleen voor geverifieerde leden van een lokale partij.",
        "The forum is only for verified members of a local party.",
    ),
    "helpdesk.rate_limited": (
        "Je hebt veel vragen tegelijk gesteld. Probeer het over {seconds} seconden opnieuw, of bel de helpdesk.",
        "You have asked many questions at once. Please try again in {seconds} seconds, or call the helpdesk.",
    ),
    "forum.rate_limited": (
        "Je plaatst te snel berichten. Probeer het over {seconds} seconden opnieuw.",
        "You are posting too quickly. Please try again in {seconds} seconds.",
    ),
    "forum.nothing_to_change": ("Geef op wat je wilt wijzigen.", "Say what you want to change."),
    "category.not_found": ("Deze categorie bestaat niet.", "This category does not exist."),
    "thread.not_found": ("Deze discussie bestaat niet.", "This thread does not exist."),
    "reply.not_found": ("Deze reactie bestaat niet.", "This reply does not exist."),
    "report.not_found": ("Deze melding van een bericht bestaat niet.", "This report does not exist."),
    "thread.locked": (
        "Deze discussie is gesloten; er kan niet meer op worden gereageerd.",
        "This thread is locked; it takes no more replies.",
    ),
    "post.hidden": (
        "Dit bericht is verborgen door een moderator.",
        "This post has been hidden by a moderator.",
    ),
    "thread.already_locked": ("Deze discussie is al gesloten.", "This thread is already locked."),
    "thread.not_locked": ("Deze discussie is niet gesloten.", "This thread is not locked."),
    "thread.already_pinned": ("Deze discussie staat al vastgepind.", "This thread is already pinned."),
    "thread.not_pinned": ("Deze discussie staat niet vastgepind.", "This thread is not pinned."),
    "thread.already_hidden": ("Deze discussie is al verborgen.", "This thread is already hidden."),
    "thread.not_hidden": ("Deze discussie is niet verborgen.", "This thread is not hidden."),
    "thread.same_category": (
        "De discussie staat al in deze categorie.",
        "The thread is already in this category.",
    ),
    "reply.already_hidden": ("Deze reactie is al verborgen.", "This reply is already hidden."),
    "reply.not_hidden": ("Deze reactie is niet verborgen.", "This reply is not hidden."),
    "reply.already_accepted": (
        "Deze reactie is al gekozen als antwoord.",
        "This reply is already the accepted answer.",
    ),
    "report.already_open": (
        "Je hebt dit bericht al gemeld; een moderator kijkt ernaar.",
        "You have already reported this post; a moderator will look at it.",
    ),
    "report.already_resolved": ("Deze melding is al afgehandeld.", "This report has already been resolved."),
    "notification.forum_reply": ("{author} reageerde in “{thread}”.", "{author} replied in “{thread}”."),
    "notification.answer_accepted": (
        "Je reactie in “{thread}” is gekozen als antwoord.",
        "Your reply in “{thread}” was accepted as the answer.",
    ),
}
