from __future__ import annotations

import strawberry

from graph.context import Info
from graph.schema.rate_limit import RateLimit


@strawberry.type
class RateLimitQuery:
    @strawberry.field(
        description="Signed-in users and partner keys: the points budget after this operation. "
        "Null for anonymous callers, who are limited by requests per minute instead."
    )
    def rate_limit(self, info: Info) -> RateLimit | None:
        status = info.context.rate_limit
        return RateLimit.of(status) if status is not None else None
