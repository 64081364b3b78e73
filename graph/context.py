"""The per-request context every resolver gets as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from graph.loaders import Loaders
from kennispunt.accounts.viewer import Viewer
from kennispunt.db import Database
from kennispunt.i18n import Language
from kennispunt.links import Links
from kennispunt.partners.service import Partner
from realtime.watchers import SubjectWatchers


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
    partner: Partner | None = None
    """The partner site whose API key the request carries; its viewer is anonymous."""
    default_partner_rate: str = "1200/minute"
    """The rate limit a new partner key gets unless its creator sets one."""
    connection_params: dict[str, object] | None = None
    """The ``connection_init`` payload of a WebSocket connection."""
    public_operation: bool = False
    """Set per operation (`graph.public_surface`): it selects public fields only."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db, self.viewer)

    def become(self, viewer: Viewer) -> None:
        """Switch to the viewer a WebSocket connection authenticated as."""
        self.viewer = viewer
        self.renew_loaders()

    def renew_loaders(self) -> None:
        """Forget what the loaders cached: a subscription does this before each event."""
        self.loaders = Loaders(self.db, self.viewer)


Info = StrawberryInfo[Context, None]
