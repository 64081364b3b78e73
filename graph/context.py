"""The per-request context every resolver gets as ``info.context``.

Over HTTP one request is one operation. A WebSocket connection has a context of its own
(who authenticated at ``connection_init``), and each operation on it gets a copy
(`for_operation`) with its own loaders and per-operation state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from auth.authenticate import Credential
from graph.admission import RateLimitStatus
from graph.live.feed import LiveFeeds
from graph.live.slots import OpenSlots
from graph.live.subscriber import SocketOperation, Subscriber
from graph.loaders import Loaders
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import Database
from kennispunt.i18n import Language
from kennispunt.idempotency.service import IdempotentRequest
from kennispunt.links import Links
from kennispunt.partners.service import Partner
from realtime.watchers import Nudgeable, SubjectWatchers


@dataclass(slots=True)
class OperationOutcome:
    """What the HTTP view hands an operation and learns from it afterwards.

    It is kept on ``request.state`` in place of the context, which points back to the
    request: that made a reference cycle of every request, left to the garbage collector.
    """

    idempotency: IdempotentRequest | None = None
    """The operation's idempotency key, claimed for it (`graph.idempotency`)."""
    public_operation: bool = False
    """It selects public fields only (`graph.public_surface`), so its answer may be cached."""
    had_errors: bool = False


@dataclass
class Context:
    request: Request | WebSocket
    response: Any
    db: Database
    watchers: SubjectWatchers
    """The process's event watchers, which subscriptions follow (`realtime.watchers`)."""
    viewer: Viewer
    language: Language
    request_id: str
    links: Links
    client_address: str = "unknown"
    partner: Partner | None = None
    """The partner site whose API key the request carries; its viewer is anonymous."""
    partner_origin: str | None = None
    """The other site a partner's socket was opened from, which its key must keep listing."""
    credential: Credential | None = None
    """The token or session the viewer signed in with, if any."""
    default_partner_rate: str = "1200/minute"
    """The rate limit a new partner key gets unless its creator sets one."""
    connection_params: dict[str, object] | None = None
    """The ``connection_init`` payload of a WebSocket connection."""
    idempotency: IdempotentRequest | None = None
    """The operation's idempotency key, claimed for it (`graph.idempotency`)."""
    extensions: Mapping[str, Any] = field(default_factory=dict)
    """The operation's ``extensions`` as the client sent them (e.g. ``idempotencyKey``)."""
    outcome: OperationOutcome = field(default_factory=OperationOutcome)
    """What the operation showed (see `OperationOutcome`); over HTTP the view reads it afterwards."""
    rate_limit: RateLimitStatus | None = None
    """Set per operation (`graph.admission`): its cost and the caller's budget after paying it."""
    following: set[Nudgeable] = field(default_factory=set)
    """What the operation's subscription follows, to nudge when the viewer changes."""
    live_feeds: LiveFeeds | None = None
    """The process's live feeds (`graph.live.feed`), which subscriptions over the WebSocket join."""
    operation: SocketOperation | None = None
    """The operation as sent over the WebSocket; None over HTTP."""
    live_subscriber: Subscriber | None = None
    """The subscription as a live feed serves it, once handed over (`graph.live.follow`)."""
    open_slots: OpenSlots | None = None
    """Set while a live result is resolved for many viewers: where each viewer's own values go."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db, self.viewer)

    @property
    def public_operation(self) -> bool:
        """Set per operation (`graph.admission`): it selects public fields only."""
        return self.outcome.public_operation

    @public_operation.setter
    def public_operation(self, value: bool) -> None:
        self.outcome.public_operation = value

    @property
    def credential_expires_at(self) -> datetime | None:
        """When what the caller authenticated with stops working, if it does."""
        if self.partner is not None:
            return self.partner.expires_at
        return self.credential.expires_at if self.credential is not None else None

    def for_operation(self, extensions: Mapping[str, Any]) -> Context:
        """A copy for one operation on a WebSocket connection."""
        return replace(
            self,
            extensions=extensions,
            idempotency=None,
            outcome=OperationOutcome(),
            rate_limit=None,
            following=set(),
            operation=None,
        )

    def become(self, viewer: Viewer) -> None:
        """Switch to the viewer a WebSocket connection authenticated as, or follow its changes."""
        self.viewer = viewer
        self.renew_loaders()

    def nudge(self) -> None:
        """Have the operation's subscription decide afresh whether it may go on."""
        for follower in self.following:
            follower.nudge()

    def renew_loaders(self) -> None:
        """Forget what the loaders cached: a subscription does this before each event."""
        self.loaders = Loaders(self.db, self.viewer)


Info = StrawberryInfo[Context, None]
