"""The limits and clocks an app applies: how hits are counted (`ratelimit.Counter`), how
often one may post in the forum, the helpdesk's rules. Each app makes its own from its
settings, holds it (``app.state.limits``) and applies it to each of its requests
(`ApplyLimits`), so two apps in one process keep their own; a command applies the
environment's (`Limits.from_settings`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from kennispunt import ratelimit
from kennispunt.forum import posting
from kennispunt.helpdesk import rules
from kennispunt.settings import Settings


@dataclass(frozen=True)
class Limits:
    counter: ratelimit.Counter
    posting: posting.PostingRules
    helpdesk: rules.Rules

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            ratelimit.Counter(settings.redis_url),
            posting.PostingRules.from_settings(settings),
            rules.Rules.from_settings(settings),
        )

    @contextmanager
    def applied(self) -> Iterator[None]:
        """These limits for the work done in this context (and the tasks it starts)."""
        with ratelimit.counting(self.counter), posting.using(self.posting), rules.using(self.helpdesk):
            yield


class ApplyLimits:
    """ASGI middleware: each request, socket and the lifespan get the app's `Limits`
    (``app.state.limits``, read at each call so a test may swap them)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limits: Limits = scope["app"].state.limits
        with limits.applied():
            await self.app(scope, receive, send)
