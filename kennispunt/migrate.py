"""Alembic, configured from code: works installed or from a checkout, from any directory.

``migrations/env.py`` runs the async engine with ``asyncio.run``, so the commands here
are synchronous. Called from inside a running event loop they run on a worker thread and
block the caller until done; async code should prefer ``await asyncio.to_thread(upgrade)``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from importlib import util
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

SEARCH_TABLE = "search_documents"


def _script_location() -> str:
    spec = util.find_spec("migrations")
    if spec is None or spec.origin is None:
        raise RuntimeError("the 'migrations' package is not installed")
    return str(Path(spec.origin).resolve().parent)


def alembic_config(database_url: str | None = None) -> Config:
    """An alembic ``Config`` for the packaged migrations; without a URL, env.py uses the settings."""
    config = Config()
    config.set_main_option("script_location", _script_location())
    if database_url is not None:
        # ConfigParser interpolates '%': escape it (URL-encoded passwords contain it).
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _run(action: Callable[[], Any]) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        action()
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="alembic") as pool:
        pool.submit(action).result()


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    _run(lambda: command.upgrade(alembic_config(database_url), revision))


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    _run(lambda: command.downgrade(alembic_config(database_url), revision))


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Leave the full-text table to the migrations: its shape differs per engine and no model maps it."""
    if type_ == "table" and name is not None:
        return not (name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_"))
    return True
