"""``kennispunt serve``, counting every SQL statement the server sends.

Usage: python bench/counted_serve.py STATS_FILE serve --port 8000 [other serve options]

The benches read the server's statement count without a hook in the app: before the
CLI starts, a listener on SQLAlchemy's ``Engine`` class (it fires for every engine the
process creates, the async engines' sync cores included) counts ``before_cursor_execute``
events. On SIGUSR1 the count so far is written to STATS_FILE. Otherwise this is the real
CLI, with the same settings from the environment.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kennispunt.cli import app

statements = 0


def count(*_args: Any) -> None:
    global statements
    statements += 1


def main() -> None:
    stats_file = Path(sys.argv[1])

    def report(_signal: int, _frame: FrameType | None) -> None:
        written = stats_file.with_suffix(".new")
        written.write_text(f"{statements}\n")
        written.replace(stats_file)  # whole or not at all for the reader

    event.listen(Engine, "before_cursor_execute", count)
    signal.signal(signal.SIGUSR1, report)
    app(sys.argv[2:], prog_name="kennispunt")


if __name__ == "__main__":
    main()
