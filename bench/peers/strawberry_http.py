"""Stock Strawberry: a trivial schema under ``strawberry.asgi.GraphQL``, nothing added.

The peer `bench/bench_http.py` measures ``{ __typename }`` against.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "Hallo"


app = GraphQL(strawberry.Schema(query=Query))
