"""The scheduler runs the periodic commands on their schedules, and the commands bear running twice."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from datetime import timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import update

from kennispunt import scheduler
from kennispunt.db import Database, utcnow
from kennispunt.helpdesk.models import Ticket, TicketStatus
from kennispunt.scheduler import Job
from tests.factories import make_ticket, make_user
from tests.test_helpdesk import stored, ticket_events

CLOSED = ("status_changed", {"from": "RESOLVED", "to": "CLOSED"})


def child_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "KENNISPUNT_DATABASE_URL": database_url, "KENNISPUNT_LOG_LEVEL": "WARNING"}


async def resolved_long_ago(db: Database, count: int) -> list[Ticket]:
    """Tickets resolved four days ago: due for closing after the default 72 hours."""
    requester = await make_user(db, "sanne@example.org", "Sanne de Boer")
    tickets = [await make_ticket(db, requester, f"Vraag {number}") for number in range(count)]
    async with db.transaction() as session:
        await session.execute(
            update(Ticket)
            .where(Ticket.id.in_([ticket.id for ticket in tickets]))
            .values(status=TicketStatus.RESOLVED, resolved_at=utcnow() - timedelta(days=4))
        )
    return tickets


async def wait_until_closed(db: Database, ticket: Ticket, seconds: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while (await stored(db, Ticket, ticket.id)).status is not TicketStatus.CLOSED:
        assert asyncio.get_running_loop().time() < deadline, "the scheduled job did not close the ticket"
        await asyncio.sleep(0.2)


async def test_the_scheduler_runs_a_job_on_its_schedule(db: Database, database_url: str) -> None:
    (ticket,) = await resolved_long_ago(db, 1)
    stop = asyncio.Event()
    job = Job(("helpdesk", "close-resolved"), IntervalTrigger(seconds=1))
    running = asyncio.create_task(scheduler.run([job], stop, env=child_env(database_url)))
    try:
        await wait_until_closed(db, ticket)
    finally:
        stop.set()
        await asyncio.wait_for(running, 60)
    assert (await ticket_events(db, ticket)).count(CLOSED) == 1


async def test_a_failing_job_is_logged_and_runs_again_next_time(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    stop = asyncio.Event()
    job = Job(("mail", "send-pending", "--max-attempts", "many"), IntervalTrigger(seconds=0.5))
    with caplog.at_level(logging.INFO, logger="kennispunt.scheduler"):
        running = asyncio.create_task(scheduler.run([job], stop, env=child_env(database_url)))
        try:
            deadline = asyncio.get_running_loop().time() + 60
            while len([r for r in caplog.records if "finished" in r.getMessage()]) < 2:
                assert asyncio.get_running_loop().time() < deadline, caplog.text
                await asyncio.sleep(0.1)
        finally:
            stop.set()
            await asyncio.wait_for(running, 60)
    finished = [
        (r.levelname, r.getMessage().split(" in ")[0]) for r in caplog.records if "finished" in r.getMessage()
    ]
    # typer refuses "many" as an integer with exit code 2
    assert (
        finished[:2] == [("ERROR", "job mail send-pending --max-attempts many finished with exit code 2")] * 2
    )


async def test_commands_run_twice_at_once_close_each_ticket_once(db: Database, database_url: str) -> None:
    """Two schedulers by mistake, or an operator by hand: still one closing per ticket."""
    tickets = await resolved_long_ago(db, 5)
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kennispunt.cli",
            "helpdesk",
            "close-resolved",
            env=child_env(database_url),
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [(await process.communicate())[0].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    closed = sorted(int(output.split()[0]) for output in outputs)
    assert sum(closed) == 5, outputs
    for ticket in tickets:
        assert (await stored(db, Ticket, ticket.id)).status is TicketStatus.CLOSED
        assert (await ticket_events(db, ticket)).count(CLOSED) == 1


async def test_kennispunt_scheduler_stops_on_sigterm(database_url: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kennispunt.cli",
        "scheduler",
        env={**child_env(database_url), "KENNISPUNT_LOG_LEVEL": "INFO"},
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    scheduled: list[str] = []
    while len(scheduled) < len(scheduler.JOBS):
        line = (await asyncio.wait_for(process.stderr.readline(), 30)).decode()
        assert line, "the scheduler stopped by itself"
        if "kennispunt.scheduler: scheduled" in line:
            scheduled.append(line.split("scheduled ", 1)[1].split(":")[0])
    assert scheduled == [
        "helpdesk close-resolved",
        "mail send-pending",
        "events prune",
        "privacy retention",
    ]
    process.send_signal(signal.SIGTERM)
    rest = (await asyncio.wait_for(process.stderr.read(), 30)).decode()
    assert await process.wait() == 0
    assert "scheduler stopped" in rest
