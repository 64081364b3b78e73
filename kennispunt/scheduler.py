"""The scheduler: the periodic commands, each on its crontab schedule, in one process.

Run exactly one per deployment (compose's ``scheduler`` service, ``kennispunt scheduler``),
however many API replicas there are: the replicas run nothing on a timer. Each job is the
``kennispunt`` command an operator would otherwise put in cron, run as a child process,
so a job that crashes or leaks cannot take the scheduler down, and its exit code is logged.

A job still running when its next time comes is not started a second time, and runs it
missed (a busy machine) are made up once, not once per miss. Nothing is lost while the
scheduler is down: each command does all the work due by then, whenever it runs. Every command
here is also safe when two run at once (a second scheduler by mistake, an operator by
hand): each claims the rows it changes with row locks (``BEGIN IMMEDIATE`` on SQLite) and
checks them again before writing, so a ticket is closed and a mail sent only once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from kennispunt.db import DISPLAY_TIMEZONE

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 30.0
"""How long a running job may finish after SIGTERM before it is stopped too (it rolls back)."""


def crontab(expression: str) -> CronTrigger:
    """A cron schedule (minute hour day month weekday) in Dutch local time."""
    return CronTrigger.from_crontab(expression, timezone=DISPLAY_TIMEZONE)


@dataclass(frozen=True)
class Job:
    """One periodic command: the arguments of ``kennispunt`` and when to run them."""

    command: tuple[str, ...]
    schedule: BaseTrigger

    @property
    def name(self) -> str:
        return " ".join(self.command)


JOBS: tuple[Job, ...] = (
    Job(("helpdesk", "close-resolved"), crontab("*/15 * * * *")),
    Job(("mail", "send-pending"), crontab("*/5 * * * *")),
    Job(("events", "prune"), crontab("30 3 * * *")),
    Job(("privacy", "retention"), crontab("45 3 * * *")),
    # Reminders: the issues that send training and ticket reminders add theirs here, e.g.
    #   Job(("trainings", "remind"), crontab("0 * * * *")),
)


class Runner:
    """Starts jobs as ``kennispunt`` child processes and keeps track of the running ones."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = dict(env) if env is not None else None
        self.running: set[asyncio.subprocess.Process] = set()

    async def run(self, job: Job) -> int:
        started = time.monotonic()
        logger.info("job %s started", job.name)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kennispunt.cli",
            *job.command,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
        )
        self.running.add(process)
        try:
            code = await process.wait()
        finally:
            self.running.discard(process)
        level = logging.INFO if code == 0 else logging.ERROR
        logger.log(
            level, "job %s finished with exit code %d in %.1f s", job.name, code, time.monotonic() - started
        )
        return code

    async def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Let running jobs finish for ``grace`` seconds, then terminate them."""
        waiting = [asyncio.create_task(process.wait()) for process in self.running]
        if not waiting:
            return
        _, pending = await asyncio.wait(waiting, timeout=grace)
        for process in [process for process in self.running if process.returncode is None]:
            logger.warning("job process %d still running at shutdown: terminating it", process.pid)
            process.terminate()
        if pending:
            await asyncio.wait(pending)


async def run(jobs: Iterable[Job], stop: asyncio.Event, env: Mapping[str, str] | None = None) -> None:
    """Run ``jobs`` on their schedules until ``stop`` is set; then wait for running ones."""
    runner = Runner(env)
    scheduler = AsyncIOScheduler(event_loop=asyncio.get_running_loop(), timezone=DISPLAY_TIMEZONE)
    for job in jobs:
        scheduler.add_job(
            runner.run,
            job.schedule,
            args=(job,),
            id=job.name,
            name=job.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,  # late is better than never
        )
        logger.info("scheduled %s: %s", job.name, job.schedule)
    scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        await runner.stop()


async def main(jobs: Iterable[Job] = JOBS) -> None:
    """``kennispunt scheduler``: run until SIGTERM or SIGINT."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # our own lines say when jobs run
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await run(jobs, stop)
    logger.info("scheduler stopped")
