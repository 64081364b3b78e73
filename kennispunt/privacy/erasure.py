"""Erasing an account (GDPR Art. 17), in one unit of work with its outbox events.

The ``users`` row stays as a tombstone, so that what the person wrote in the forum stays
readable under "Verwijderde gebruiker" and tickets keep their place in the figures; it has
no name, e-mail or identity left, cannot sign in, and a later sign-in by the same person
makes a new account. Gone: staff roles, memberships, sessions, tokens (open sockets close
through the access-change event), follows, read marks, their own notifications and
idempotency keys; upcoming training places are given up (the waitlist moves up). Their
tickets are anonymised (`kennispunt.privacy.tickets`) and closed; mail deliveries to them
keep no address or subject; quarantined mail from them is deleted; other people's
notifications name "Verwijderde gebruiker" instead of them. Asked for, the text of their
forum posts goes too (``remove_posts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from kennispunt import search
from kennispunt.accounts import service as accounts
from kennispunt.accounts.access import AccessChange, record_access_change
from kennispunt.accounts.models import AccessToken, AuthSession, User, UserRole
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import utcnow
from kennispunt.errors import Checks, not_found
from kennispunt.forum.models import ReadMark, Reply, Thread, ThreadFollow
from kennispunt.forum.reading import REPLY_SEARCH_KIND, THREAD_SEARCH_KIND
from kennispunt.helpdesk.models import Ticket, TicketStatus
from kennispunt.helpdesk.tickets import change_status
from kennispunt.i18n import translate
from kennispunt.idempotency.models import IdempotencyKey
from kennispunt.mail.models import DeliveryStatus, MailDelivery, QuarantinedMail
from kennispunt.markdown import render
from kennispunt.notifications.models import Notification
from kennispunt.parties.models import Member
from kennispunt.privacy import policy
from kennispunt.privacy.notifications import replace_name, replace_quoted_text
from kennispunt.privacy.tickets import ANONYMISED_TEXT, anonymise_tickets
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import RegistrationStatus, Training, TrainingRegistration

ERASED_NAME = translate("privacy.erased_user")
"""The name an erased account shows (stored in Dutch; the API says "Deleted user" in English)."""
REMOVED_TEXT = "[verwijderd]"
"""Stored instead of the title and text of posts removed on request."""


@dataclass(frozen=True)
class Erased:
    user_id: int
    tickets: int
    """Tickets anonymised."""
    posts: int
    """Threads and replies whose text was removed (on request)."""


def erased_email(user_id: int) -> str:
    """The tombstone's address: unique, and no one's (``.invalid`` is reserved, RFC 2606)."""
    return f"erased-{user_id}@erased.invalid"


async def erase_for(
    session: AsyncSession, viewer: Viewer, user_id: int, *, confirm_email: str, remove_posts: bool = False
) -> int:
    """The person themselves or an admin erases an account, confirming with its address."""
    policy.require_may_erase(viewer, user_id)
    user = await _lock_user(session, user_id)
    if accounts.normalize_email(confirm_email) != user.email:
        checks = Checks()
        checks.add(("confirm_email",), "privacy.confirmation_mismatch")
        checks.raise_if_any()
    return (await erase_user(session, user, remove_posts=remove_posts)).user_id


async def erase_by_email(session: AsyncSession, email: str, *, remove_posts: bool = False) -> Erased:
    """The CLI's way in (operators answering a written request)."""
    user = await accounts.require_user_by_email(session, email)
    return await erase_user(session, await _lock_user(session, user.id), remove_posts=remove_posts)


async def _lock_user(session: AsyncSession, user_id: int) -> User:
    user = await session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None or user.erased_at is not None:
        raise not_found("user.not_found", ("user_id",))
    return user


