"""Plain Starlette: POST /graphql reads the body and answers the JSON of ``{ __typename }``.

What the web framework and server cost with no GraphQL at all (`bench/bench_http.py`).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def graphql(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse({"data": {"__typename": "Query"}})


app = Starlette(routes=[Route("/graphql", graphql, methods=["POST"])])
