"""What the benches share: processes they start, measure and stop, and the data they seed.

Every server a bench measures runs in a process of its own (the Kennispunt server as
``kennispunt serve``, the peers under uvicorn), so the load generator never shares its
interpreter. `ServerProcess` reads the server's resident memory and CPU time from
``/proc`` and, for Kennispunt started with ``count_sql=True``, the number of SQL
statements it has sent (see ``bench/counted_serve.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.system import monotonic, raise_open_files_limit  # noqa: F401 - the benches import them from here
from kennispunt.accounts import service as accounts
from kennispunt.content import service as content
from kennispunt.content.models import Article
from kennispunt.db import Database
from kennispunt.demo import loader
from kennispunt.migrate import upgrade
from kennispunt.parties import service as parties
from kennispunt.parties.models import MemberRole, MemberStatus, Party
from kennispunt.publishing import PublicationStatus
from kennispunt.settings import normalize_database_url
from tests.conftest import free_port
from tests.factories import EDITOR

KENNISPUNT_ENV = {
    "KENNISPUNT_LOG_LEVEL": "WARNING",
    "KENNISPUNT_DEMO_MODE": "false",
    "KENNISPUNT_ANONYMOUS_RATE": "100000000/minute",  # the load generator is one very busy visitor
    "KENNISPUNT_RESPONSE_CACHE_SECONDS": "0",
    "KENNISPUNT_FORUM_POST_RATE": "100000000/hour",  # measuring delivery, not the rate limit
    # thousands of subscribers come from a handful of client addresses, each with its own budget
    "KENNISPUNT_MAX_SOCKETS_PER_ADDRESS": "100000",
    "KENNISPUNT_USER_POINTS_PER_HOUR": "100000000",
}


class ServerProcess:
    """A server in a process of its own, on a loopback port."""

    def __init__(self, name: str, command: list[str], port: int, env: dict[str, str] | None = None) -> None:
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.stats_file: Path | None = None
        self._command = command
        self._env = {**os.environ, **(env or {})}

    def start(self, health_path: str = "/", timeout: float = 60) -> None:
        # a session of its own, so stopping it also stops whatever it started (npx -> node)
        self.log = Path(tempfile.mkdtemp(prefix="kennispunt-bench-")) / f"{self.name.replace(' ', '-')}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self._command,
                env=self._env,
                cwd=ROOT,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            try:
                httpx.get(self.url + health_path, timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        lines = self.log.read_text(errors="replace").splitlines()
        errors = sum(line.startswith("ERROR") or " ERROR " in line for line in lines)
        if errors:
            print(f"  ({self.name} logged {errors} errors: {self.log})", flush=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def sql_statements(self) -> int:
        """SQL statements sent so far (a server started with ``count_sql=True``)."""
        assert self.stats_file is not None, "started without count_sql"
        before = self.stats_file.stat().st_mtime_ns if self.stats_file.exists() else 0
        os.kill(self.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.stats_file.exists() and self.stats_file.stat().st_mtime_ns != before:
                text = self.stats_file.read_text().strip()
                if text:
                    return int(text)
            time.sleep(0.01)
        raise RuntimeError("the server did not report its statement count")


@contextmanager
def kennispunt_server(
    database_url: str, *, count_sql: bool = False, **settings: str
) -> Iterator[ServerProcess]:
    """``kennispunt serve`` (one worker) on ``database_url``; ``settings`` become KENNISPUNT_*
    variables. With ``count_sql`` it runs under ``bench/counted_serve.py``."""
    port = free_port()
    env = {
        "KENNISPUNT_DATABASE_URL": database_url,
        **KENNISPUNT_ENV,
        **{f"KENNISPUNT_{name.upper()}": value for name, value in settings.items()},
    }
    stats = Path(tempfile.mkdtemp(prefix="kennispunt-bench-")) / "sql-statements"
    command = [sys.executable, "-m", "kennispunt.cli", "serve", "--port", str(port)]
    if count_sql:
        command = [sys.executable, str(ROOT / "bench" / "counted_serve.py"), str(stats), *command[3:]]
    server = ServerProcess("kennispunt", command, port, env)
    server.stats_file = stats if count_sql else None
    server.start("/healthz")
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def peer_server(name: str, app: str, **env: str) -> Iterator[ServerProcess]:
    """A peer ASGI app from ``bench/peers`` (``module:attribute``) under uvicorn."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", f"bench.peers.{app}", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = ServerProcess(name, command, port, env)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- data -------------------------------------------------------------------------


def migrated_database(url: str | None = None) -> str:
    """``url``, else KENNISPUNT_DATABASE_URL, else a fresh SQLite file; migrated to the newest schema."""
    url = normalize_database_url(
        url
        or os.environ.get("KENNISPUNT_DATABASE_URL")
        or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    )
    upgrade(url)
    return url


def fresh_sqlite_url() -> str:
    return f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='kennispunt-bench-')) / 'bench.db'}"


def postgres_url() -> str | None:
    """KENNISPUNT_DATABASE_URL when it points at PostgreSQL."""
    url = normalize_database_url(os.environ.get("KENNISPUNT_DATABASE_URL", ""))
    return url if url.startswith("postgresql") else None


async def seed_demo(url: str, published_articles: int = 0) -> None:
    """Replace the content with the demo data; then add published copies of the demo
    articles (same bodies, new slugs) until at least ``published_articles`` are published."""
    db = Database(url)
    await loader.load(db)
    async with db.transaction() as session:
        published = list(
            await session.scalars(
                select(Article).where(Article.status == PublicationStatus.PUBLISHED).order_by(Article.id)
            )
        )
        for copy in range(max(0, published_articles - len(published))):
            source = published[copy % len(published)]
            article = await content.create_article(
                session, EDITOR, title=f"{source.title} ({copy + 2})", summary=source.summary,
                body=source.body, topic_id=source.topic_id, slug=f"{source.slug}-{copy + 2}",
            )  # fmt: skip
            await content.publish_article(session, EDITOR, article.id)
    await db.dispose()


async def verified_members(
    db: Database, party: Party, count: int, prefix: str, batch: int = 500
) -> list[tuple[int, str]]:
    """``count`` users with a VERIFIED membership of ``party`` and a bearer token each,
    made through the domain services, ``batch`` to a transaction; returns (user id, token)."""
    made: list[tuple[int, str]] = []
    for start in range(0, count, batch):
        async with db.transaction() as session:
            for number in range(start, min(count, start + batch)):
                user = await accounts.create_user(
                    session, f"{prefix}{number}@bench.example.org", f"Lezer {number}"
                )
                await parties.add_member(session, user.id, party.id, MemberRole.MEMBER, MemberStatus.VERIFIED)
                made.append((user.id, (await accounts.create_token(session, user, "bench")).token))
    return made
