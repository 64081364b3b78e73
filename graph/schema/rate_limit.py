"""The caller's points budget, reported as GitHub's GraphQL API does (`graph.admission`)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.admission import RateLimitStatus


@strawberry.type(
    description="The caller's hourly points budget, after paying for this operation. An operation "
    "costs its connection fetches divided by 100, at least 1 point."
)
class RateLimit:
    limit: int = strawberry.field(description="Points per hour.")
    cost: int = strawberry.field(description="Points this operation cost.")
    node_count: int = strawberry.field(description="Nodes this operation may return at most.")
    used: int = strawberry.field(description="Points used in the current hour.")
    remaining: int = strawberry.field(description="Points left in the current hour.")
    reset_at: datetime = strawberry.field(description="When the budget is full again.")

    @classmethod
    def of(cls, status: RateLimitStatus) -> RateLimit:
        return cls(
            limit=status.budget.limit,
            cost=status.cost.points,
            node_count=status.cost.nodes,
            used=status.budget.used,
            remaining=status.budget.remaining,
            reset_at=status.reset_at,
        )
