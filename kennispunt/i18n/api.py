"""Messages of the API as a whole: input, paging, who is calling, things not found, requests and queries (key: Dutch, English)."""

from __future__ import annotations

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
    "date.invalid": (
        "Geef een datum in ISO 8601, zoals 2027-03-20.",
        "Give a date in ISO 8601, such as 2027-03-20.",
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
    "page.last_too_large": ("'last' mag hoogstens {max} zijn.", "'last' may be at most {max}."),
    "page.last_negative": ("'last' mag niet negatief zijn.", "'last' may not be negative."),
    "page.first_and_last": ("Geef 'first' of 'last', niet allebei.", "Give 'first' or 'last', not both."),
    "page.mixed_directions": (
        "'first' gaat samen met 'after', 'last' met 'before'; ze mengen niet.",
        "'first' goes with 'after', 'last' with 'before'; they do not mix.",
    ),
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
