#!/usr/bin/env python3
"""Bootstrap for a fresh clone: needs nothing but Python 3.11+.

    python3 dev.py serve [kennispunt serve options]   # demo server on http://127.0.0.1:8000/graphql
    python3 dev.py test [pytest args]                  # the test suite

Both create ``.venv`` next to this file when missing and (re)install the project into it
when ``pyproject.toml`` changed since the last install. The venv's programs are called by
path, so nothing needs activating; commands run in this directory, whatever the caller's.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

if sys.version_info < (3, 11):  # noqa: UP036 - dev.py is what runs before anything checks the version
    sys.exit(f"Kennispunt needs Python 3.11 or newer; this is {sys.version.split()[0]}.")

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXE = ".exe" if os.name == "nt" else ""
PYTHON = BIN / f"python{EXE}"
KENNISPUNT = BIN / f"kennispunt{EXE}"
STAMP = VENV / "kennispunt-install.stamp"  # "<sha256 of pyproject.toml> <extras>"
USAGE = "usage: python3 dev.py serve [--host H] [--port P] | python3 dev.py test [pytest args]"


def child_env() -> dict[str, str]:
    env = dict(os.environ, VIRTUAL_ENV=str(VENV))
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(command: list[str]) -> None:
    """Run a step; stop with a clear message when it fails."""
    code = subprocess.run(command, cwd=ROOT, env=child_env()).returncode
    if code != 0:
        sys.exit(f"dev.py: '{' '.join(command)}' failed with exit code {code}")


def hand_over(command: list[str]) -> None:
    """Replace this process with the last command, so exit code and signals are its own."""
    if os.name == "posix":
        os.chdir(ROOT)
        os.execve(command[0], command, child_env())
    sys.exit(subprocess.run(command, cwd=ROOT, env=child_env()).returncode)


def ensure_installed(extras: str) -> None:
    """Create the venv if needed; install ``.[extras]`` unless the stamp says it is current."""
    if not PYTHON.exists():
        print(f"dev.py: creating {VENV}", flush=True)
        run([sys.executable, "-m", "venv", str(VENV)])
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamped_digest, _, stamped_extras = (STAMP.read_text().strip() if STAMP.exists() else "").partition(" ")
    if stamped_digest == digest and (not extras or extras in stamped_extras.split(",")):
        return
    target = f".[{extras}]" if extras else "."
    print(f"dev.py: installing {target} into .venv (the first time takes a minute)", flush=True)
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target])
    STAMP.write_text(f"{digest} {extras}\n")


def option(args: list[str], name: str, default: str) -> str:
    """The value of ``--name V`` or ``--name=V`` among the pass-through arguments."""
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def absolute(arg: str) -> str:
    """A test path given relative to the caller's directory, made absolute: pytest runs in ROOT."""
    path, separator, rest = arg.partition("::")
    if arg.startswith("-") or not Path(path).exists():
        return arg
    return str(Path(path).resolve()) + separator + rest


def serve(args: list[str]) -> None:
    ensure_installed("")
    run([str(KENNISPUNT), "db", "upgrade"])
    run([str(KENNISPUNT), "demo", "--if-empty"])
    host, port = option(args, "--host", "127.0.0.1"), option(args, "--port", "8000")
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"dev.py: GraphiQL at http://{host}:{port}/graphql (Ctrl-C stops)", flush=True)
    hand_over([str(KENNISPUNT), "serve", *args])


def test(args: list[str]) -> None:
    ensure_installed("test")
    hand_over([str(PYTHON), "-m", "pytest", *map(absolute, args)])


def main(argv: list[str]) -> None:
    commands = {"serve": serve, "test": test}
    if not argv or argv[0] not in commands:
        sys.exit(USAGE)
    commands[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
