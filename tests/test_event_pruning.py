"""The outbox is pruned after a window; replay reaches back exactly that far, and an older
cursor gets a clear error telling the client to reload, never a silent gap."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from graph.ids import encode_id
from kennispunt.db import Database, utcnow
from kennispunt.events.models import Event
from realtime.stream import encode_event_cursor
from tests.conftest import RunningServer, run_cli
from tests.factories import make_category, make_reply, make_thread, make_token, make_verified_member
from tests.live import open_socket

ACTIVITY = "subscription ($thread: ID!, $after: String) { threadActivity(threadId: $thread, after: $after) { reply { body } } }"


async def event_ids(db: Database) -> list[int]:
    async with db.session() as session:
        return list(await session.scalars(select(Event.id).order_by(Event.id)))


async def test_pruning_removes_old_events_once_and_a_dry_run_only_counts(
    db: Database, cli_env: dict[str, str]
) -> None:
    member = await make_verified_member(db)
    thread = await make_thread(db, member, await make_category(db))
    for number in range(4):
        await make_reply(db, member, thread, f"Reactie {number}")
    ids = await event_ids(db)
    async with db.transaction() as session:  # the thread and its first two replies happened long ago
        await session.execute(
            update(Event).where(Event.id <= ids[-3]).values(occurred_at=utcnow() - timedelta(days=40))
        )
    old = len([event_id for event_id in ids if event_id <= ids[-3]])

    counted = await run_cli(cli_env, "events", "prune", "--dry-run")
    untouched = await event_ids(db)
    pruned = await run_cli(cli_env, "events", "prune")
    again = await run_cli(cli_env, "events", "prune")

    assert (
        counted.output
        == f"{old} events older than 30 days would be removed; replay reaches back to event 1\n"
    )
    assert untouched == ids
    assert (
        pruned.output
        == f"{old} events older than 30 days removed; replay reaches back to event {ids[-3] + 1}\n"
    )
    assert (
        again.output == f"0 events older than 30 days removed; replay reaches back to event {ids[-3] + 1}\n"
    )
    assert await event_ids(db) == ids[-2:]


async def test_a_cursor_from_before_the_horizon_is_told_to_reload(
    db: Database, server: RunningServer, cli_env: dict[str, str]
) -> None:
    member = await make_verified_member(db)
    token = await make_token(db, member)
    thread = await make_thread(db, member, await make_category(db))
    for number in range(4):
        await make_reply(db, member, thread, f"Reactie {number}")
    ids = await event_ids(db)
    async with db.transaction() as session:
        await session.execute(
            update(Event).where(Event.id <= ids[-3]).values(occurred_at=utcnow() - timedelta(days=40))
        )
    await run_cli(cli_env, "events", "prune")
    thread_id = encode_id("Thread", thread.id)

    async with open_socket(server.url, {"authorization": f"Bearer {token}"}) as socket:
        await socket.subscribe("old", ACTIVITY, {"thread": thread_id, "after": encode_event_cursor(ids[0])})
        refused, ended = await socket.receive(), await socket.receive()
        await socket.subscribe("edge", ACTIVITY, {"thread": thread_id, "after": encode_event_cursor(ids[-3])})
        replayed = [await socket.receive(), await socket.receive()]

    assert ended == {"id": "old", "type": "complete"}

    assert refused == {
        "id": "old",
        "type": "next",
        "payload": {
            "data": None,
            "errors": [
                {
                    "message": "Deze cursor is ouder dan wat we bewaren: wat er sindsdien gebeurde kunnen we niet meer "
                    "nasturen. Laad de gegevens opnieuw en abonneer zonder 'after'.",
                    "extensions": {"code": "BAD_USER_INPUT", "cursorExpired": True},
                }
            ],
        },
    }
    assert [message["payload"]["data"]["threadActivity"]["reply"]["body"] for message in replayed] == [
        "Reactie 2",
        "Reactie 3",
    ]
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Event)) == 2
