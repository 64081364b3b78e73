"""Each app applies the limits of its own settings: two apps in one process, with different
limits, each keep theirs (nothing is configured process-wide)."""

from __future__ import annotations

import httpx

from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import GraphQLClient, run_server
from tests.factories import make_category, make_thread
from tests.test_forum import REPLY, gid, member


async def replies(server_url: str, token: str, thread_id: str, count: int) -> list[list[dict[str, object]]]:
    """The errors of ``count`` replies posted through the server at ``server_url``."""
    async with httpx.AsyncClient(base_url=server_url, timeout=30) as http:
        gql = GraphQLClient(http)
        return [
            (await gql(REPLY, {"thread": thread_id, "body": f"Reactie {n}"}, token=token))["data"][
                "postReply"
            ]["errors"]
            for n in range(count)
        ]


async def test_two_apps_in_one_process_keep_their_own_limits(db: Database, settings: Settings) -> None:
    category = await make_category(db)
    author, token = await member(db)
    thread = gid(await make_thread(db, author, category))
    strict = settings.model_copy(update={"forum_post_rate": "1/minute"})
    lenient = settings.model_copy(update={"forum_post_rate": "3/minute"})

    with run_server(strict) as one, run_server(lenient) as other:  # the second one made last
        on_one = await replies(one.url, token, thread, 2)
        on_other = await replies(other.url, token, thread, 4)

    assert on_one[0] == [] and [error["code"] for error in on_one[1]] == ["RATE_LIMITED"]
    assert on_other[:3] == [[], [], []]
    assert [error["code"] for error in on_other[3]] == ["RATE_LIMITED"]
    assert one.app.state.limits.posting != other.app.state.limits.posting
