"""Messages of accounts: memberships, staff roles, notifications (key: Dutch, English)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
}
