"""Messages shown to people: Dutch by default, English on request."""

from __future__ import annotations

from typing import Literal

from kennispunt.privacy.messages import MESSAGES as PRIVACY_MESSAGES

Language = Literal["nl", "en"]
DEFAULT_LANGUAGE: Language = "nl"

# key: (Dutch, English). Placeholders use str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # input
    "text.required": ("Vul dit veld in.", "This field is required."),
    "text.invisible": (
        "Vul dit veld in met zichtbare tekens; spaties en onzichtbare tekens alleen tellen niet.",
        "Fill in this field with visible characters; spaces and invisible characters alone do not count.",
    ),
    "text.too_short": ("Gebruik minstens {min} tekens.", "Use at least {min} characters."),
    "text.too_long": ("Gebruik hoogstens {max} tekens.", "Use at most {max} characters."),
    "number.range": ("Kies een getal van {min} tot en met {max}.", "Choose a number from {min} to {max}."),
    "id.invalid": ("Dit is geen geldig ID.", "This is not a valid ID."),
    "ids.too_many": ("Vraag hoogstens {max} ID's tegelijk op.", "Ask for at most {max} IDs at once."),
    "slug.invalid": (
        "Een slug bestaat uit kleine letters, cijfers en koppeltekens.",
        "A slug consists of lowercase letters, digits and hyphens.",
    ),
    "slug.taken": ("Deze slug is al in gebruik.", "This slug is already taken."),
    "url.invalid": (
        "Geef een geldig webadres dat begint met https://.",
        "Give a valid web address starting with https://.",
    ),
    "conflict.concurrent": (
        "Iemand anders wijzigde dit tegelijk met jou; probeer het opnieuw.",
        "Someone else changed this at the same time; please try again.",
    ),
    "datetime.invalid": (
        "Geef een datum en tijd in ISO 8601, zoals 2027-03-20T19:30:00+01:00.",
        "Give a date and time in ISO 8601, such as 2027-03-20T19:30:00+01:00.",
    ),
    "datetime.out_of_range": (
        "Kies een moment van {earliest} tot en met {latest}.",
        "Choose a moment from {earliest} to {latest}.",
    ),
    "text.unstorable": (
        "Tekst mag geen NUL-teken (U+0000) en geen losse surrogaten (U+D800–U+DFFF) bevatten.",
        "Text may not contain the NUL character (U+0000) or lone surrogates (U+D800–U+DFFF).",
    ),
    "email.invalid": ("Geef een geldig e-mailadres.", "Give a valid e-mail address."),
    "email.taken": (
        "Er is al een account met dit e-mailadres.",
        "There is already an account with this e-mail address.",
    ),
    # paging
    "page.first_too_large": ("'first' mag hoogstens {max} zijn.", "'first' may be at most {max}."),
    "page.first_negative": ("'first' mag niet negatief zijn.", "'first' may not be negative."),
    "live.cursor_expired": (
        "Deze cursor is ouder dan wat we bewaren: wat er sindsdien gebeurde kunnen we niet meer nasturen. "
        "Laad de gegevens opnieuw en abonneer zonder 'after'.",
        "This cursor is older than what we keep: we can no longer send what happened since. "
        "Load the data afresh and subscribe without 'after'.",
    ),
    "page.bad_cursor": ("Deze cursor is ongeldig.", "This cursor is not valid."),
    "search.too_long": (
        "De zoekopdracht is te lang (hoogstens {max} tekens).",
        "The search is too long (at most {max} characters).",
    ),
    # who is calling
    "auth.required": ("Log in om dit te doen.", "Sign in to do this."),
    "auth.forbidden": ("Je hebt geen toestemming om dit te doen.", "You are not allowed to do this."),
    "auth.invalid_token": (
        "Het toegangstoken is onbekend, verlopen of ingetrokken.",
        "The access token is unknown, expired or revoked.",
    ),
    "auth.identity_without_email": (
        "Je identiteitsprovider gaf geen e-mailadres door; daarmee kunnen we je niet aanmelden.",
        "Your identity provider did not share an e-mail address, so we cannot sign you in.",
    ),
    "auth.login_failed": (
        "Inloggen is niet gelukt. Probeer het opnieuw.",
        "Signing in did not work. Please try again.",
    ),
    "auth.cross_site": (
        "Dit verzoek komt niet van een toegestane website.",
        "This request does not come from an allowed website.",
    ),
    # not found
    "user.not_found": ("Deze gebruiker bestaat niet.", "This user does not exist."),
    "user.blocked": ("Deze gebruiker is geblokkeerd.", "This user is blocked."),
    "user.block_self": ("Je kunt jezelf niet blokkeren.", "You cannot block yourself."),
    "party.not_found": ("Deze partij bestaat niet.", "This party does not exist."),
    "municipality.not_found": ("Deze gemeente bestaat niet.", "This municipality does not exist."),
    "topic.not_found": ("Dit onderwerp bestaat niet.", "This topic does not exist."),
    "article.not_found": ("Dit artikel bestaat niet.", "This article does not exist."),
    "training.not_found": ("Deze training bestaat niet.", "This training does not exist."),
    "registration.not_found": ("Deze inschrijving bestaat niet.", "This registration does not exist."),
    "token.not_found": ("Dit toegangstoken bestaat niet.", "This access token does not exist."),
    "member.not_found": ("Dit lidmaatschap bestaat niet.", "This membership does not exist."),
    "notification.not_found": ("Deze melding bestaat niet.", "This notification does not exist."),
    # memberships
    "membership.already_requested": (
        "Je hebt al een aanvraag lopen om lid te worden van deze partij.",
        "You already have a pending request to join this party.",
    ),
    "membership.already_member": (
        "Je bent al lid van deze partij.",
        "You are already a member of this party.",
    ),
    "membership.not_pending": ("Over deze aanvraag is al beslist.", "This request has already been decided."),
    "membership.not_verified": (
        "Alleen een geverifieerd lidmaatschap kan worden ingetrokken.",
        "Only a verified membership can be revoked.",
    ),
    "member.role.chair": ("voorzitter", "chair"),
    "member.role.secretary": ("secretaris", "secretary"),
    "member.role.treasurer": ("penningmeester", "treasurer"),
    "member.role.board_member": ("bestuurslid", "board member"),
    "member.role.council_member": ("raadslid", "council member"),
    "member.role.alderman": ("wethouder", "alderman"),
    "member.role.candidate": ("kandidaat", "candidate"),
    "member.role.member": ("lid", "member"),
    # staff roles
    "role.last_admin": (
        "Dit is de laatste beheerder; maak eerst iemand anders beheerder.",
        "This is the last admin; make someone else an admin first.",
    ),
    # notifications
    "notification.membership_requested": (
        "{requester} wil lid worden van {party} als {role}.",
        "{requester} wants to join {party} as {role}.",
    ),
    "notification.membership_approved": (
        "Je lidmaatschap van {party} als {role} is goedgekeurd.",
        "Your membership of {party} as {role} has been approved.",
    ),
    "notification.membership_rejected": (
        "Je aanvraag om lid te worden van {party} is afgewezen.",
        "Your request to join {party} has been rejected.",
    ),
    "notification.membership_revoked": (
        "Je lidmaatschap van {party} is ingetrokken.",
        "Your membership of {party} has been revoked.",
    ),
    "notifications.nothing_to_mark": (
        "Geef de ID's van de meldingen op, of kies 'all'.",
        "Give the IDs of the notifications, or choose 'all'.",
    ),
    # content
    "article.already_published": ("Dit artikel is al gepubliceerd.", "This article is already published."),
    "article.already_archived": ("Dit artikel is al gearchiveerd.", "This article is already archived."),
    # trainings
    "training.already_published": (
        "Deze training is al gepubliceerd.",
        "This training is already published.",
    ),
    "training.already_archived": ("Deze training is al gearchiveerd.", "This training is already archived."),
    "training.archive_draft": (
        "Een concept kun je niet archiveren: het is nooit gepubliceerd.",
        "A draft cannot be archived: it was never published.",
    ),
    "training.members_only": (
        "Alleen geverifieerde leden van een lokale partij kunnen zich inschrijven.",
        "Only verified members of a local party can register.",
    ),
    "training.not_open": (
        "Voor deze training kun je je niet inschrijven.",
        "This training is not open for registration.",
    ),
    "training.closed": (
        "De inschrijving voor deze training is gesloten.",
        "Registration for this training has closed.",
    ),
    "training.already_registered": (
        "Je bent al ingeschreven voor deze training.",
        "You are already registered for this training.",
    ),
    "registration.already_cancelled": (
        "Deze inschrijving is al geannuleerd.",
        "This registration has already been cancelled.",
    ),
    "registration.training_started": (
        "Deze training is al begonnen; annuleren kan niet meer.",
        "This training has already started; it can no longer be cancelled.",
    ),
    "training.sessions.required": ("Geef minstens één bijeenkomst op.", "Give at least one session."),
    "training.sessions.too_many": ("Geef hoogstens {max} bijeenkomsten op.", "Give at most {max} sessions."),
    "training.session.ends_before_start": (
        "Het einde moet na het begin liggen.",
        "The end must be after the start.",
    ),
    "training.session.overlap": (
        "Bijeenkomsten mogen elkaar niet overlappen.",
        "Sessions may not overlap.",
    ),
    "training.deadline.after_start": (
        "De inschrijfdeadline ligt uiterlijk bij het begin van de eerste bijeenkomst.",
        "The registration deadline is at the latest the start of the first session.",
    ),
    "training.location.required": (
        "Geef een locatie op voor een training op locatie.",
        "Give a location for an in-person training.",
    ),
    # forum
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
    # partner sites
    "partner.not_found": ("Deze partnersleutel bestaat niet.", "This partner key does not exist."),
    "partner.origin_invalid": (
        "“{origin}” is geen origin; geef schema en host, zoals https://www.utrecht.nl.",
        "“{origin}” is not an origin; give scheme and host, like https://www.utrecht.nl.",
    ),
    "partner.too_many_origins": ("Geef hoogstens {max} origins.", "Give at most {max} origins."),
    "partner.rate_invalid": (
        "Geef een limiet zoals 1200/minute of 100/second;5000/hour.",
        "Give a limit such as 1200/minute or 100/second;5000/hour.",
    ),
    "partner.invalid_key": (
        "De API-sleutel is onbekend of ingetrokken.",
        "The API key is unknown or revoked.",
    ),
    "partner.origin_not_allowed": (
        "Deze API-sleutel mag niet gebruikt worden vanaf {origin}.",
        "This API key may not be used from {origin}.",
    ),
    "partner.key_with_credentials": (
        "Stuur een API-sleutel of inloggegevens, niet allebei.",
        "Send an API key or credentials, not both.",
    ),
    "partner.public_only": (
        "Met een API-sleutel zijn alleen openbare gegevens op te vragen, niet {fields}.",
        "An API key gives access to public content only, not to {fields}.",
    ),
    "rate_limited": (
        "Te veel verzoeken; probeer het over {seconds} seconden opnieuw.",
        "Too many requests; try again in {seconds} seconds.",
    ),
    "cors.origin_not_allowed": (
        "Pagina's op {origin} mogen deze API niet aanroepen.",
        "Pages on {origin} may not call this API.",
    ),
    # persisted queries (Apollo APQ)
    "apq.not_found": ("PersistedQueryNotFound", "PersistedQueryNotFound"),
    "apq.malformed": (
        "extensions.persistedQuery moet version 1 en een sha256Hash van 64 hexadecimale tekens hebben.",
        "extensions.persistedQuery needs version 1 and a sha256Hash of 64 hexadecimal characters.",
    ),
    "apq.version": (
        "Alleen persistedQuery version 1 wordt ondersteund.",
        "Only persistedQuery version 1 is supported.",
    ),
    "apq.hash_mismatch": (
        "De sha256Hash hoort niet bij deze query.",
        "The sha256Hash does not match this query.",
    ),
    "apq.too_long": ("Deze query is te lang om te bewaren.", "This query is too long to persist."),
    # requests to /graphql before any GraphQL runs (graph/view.py)
    "request.too_large": (
        "Het verzoek is te groot (hoogstens {max} bytes).",
        "The request is too large (at most {max} bytes).",
    ),
    "request.not_utf8": (
        "De body van het verzoek is geen geldige UTF-8.",
        "The request body is not valid UTF-8.",
    ),
    "request.not_unicode": (
        "Het verzoek bevat tekst die geen geldige Unicode is (een losse surrogaat, zoals \\ud800).",
        "The request holds text that is not valid Unicode (a lone surrogate, such as \\ud800).",
    ),
    "request.not_an_object": (
        'De body van het verzoek moet een JSON-object zijn, zoals {{"query": "{{ topics {{ name }} }}"}}.',
        'The request body must be a JSON object, such as {{"query": "{{ topics {{ name }} }}"}}.',
    ),
    "request.json_too_deep": (
        "De JSON van het verzoek is te diep genest (hoogstens {max} niveaus in variables en extensions).",
        "The request's JSON is nested too deeply (at most {max} levels in variables and extensions).",
    ),
    "request.operation_name": ("operationName moet een tekst zijn.", "operationName must be a string."),
    "request.subscription_over_http": (
        "Abonnementen (subscriptions) lopen over een WebSocket op /graphql (graphql-transport-ws), niet over GET of POST.",
        "Subscriptions run over a WebSocket at /graphql (graphql-transport-ws), not over GET or POST.",
    ),
    "request.not_acceptable": (
        "Deze API antwoordt in application/graphql-response+json of application/json; de Accept-header sluit beide uit.",
        "This API answers in application/graphql-response+json or application/json; the Accept header rules out both.",
    ),
    # feeds and oEmbed (syndication/)
    "feed.articles.title": ("Kennispunt — artikelen", "Kennispunt — articles"),
    "feed.topic.title": ("Kennispunt — {topic}", "Kennispunt — {topic}"),
    "calendar.name": ("Kennispunt — trainingen", "Kennispunt — trainings"),
    "calendar.description": (
        "Trainingen en cursussen van Kennispunt lokale politieke partijen",
        "Trainings and courses of Kennispunt lokale politieke partijen",
    ),
    "calendar.part": ("deel {index} van {count}", "part {index} of {count}"),
    "calendar.format.in_person": ("Op locatie", "In person"),
    "calendar.format.online": ("Online", "Online"),
    "calendar.format.e_learning": ("E-learning", "E-learning"),
    "oembed.url_required": (
        "Geef met de parameter url het adres van een pagina op.",
        "Give the address of a page in the url parameter.",
    ),
    "oembed.url_invalid": (
        "De parameter url is geen leesbaar webadres.",
        "The url parameter is not a readable web address.",
    ),
    "oembed.format_unsupported": (
        "Alleen het formaat json wordt ondersteund.",
        "Only the json format is supported.",
    ),
    "oembed.size_invalid": (
        "maxwidth en maxheight moeten positieve gehele getallen zijn.",
        "maxwidth and maxheight must be positive whole numbers.",
    ),
    "oembed.not_found": (
        "Op dit adres staat geen openbaar artikel of openbare training van Kennispunt.",
        "There is no public Kennispunt article or training at this address.",
    ),
    # the API itself
    "query.too_deep": (
        "De query is te diep genest (hoogstens {max} niveaus).",
        "The query is nested too deeply (at most {max} levels).",
    ),
    "query.repeated_field": (
        "Een veld komt te vaak voor in één selectie (hoogstens {max} keer).",
        "A field occurs too often in one selection (at most {max} times).",
    ),
    "query.too_costly": (
        "De query vraagt te veel op: {cost} objecten, hoogstens {max}. Vraag kleinere pagina's op.",
        "The query asks for too much: {cost} objects, at most {max}. Ask for smaller pages.",
    ),
    "query.validation_aborted": (
        "De query is te ingewikkeld om te controleren.",
        "The query is too complex to check.",
    ),
    "rate_limited.points": (
        "Je puntenbudget voor dit uur is op: deze query kost {cost} punten, er zijn er nog {remaining}. "
        "Probeer het over {seconds} seconden opnieuw.",
        "Your points budget for this hour is used up: this query costs {cost} points, {remaining} remain. "
        "Try again in {seconds} seconds.",
    ),
    "idempotency.mismatch": (
        "Deze idempotentiesleutel is al gebruikt voor een ander verzoek.",
        "This idempotency key was already used for another request.",
    ),
    "idempotency.in_progress": (
        "Een eerder verzoek met deze idempotentiesleutel loopt nog; probeer het zo opnieuw.",
        "An earlier request with this idempotency key is still running; try again shortly.",
    ),
    "idempotency.answer_lost": (
        "Een eerder verzoek met deze idempotentiesleutel is uitgevoerd, maar het antwoord is niet bewaard.",
        "An earlier request with this idempotency key was carried out, but its response was not kept.",
    ),
    "idempotency.invalid_key": (
        "Een idempotentiesleutel bestaat uit 1 tot 255 zichtbare ASCII-tekens.",
        "An idempotency key consists of 1 to 255 printable ASCII characters.",
    ),
    "socket.too_many_operations": (
        "Op deze verbinding lopen al {max} operaties; beëindig er eerst een.",
        "This connection already runs {max} operations; complete one first.",
    ),
    "query.too_many_aliases": (
        "De query gebruikt te veel aliassen (hoogstens {max}).",
        "The query uses too many aliases (at most {max}).",
    ),
    "internal": (
        "Er ging iets mis aan onze kant. Probeer het later opnieuw (referentie {request_id}).",
        "Something went wrong on our side. Please try again later (reference {request_id}).",
    ),
}

MESSAGES.update(PRIVACY_MESSAGES)


def translate(key: str, language: Language = DEFAULT_LANGUAGE, **params: object) -> str:
    dutch, english = MESSAGES[key]
    template = english if language == "en" else dutch
    return template.format(**params)


def negotiate_language(accept_language: str | None) -> Language:
    """Pick nl or en from an ``Accept-Language`` header; Dutch unless English is preferred."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    best: tuple[float, Language] = (0.0, DEFAULT_LANGUAGE)
    for part in accept_language.split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("nl", "en"):
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > best[0]:
            best = (quality, "en" if primary == "en" else "nl")
    return best[1]
