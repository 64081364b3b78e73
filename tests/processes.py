"""The ``kennispunt`` command as a process of its own, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def command_env(overrides: Mapping[str, str | None]) -> dict[str, str]:
    """The test process's environment without any KENNISPUNT_ or OTEL_ setting, plus ``overrides``
    (a None value leaves that variable out)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KENNISPUNT_", "OTEL_"))}
    env.update({name: value for name, value in overrides.items() if value is not None})
    return env


def kennispunt(
    *args: str, env: Mapping[str, str | None], cwd: Path = ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``kennispunt ARGS`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "kennispunt.cli", *args],
        env=command_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class ServerProcess:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        """What the process wrote to stdout and stderr so far (its log)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM, as a process supervisor stops it; its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@contextmanager
def serve(
    env: Mapping[str, str | None], *args: str, cwd: Path = ROOT, port: int | None = None
) -> Iterator[ServerProcess]:
    """``kennispunt serve --port N [ARGS]``, until it answers /livez; stopped with SIGTERM afterwards."""
    port = port or free_port()
    with tempfile.NamedTemporaryFile("wb", prefix="kennispunt-serve-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kennispunt.cli", "serve", "--port", str(port), *args],
            env=command_env(env),
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = ServerProcess(f"http://127.0.0.1:{port}", port, process, log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{running.url}/livez", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"kennispunt serve did not start:\n{running.log()}")
            time.sleep(0.1)
        yield running
    finally:
        running.stop()
        log_path.unlink(missing_ok=True)
