"""Per-request DataLoaders: one batched query per kind of lookup, whatever the page size.

`Loaders` is the request's set (``info.context.loaders``). Each loader is created the
first time a resolver asks for it, so a request pays only for the loaders it uses, and
after a mutation a fresh `Loaders` (which costs nothing until used) forgets what was
read before the write. The loaders themselves live one module per domain, next to this
one; those that depend on who is asking are bound to the request's viewer. A loader
asks the viewer what it needs (their user id, say) only when it is made, on first use,
so a live result that never needs it can be shared (`graph.live.facts`).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from graph.loaders.accounts import StaffRolesByUserIdLoader, UserByIdLoader, VisibleUserByIdLoader
from graph.loaders.content import ArticleByIdLoader, TopicByIdLoader
from graph.loaders.forum import (
    AcceptedReplyByThreadIdLoader,
    CategoryByIdLoader,
    ModerationActionByIdLoader,
    ReactionCountsByReplyIdLoader,
    ReactionsByReplyIdLoader,
    RepliesByThreadLoader,
    ReplyByIdLoader,
    ReportByIdLoader,
    ThreadByIdLoader,
    ThreadsByCategoryLoader,
    UnreadCountByThreadIdLoader,
    ViewerFollowsByThreadIdLoader,
)
from graph.loaders.helpdesk import (
    ArticlesByMessageIdLoader,
    MessagesByTicketLoader,
    TicketByIdLoader,
    TicketMessageByIdLoader,
)
from graph.loaders.notifications import NotificationByIdLoader
from graph.loaders.parties import (
    MemberByIdLoader,
    MembersByPartyLoader,
    MunicipalityByIdLoader,
    PartiesByMunicipalityLoader,
    PartyByIdLoader,
    PartyByUserIdLoader,
    PendingMembersByPartyLoader,
)
from graph.loaders.partners import PartnerKeyByIdLoader
from graph.loaders.trainings import (
    RegistrationByIdLoader,
    RegistrationsByTrainingLoader,
    SeatsTakenByTrainingIdLoader,
    SessionsByTrainingIdLoader,
    TrainingByIdLoader,
    ViewerRegistrationByTrainingIdLoader,
    WaitlistPositionByRegistrationIdLoader,
)
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import Database

L = TypeVar("L")


class on_first_use(Generic[L]):  # noqa: N801 - reads as what it is where it is used
    """A `Loaders` attribute whose loader is made when first read, then kept in the
    instance (a non-data descriptor, so later reads are plain attribute reads)."""

    def __init__(self, make: type[L]) -> None:
        self.make = make

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, loaders: None, owner: type[Any]) -> on_first_use[L]: ...
    @overload
    def __get__(self, loaders: Loaders, owner: type[Any]) -> L: ...
    def __get__(self, loaders: Loaders | None, owner: type[Any]) -> L | on_first_use[L]:
        if loaders is None:
            return self
        loader = self.make(loaders.db, loaders.viewer)  # type: ignore[call-arg]
        loaders.__dict__[self.name] = loader
        return loader


class Loaders:
    def __init__(self, db: Database, viewer: Viewer) -> None:
        self.db = db
        self.viewer = viewer

    user = on_first_use(UserByIdLoader)
    visible_user = on_first_use(VisibleUserByIdLoader)
    staff_roles = on_first_use(StaffRolesByUserIdLoader)

    municipality = on_first_use(MunicipalityByIdLoader)
    party = on_first_use(PartyByIdLoader)
    member = on_first_use(MemberByIdLoader)
    parties_of_municipality = on_first_use(PartiesByMunicipalityLoader)
    members_of_party = on_first_use(MembersByPartyLoader)
    pending_members_of_party = on_first_use(PendingMembersByPartyLoader)
    party_of_user = on_first_use(PartyByUserIdLoader)

    notification = on_first_use(NotificationByIdLoader)

    topic = on_first_use(TopicByIdLoader)
    article = on_first_use(ArticleByIdLoader)

    training = on_first_use(TrainingByIdLoader)
    training_sessions = on_first_use(SessionsByTrainingIdLoader)
    seats_taken = on_first_use(SeatsTakenByTrainingIdLoader)
    registration = on_first_use(RegistrationByIdLoader)
    registrations_of_training = on_first_use(RegistrationsByTrainingLoader)
    waitlist_position = on_first_use(WaitlistPositionByRegistrationIdLoader)
    viewer_registration = on_first_use(ViewerRegistrationByTrainingIdLoader)

    forum_category = on_first_use(CategoryByIdLoader)
    thread = on_first_use(ThreadByIdLoader)
    forum_reply = on_first_use(ReplyByIdLoader)
    threads_of_category = on_first_use(ThreadsByCategoryLoader)
    replies_of_thread = on_first_use(RepliesByThreadLoader)
    accepted_reply = on_first_use(AcceptedReplyByThreadIdLoader)
    reactions = on_first_use(ReactionsByReplyIdLoader)
    reaction_counts = on_first_use(ReactionCountsByReplyIdLoader)
    viewer_follows = on_first_use(ViewerFollowsByThreadIdLoader)
    unread_count = on_first_use(UnreadCountByThreadIdLoader)
    forum_report = on_first_use(ReportByIdLoader)
    moderation_action = on_first_use(ModerationActionByIdLoader)

    ticket = on_first_use(TicketByIdLoader)
    ticket_message = on_first_use(TicketMessageByIdLoader)
    messages_of_ticket = on_first_use(MessagesByTicketLoader)
    articles_of_message = on_first_use(ArticlesByMessageIdLoader)

    partner_key = on_first_use(PartnerKeyByIdLoader)
