"""``kennispunt serve`` and friends as an operator runs them: processes of their own.

- Without ``KENNISPUNT_PUBLIC_URL`` the public URL is the address served (``--port``).
- A database that is not migrated (or behind the code) is refused with one line; the
  embedded default migrates itself.
- ``kennispunt demo`` and ``kennispunt user create`` answer with a sentence, not a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import websockets

from kennispunt.db import Database
from kennispunt.migrate import head_revision, upgrade
from kennispunt.settings import Settings
from tests.factories import make_article, make_topic, make_user
from tests.processes import kennispunt, serve

UPGRADE = "run 'kennispunt db upgrade' first"


async def test_the_public_url_follows_the_served_port(db: Database, settings: Settings) -> None:
    topic = await make_topic(db)
    article = await make_article(db, topic, "Een programma schrijven")
    await make_user(db, "jan.devries@example.org", "Jan de Vries")
    env = {"KENNISPUNT_DATABASE_URL": settings.database_url, "KENNISPUNT_DEMO_MODE": "true"}

    with serve(env) as server:
        assert server.port != 8000
        url = server.url
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            # sign-in at /auth/dev: its form posts from the served origin, which must be trusted
            signed_in = await http.post(
                "/auth/dev", data={"email": "jan.devries@example.org"}, headers={"Origin": url}
            )
            assert signed_in.status_code == 303, signed_in.text
            cookie = signed_in.cookies["kp_session"]
            viewer = await http.post(
                "/graphql", json={"query": "{ viewer { user { displayName } } }"}, headers={"Origin": url}
            )
            embed_page = await http.get("/embed/")
            feed = await http.get("/feeds/articles.atom")
            page = await http.get(f"/kennisbank/{article.slug}")
            card = await http.get(
                "/oembed", params={"url": f"{url}/kennisbank/{article.slug}", "format": "json"}
            )

        socket_url = url.replace("http://", "ws://") + "/graphql"
        async with websockets.connect(
            socket_url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            origin=url,  # type: ignore[arg-type]
            additional_headers={"Cookie": f"kp_session={cookie}"},
        ) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert json.loads(await socket.recv()) == {"type": "connection_ack"}
            query = {"query": "{ viewer { user { displayName } } }"}
            await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": query}))
            over_socket = json.loads(await socket.recv())

    signed_in_as = {"data": {"viewer": {"user": {"displayName": "Jan de Vries"}}}}
    assert viewer.json() == signed_in_as
    assert over_socket == {"id": "1", "type": "next", "payload": signed_in_as}
    assert f'<script src="{url}/embed/kennispunt.js"' in embed_page.text
    assert f'href="{url}/feeds/articles.atom"' in feed.text
    assert f'href="{url}/oembed?url=' in page.text
    assert card.json()["provider_url"] == url


async def test_an_unmigrated_database_is_refused_with_one_line(tmp_path: Path) -> None:
    env = {"KENNISPUNT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"}

    served = kennispunt("serve", "--port", "1", env=env)

    assert (served.returncode, served.stdout) == (1, "")
    assert served.stderr == (
        f"error: the database has not been migrated (this version needs revision {head_revision()}): {UPGRADE}\n"
    )


async def test_a_database_behind_the_code_is_refused(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0007")

    served = kennispunt("serve", "--port", "1", env={"KENNISPUNT_DATABASE_URL": url})

    assert served.returncode == 1
    assert (
        served.stderr
        == f"error: the database is at revision 0007, this version needs {head_revision()}: {UPGRADE}\n"
    )


async def test_an_unknown_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f3e1c2a9'")

    served = kennispunt("serve", "--port", "1", env={"KENNISPUNT_DATABASE_URL": f"sqlite:///{path}"})

    assert served.returncode == 1
    assert served.stderr == (
        f"error: the database is at revision f3e1c2a9, which this version (head {head_revision()}) does not know: {UPGRADE}\n"
    )


async def test_an_unreachable_database_is_one_line_too(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'folder' / 'x.db'}"

    served = kennispunt("serve", "--port", "1", env={"KENNISPUNT_DATABASE_URL": url})

    assert served.returncode == 1
    assert served.stderr == "error: cannot reach the database: unable to open database file\n"


async def test_the_embedded_default_migrates_itself(tmp_path: Path) -> None:
    """A fresh checkout: no settings at all, so the SQLite file ./kennispunt.db in development."""
    with serve({}, cwd=tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.url) as http:
            ready = await http.get("/readyz")
            articles = await http.post("/graphql", json={"query": "{ articles(first: 1) { totalCount } }"})
        log = server.log()

    assert (tmp_path / "kennispunt.db").is_file()
    assert f"migrating the embedded database to revision {head_revision()}" in log
    assert ready.status_code == 200
    assert articles.json() == {"data": {"articles": {"totalCount": 0}}}


async def test_production_never_migrates_by_itself(tmp_path: Path) -> None:
    served = kennispunt("serve", "--port", "1", env={"KENNISPUNT_ENVIRONMENT": "production"}, cwd=tmp_path)

    assert served.returncode == 1
    assert served.stderr.endswith(f": {UPGRADE}\n") and served.stderr.count("\n") == 1


async def test_demo_on_an_unmigrated_database_answers_with_a_sentence(tmp_path: Path) -> None:
    env = {"KENNISPUNT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"}

    loaded = kennispunt("demo", env=env)

    assert (loaded.returncode, loaded.stdout) == (1, "")
    assert loaded.stderr == (
        f"error: the database has not been migrated (this version needs revision {head_revision()}): {UPGRADE}\n"
    )


async def test_creating_a_user_twice_answers_with_a_sentence(settings: Settings) -> None:
    env = {"KENNISPUNT_DATABASE_URL": settings.database_url}

    first = kennispunt("user", "create", "--email", "Sanne@Example.org", "--name", "Sanne de Boer", env=env)
    again = kennispunt("user", "create", "--email", "sanne@example.org", "--name", "Sanne de Boer", env=env)

    assert first.returncode == 0, first.stderr
    assert first.stdout.endswith("created: sanne@example.org\n")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == "error: email: There is already an account with this e-mail address.\n"
