"""Per-request DataLoaders: one batched query per kind of lookup, whatever the page size.

Every batch opens its own short session, so concurrently resolving fields never share
one. Loaders that depend on who is asking are bound to the request's viewer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from kennispunt.accounts import service as accounts
from kennispunt.accounts.models import StaffRole, User
from kennispunt.accounts.viewer import Viewer
from kennispunt.content import service as content
from kennispunt.content.models import Article, Topic
from kennispunt.db import Database
from kennispunt.forum import moderation as forum_moderation
from kennispunt.forum import service as forum
from kennispunt.forum.models import ForumCategory, ModerationAction, Reply, Report, Thread
from kennispunt.helpdesk import service as helpdesk
from kennispunt.helpdesk.models import Ticket, TicketMessage
from kennispunt.notifications import service as notifications
from kennispunt.notifications.models import Notification
from kennispunt.paging import Page, PageRequest
from kennispunt.parties import service as parties
from kennispunt.parties.models import Member, Municipality, Party
from kennispunt.partners import service as partners
from kennispunt.partners.models import PartnerKey
from kennispunt.trainings import service as trainings
from kennispunt.trainings.models import Training, TrainingRegistration, TrainingSession

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[AsyncSession, Sequence[K]], Awaitable[dict[K, V]]]
FetchPages = Callable[[AsyncSession, Sequence[Hashable], PageRequest], Awaitable[dict[Hashable, Page[V]]]]


def _by_key(db: Database, fetch: Fetch[K, V], default: Any = None) -> DataLoader[K, V]:
    async def load(keys: list[K]) -> list[V]:
        async with db.session() as session:
            found = await fetch(session, keys)
        return [found.get(key, default) for key in keys]

    return DataLoader(load_fn=load)


def _pages(db: Database, fetch: FetchPages[V]) -> DataLoader[tuple[Hashable, PageRequest], Page[V]]:
    """Loads one page of children per parent; keys are ``(parent_id, page_request)``."""

    async def load(keys: list[tuple[Hashable, PageRequest]]) -> list[Page[V]]:
        parents_by_request: dict[PageRequest, list[Hashable]] = defaultdict(list)
        for parent_id, request in keys:
            parents_by_request[request].append(parent_id)
        pages: dict[tuple[Hashable, PageRequest], Page[V]] = {}
        async with db.session() as session:
            for request, parent_ids in parents_by_request.items():
                for parent_id, page in (await fetch(session, parent_ids, request)).items():
                    pages[(parent_id, request)] = page
        return [pages[key] for key in keys]

    return DataLoader(load_fn=load)


def _own(viewer: Viewer, fetch: Callable[[AsyncSession, int, Sequence[K]], Awaitable[dict[K, V]]]) -> Fetch[K, V]:
    """Fetch the viewer's own things (nothing for anonymous viewers), reading who they are
    only when it loads."""

    async def load(session: AsyncSession, keys: Sequence[K]) -> dict[K, V]:
        user_id = viewer.user_id
        return await fetch(session, user_id, keys) if user_id is not None else {}

    return load


class Loaders:
    def __init__(self, db: Database, viewer: Viewer) -> None:
        self.user: DataLoader[int, User | None] = _by_key(db, accounts.users_by_ids)
        self.municipality: DataLoader[int, Municipality | None] = _by_key(db, parties.municipalities_by_ids)
        self.party: DataLoader[int, Party | None] = _by_key(db, parties.parties_by_ids)
        self.member: DataLoader[int, Member | None] = _by_key(db, lambda s, ids: parties.members_by_ids(s, viewer, ids))
        self.parties_of_municipality = _pages(db, parties.parties_of_municipalities)
        self.members_of_party = _pages(db, lambda s, ids, page: parties.members_of_parties(s, viewer, ids, page))
        self.pending_members_of_party = _pages(
            db, lambda s, ids, page: parties.pending_members_of_parties(s, viewer, ids, page)
        )
        self.staff_roles: DataLoader[int, list[StaffRole]] = _by_key(db, accounts.roles_by_user_ids, default=[])
        self.notification: DataLoader[int, Notification | None] = _by_key(
            db, lambda s, ids: notifications.notifications_by_ids(s, viewer, ids)
        )
        self.topic: DataLoader[int, Topic | None] = _by_key(db, content.topics_by_ids)
        self.article: DataLoader[int, Article | None] = _by_key(
            db, lambda s, ids: content.articles_by_ids(s, viewer, ids)
        )
        self.training: DataLoader[int, Training | None] = _by_key(
            db, lambda s, ids: trainings.trainings_by_ids(s, viewer, ids)
        )
        self.training_sessions: DataLoader[int, list[TrainingSession]] = _by_key(
            db, trainings.sessions_by_training, default=[]
        )
        self.seats_taken: DataLoader[int, int] = _by_key(db, trainings.seats_taken, default=0)
        self.registration: DataLoader[int, TrainingRegistration | None] = _by_key(
            db, lambda s, ids: trainings.registrations_by_ids(s, viewer, ids)
        )
        self.registrations_of_training = _pages(
            db, lambda s, ids, page: trainings.registrations_of_trainings(s, viewer, ids, page)
        )
        self.waitlist_position: DataLoader[int, int | None] = _by_key(db, trainings.waitlist_positions)
        # Loaders of the viewer's own things ask for ``viewer.user_id`` only when they load, so
        # that a live result that never needs them can be shared (`graph.live.facts`).
        self.viewer_registration: DataLoader[int, TrainingRegistration | None] = _by_key(
            db, _own(viewer, trainings.registrations_of_user)
        )
        self.party_of_user: DataLoader[int, Party | None] = _by_key(db, parties.verified_parties_of_users)
        self.forum_category: DataLoader[int, ForumCategory | None] = _by_key(
            db, lambda s, ids: forum.categories_by_ids(s, viewer, ids)
        )
        self.thread: DataLoader[int, Thread | None] = _by_key(
            db, lambda s, ids: forum.threads_by_ids(s, viewer, ids)
        )
        self.forum_reply: DataLoader[int, Reply | None] = _by_key(
            db, lambda s, ids: forum.replies_by_ids(s, viewer, ids)
        )
        self.threads_of_category = _pages(
            db, lambda s, ids, page: forum.threads_of_categories(s, viewer, ids, page)
        )
        self.replies_of_thread = _pages(
            db, lambda s, ids, page: forum.replies_of_threads(s, viewer, ids, page)
        )
        self.accepted_reply: DataLoader[int, Reply | None] = _by_key(db, forum.accepted_replies)
        self.reactions: DataLoader[int, list[forum.ReactionCount]] = _by_key(
            db, lambda s, ids: forum.reactions_of_replies(s, viewer.user_id, ids), default=[]
        )
        self.reaction_counts: DataLoader[int, list[forum.ReactionCount]] = _by_key(
            db, lambda s, ids: forum.reactions_of_replies(s, None, ids), default=[]
        )
        self.viewer_follows: DataLoader[int, bool] = _by_key(db, _own(viewer, forum.followed), default=False)
        self.unread_count: DataLoader[int, int] = _by_key(db, _own(viewer, forum.unread_counts), default=0)
        self.forum_report: DataLoader[int, Report | None] = _by_key(
            db, lambda s, ids: forum_moderation.reports_by_ids(s, viewer, ids)
        )
        self.moderation_action: DataLoader[int, ModerationAction | None] = _by_key(
            db, lambda s, ids: forum_moderation.moderation_actions_by_ids(s, viewer, ids)
        )
        self.ticket: DataLoader[int, Ticket | None] = _by_key(
            db, lambda s, ids: helpdesk.tickets_by_ids(s, viewer, ids)
        )
        self.ticket_message: DataLoader[int, TicketMessage | None] = _by_key(
            db, lambda s, ids: helpdesk.messages_by_ids(s, viewer, ids)
        )
        self.partner_key: DataLoader[int, PartnerKey | None] = _by_key(
            db, lambda s, ids: partners.keys_by_ids(s, viewer, ids)
        )
        self.messages_of_ticket = _pages(
            db, lambda s, ids, page: helpdesk.messages_of_tickets(s, viewer, ids, page)
        )
        self.articles_of_message: DataLoader[int, list[Article]] = _by_key(
            db, lambda s, ids: helpdesk.articles_of_messages(s, viewer, ids), default=[]
        )