async def erase_user(session: AsyncSession, user: User, *, remove_posts: bool = False) -> Erased:
    """Erase ``user`` (locked, not erased yet); no permission check. With ``remove_posts``
    the text of their threads and replies goes too."""
    viewer = await accounts.load_viewer(session, user.id)
    for role in list(await session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))):
        await accounts.revoke_role(session, user, role)  # the last admin stays (CONFLICT)
    await _give_up_training_places(session, viewer)
    tickets = await _close_and_anonymise_tickets(session, user.id)
    await replace_name(session, user.display_name, ERASED_NAME)
    posts = await _remove_posts(session, user.id) if remove_posts else 0
    await _forget_mail(session, user)
    for model, column in (
        (Member, Member.user_id),
        (AuthSession, AuthSession.user_id),
        (AccessToken, AccessToken.user_id),
        (ThreadFollow, ThreadFollow.user_id),
        (ReadMark, ReadMark.user_id),
        (Notification, Notification.user_id),
    ):
        await session.execute(delete(model).where(column == user.id))
    await session.execute(delete(IdempotencyKey).where(IdempotencyKey.caller == f"user:{user.id}"))
    now = utcnow()
    user.email, user.display_name = erased_email(user.id), ERASED_NAME
    user.oidc_issuer = user.oidc_subject = None
    user.blocked_at, user.erased_at = user.blocked_at or now, now
    await session.flush()
    await record_access_change(session, AccessChange.USER_BLOCKED, user_id=user.id)
    return Erased(user_id=user.id, tickets=tickets, posts=posts)


async def _give_up_training_places(session: AsyncSession, viewer: Viewer) -> None:
    upcoming = await session.scalars(
        select(TrainingRegistration.id)
        .join(Training, Training.id == TrainingRegistration.training_id)
        .where(
            TrainingRegistration.user_id == viewer.user_id,
            TrainingRegistration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]),
            Training.starts_at > utcnow(),
        )
    )
    for registration_id in list(upcoming):
        await trainings.cancel_registration(session, viewer, registration_id)


async def _close_and_anonymise_tickets(session: AsyncSession, user_id: int) -> int:
    tickets = list(
        await session.scalars(select(Ticket).where(Ticket.requester_id == user_id).with_for_update())
    )
    now = utcnow()
    for ticket in tickets:
        if ticket.status is not TicketStatus.CLOSED:
            await change_status(session, ticket, TicketStatus.CLOSED, now)
    return await anonymise_tickets(session, [ticket.id for ticket in tickets])


async def _remove_posts(session: AsyncSession, user_id: int) -> int:
    """On request the posts go too: their text is replaced; replies to them keep their place."""
    threads = list(await session.scalars(select(Thread.id).where(Thread.author_id == user_id)))
    replies = list(await session.scalars(select(Reply.id).where(Reply.author_id == user_id)))
    html = render(REMOVED_TEXT)
    for model, author in ((Thread, Thread.author_id), (Reply, Reply.author_id)):
        values = {"body": REMOVED_TEXT, "body_html": html} | (
            {"title": REMOVED_TEXT} if model is Thread else {}
        )
        await session.execute(
            update(model).where(author == user_id).values(values).execution_options(synchronize_session=False)
        )
    await search.remove_documents(session, THREAD_SEARCH_KIND, threads)
    await search.remove_documents(session, REPLY_SEARCH_KIND, replies)
    await replace_quoted_text(session, "thread_id", threads, "thread_title", REMOVED_TEXT)
    return len(threads) + len(replies)


async def _forget_mail(session: AsyncSession, user: User) -> None:
    """Delivery rows stay (one per event, so that none is made again), without address or
    subject, and are never sent; quarantined mail from the person goes."""
    await session.execute(
        update(MailDelivery)
        .where(MailDelivery.recipient == user.email)
        .values(recipient=erased_email(user.id), subject=ANONYMISED_TEXT, last_error=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(MailDelivery)
        .where(
            MailDelivery.recipient == erased_email(user.id),
            MailDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED]),
        )
        .values(status=DeliveryStatus.SKIPPED, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    address = user.email.encode()
    quarantined = await session.execute(
        select(QuarantinedMail.id, QuarantinedMail.envelope_from, QuarantinedMail.raw)
    )
    doomed = [
        mail_id
        for mail_id, sender, raw in quarantined.all()
        if accounts.normalize_email(sender) == user.email or address in raw.lower()
    ]
    if doomed:
        await session.execute(delete(QuarantinedMail).where(QuarantinedMail.id.in_(doomed)))
