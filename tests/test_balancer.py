"""compose.yaml's shape on loopback: Debian's nginx with deploy/nginx.conf in front of replicas.

Two ``kennispunt serve`` processes on the suite's PostgreSQL and Redis, the repo's nginx
config rendered for loopback ports; queries and a subscription go through nginx, the
replica carrying the subscription is stopped in the middle, and the client reconnects
through nginx with ``after:`` and misses nothing. Rate limits per address still count
visitors, not the balancer.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from kennispunt.db import Database
from kennispunt.settings import Settings
from tests.conftest import free_port
from tests.live import ServerProcess, Subscription, subscribe
from tests.test_forum_live import ACTIVITY, event, forum_with_thread, reply_added

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
)
RETRIED = {502, 503, 504}  # the balancer found no replica up: nothing reached the app


@pytest.fixture(autouse=True)
def deployed_shape(settings: Settings) -> None:
    if NGINX is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)")
    if not settings.database_url.startswith("postgresql") or not settings.redis_url:
        pytest.skip(
            "the deployed shape runs on PostgreSQL + Redis: set KENNISPUNT_DATABASE_URL and KENNISPUNT_REDIS_URL"
        )


def render_for_loopback(config: str, port: int, replicas: list[int]) -> str:
    """deploy/nginx.conf with loopback replicas in place of compose's ``api`` service, listening on ``port``."""
    lines = config.splitlines(keepends=True)
    begin = next(index for index, line in enumerate(lines) if "# replicas: begin" in line)
    end = next(index for index, line in enumerate(lines) if "# replicas: end" in line)
    (server,) = [line.split() for line in lines[begin:end] if line.split()[:1] == ["server"]]
    parameters = " ".join(word for word in server[2:] if word != "resolve").rstrip(";")
    servers = [f"    server 127.0.0.1:{replica} {parameters};\n" for replica in replicas]
    rendered = "".join(lines[:begin] + servers + lines[end + 1 :])
    assert rendered.count("listen 80;") == 1
    return rendered.replace("listen 80;", f"listen 127.0.0.1:{port};")


