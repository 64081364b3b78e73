"""Arguments that several root fields share, each with its description."""

from __future__ import annotations

import strawberry

from kennispunt.search import MAX_QUERY_LENGTH

SEARCH = strawberry.argument(
    description=f"Words to look for, at most {MAX_QUERY_LENGTH} characters; Dutch word forms match "
    "(`verkiezing` finds `verkiezingen`)."
)
STATUSES = strawberry.argument(
    description="Only these statuses; PUBLISHED when left out. Statuses other than PUBLISHED count "
    "for editors and admins only: for anyone else they are dropped."
)
TOPIC_SLUG = strawberry.argument(description="Only those of the topic with this `slug`.")
TOPIC_RENAMED = "Use `topicSlug`: it names what it takes."