class Nginx:
    """Debian's nginx with the repo's config, in a directory of its own."""

    def __init__(self, replicas: list[int]) -> None:
        assert NGINX is not None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.directory = Path(tempfile.mkdtemp(prefix="kennispunt-nginx-"))
        self.directory.chmod(0o755)  # workers run as an unprivileged user when the master is root
        (self.directory / "kennispunt.conf").write_text(
            render_for_loopback(CONFIG.read_text(encoding="utf-8"), self.port, replicas), encoding="utf-8"
        )
        temp_paths = "\n".join(
            f"    {kind}_temp_path {self.directory / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.directory / "nginx.conf").write_text(
            f"""worker_processes 1;
pid {self.directory / "nginx.pid"};
error_log {self.directory / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
{temp_paths}
    include {self.directory / "kennispunt.conf"};
}}
""",
            encoding="utf-8",
        )
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> list[str]:
        assert NGINX is not None
        return [
            NGINX,
            "-p",
            f"{self.directory}/",
            "-e",
            str(self.directory / "error.log"),
            "-c",
            "nginx.conf",
            *args,
        ]

    def start(self) -> None:
        checked = subprocess.run(self.command("-t", "-q"), capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen(self.command("-g", "daemon off;"))
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, self.errors()
                time.sleep(0.05)

    def errors(self) -> str:
        log = self.directory / "error.log"
        return log.read_text(encoding="utf-8") if log.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


@contextmanager
def balancer(replicas: list[ServerProcess]) -> Iterator[Nginx]:
    nginx = Nginx([replica.port for replica in replicas])
    nginx.start()
    try:
        yield nginx
    finally:
        nginx.stop()


@contextmanager
def replicas(settings: Settings, count: int, **options: Any) -> Iterator[list[ServerProcess]]:
    """Replicas as compose starts them: trusting X-Forwarded-For from the balancer (127.0.0.1) only."""
    started = [
        ServerProcess(
            settings.database_url, settings.redis_url, args=["--forwarded-allow-ips", "127.0.0.1"], **options
        )
        for _ in range(count)
    ]
    try:
        yield started
    finally:
        for replica in started:
            replica.stop()


async def post(http: httpx.AsyncClient, url: str, body: dict[str, Any], **headers: str) -> httpx.Response:
    """A request through the balancer, sent again only when it reached no replica (a client retrying)."""
    for _ in range(50):
        response = await http.post(f"{url}/graphql", json=body, headers=headers)
        if response.status_code not in RETRIED:
            return response
        await asyncio.sleep(0.1)
    raise AssertionError(f"the balancer found no replica: {response.status_code}")


@asynccontextmanager
async def subscribe_through(url: str, variables: dict[str, Any], token: str) -> AsyncIterator[Subscription]:
    """A subscription through the balancer, reconnecting as a client does until a replica answers."""
    async with AsyncExitStack() as stack:
        for _ in range(50):
            try:
                live = await stack.enter_async_context(subscribe(url, ACTIVITY, variables, token))
                break
            except InvalidStatus as refused:
                assert refused.response.status_code in RETRIED, refused
                await asyncio.sleep(0.1)
        else:
            raise AssertionError("the balancer found no replica for the subscription")
        yield live


THREAD = "query ($id: ID!) { node(id: $id) { ... on Thread { title replyCount } } }"
REPLY = "mutation ($thread: ID!, $body: String!) { postReply(input: {threadId: $thread, body: $body}) { errors { code } } }"


async def test_a_subscription_through_the_balancer_misses_nothing_when_its_replica_stops(
    db: Database, settings: Settings
) -> None:
    forum = await forum_with_thread(db)
    _, reader = await forum.member("Bram Lezer")
    _, writer = await forum.member("Daan Schrijver")
    thread = {"thread": forum.thread_id}

    async def reply(http: httpx.AsyncClient, body: str) -> None:
        response = await post(
            http,
            nginx.url,
            {"query": REPLY, "variables": {**thread, "body": body}},
            Authorization=f"Bearer {writer}",
        )
        assert response.json() == {"data": {"postReply": {"errors": []}}}

    async def replies_counted(http: httpx.AsyncClient) -> dict[str, Any]:
        response = await post(
            http,
            nginx.url,
            {"query": THREAD, "variables": {"id": forum.thread_id}},
            Authorization=f"Bearer {reader}",
        )
        return response.json()  # type: ignore[no-any-return]

    posting = {"KENNISPUNT_FORUM_POST_RATE": "100/minute"}  # one writer posts six replies in a few seconds
    with replicas(settings, 2, env=posting) as (first, second), balancer([first, second]) as nginx:
        first.start()  # only the first runs yet, so the subscription is certainly carried by it
        async with httpx.AsyncClient(timeout=30) as http:
            assert await replies_counted(http) == {
                "data": {"node": {"title": "Hoe werven jullie leden?", "replyCount": 0}}
            }
            received: list[dict[str, Any]] = []
            async with subscribe_through(nginx.url, thread, reader) as live:
                await reply(http, "Eerste")
                payload = await live.next()
                received.append(event(payload))
                cursor = payload["data"]["threadActivity"]["cursor"]
                second.start()
                await reply(http, "Tweede")
                await reply(http, "Derde")
                first.stop()  # mid-stream: the replica carrying the subscription goes away
                with pytest.raises(ConnectionClosed):
                    while True:  # what it still sent before it went
                        payload = await live.next()
                        received.append(event(payload))
                        cursor = payload["data"]["threadActivity"]["cursor"]
            for body in ("Vierde", "Vijfde"):
                await reply(http, body)  # the second replica takes them
            async with subscribe_through(nginx.url, {**thread, "after": cursor}, reader) as live:
                while len(received) < 5:
                    received.append(event(await live.next()))
                assert await live.nothing_within(0.3)
                await reply(http, "Live")
                received.append(event(await live.next()))
            assert await replies_counted(http) == {
                "data": {"node": {"title": "Hoe werven jullie leden?", "replyCount": 6}}
            }
    bodies = ["Eerste", "Tweede", "Derde", "Vierde", "Vijfde", "Live"]
    assert received == [reply_added(body, "Daan Schrijver") for body in bodies]


ANONYMOUS = {"query": "{ __typename }"}


async def test_rate_limits_behind_the_balancer_count_visitors_not_the_balancer(settings: Settings) -> None:
    """nginx sets X-Forwarded-For; the replica believes it from nginx (127.0.0.1) alone."""
    network = f"127.{random.randrange(1, 255)}.{random.randrange(1, 255)}"  # counts in Redis outlive a run
    first_visitor, second_visitor, spoofed = f"{network}.2", f"{network}.3", f"{network}.4"

    def visitor(address: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(local_address=address), timeout=30)

    with (
        replicas(settings, 1, env={"KENNISPUNT_ANONYMOUS_RATE": "3/minute"}) as (replica,),
        balancer([replica]) as nginx,
    ):
        replica.start()
        async with visitor(first_visitor) as one, visitor(second_visitor) as two:
            statuses = [(await post(one, nginx.url, ANONYMOUS)).status_code for _ in range(4)]
            assert statuses == [200, 200, 200, 429]
            # another visitor behind the same balancer has a count of their own
            answered = await post(two, nginx.url, ANONYMOUS)
            assert (answered.status_code, answered.json()) == (200, {"data": {"__typename": "Query"}})
            # a visitor cannot claim another address: nginx replaces the header ...
            refused = await post(one, nginx.url, ANONYMOUS, **{"X-Forwarded-For": spoofed})
            assert refused.status_code == 429
            assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            # ... and the replica believes the header from the balancer only
            direct = await one.post(
                f"{replica.url}/graphql", json=ANONYMOUS, headers={"X-Forwarded-For": spoofed}
            )
            assert direct.status_code == 429
