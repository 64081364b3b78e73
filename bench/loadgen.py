"""HTTP load at fixed concurrency for a fixed time: wrk when installed, else a Python generator.

`load(url, body, ...)` POSTs the same JSON body over ``connections`` keep-alive
connections for ``duration`` seconds and returns requests per second and p50/p99
latency. With wrk (Debian's ``wrk``; ``apt-get install wrk``) the figures are wrk's own
(its ``--latency`` distribution). Without it, this file runs itself as a separate
process (``python bench/loadgen.py URL BODY_FILE ...``): an asyncio loop with one
httpx client per connection, which measures the same way but tops out much lower, so
its figures are only comparable with each other.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int
    """Non-2xx answers and socket errors."""
    generator: str


def generator_name(prefer: str = "auto") -> str:
    if prefer == "python" or (prefer == "auto" and shutil.which("wrk") is None):
        return "python"
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --generator python")
    return "wrk"


def load(
    url: str,
    body: str,
    headers: dict[str, str] | None = None,
    *,
    connections: int = 16,
    duration: float = 10,
    threads: int = 1,
    generator: str = "auto",
) -> Load:
    headers = {"Content-Type": "application/json", **(headers or {})}
    if generator_name(generator) == "wrk":
        return _wrk(url, body, headers, connections, duration, threads)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump({"body": body, "headers": headers}, file)
    command = [
        sys.executable,
        __file__,
        url,
        file.name,
        "--connections",
        str(connections),
        "--duration",
        str(duration),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    Path(file.name).unlink()
    return Load(**json.loads(output))


def _lua_string(text: str) -> str:
    level = "=" * 8
    assert f"]{level}]" not in text
    return f"[{level}[{text}]{level}]"


def _wrk(
    url: str, body: str, headers: dict[str, str], connections: int, duration: float, threads: int
) -> Load:
    script = "\n".join(
        ['wrk.method = "POST"', f"wrk.body = {_lua_string(body)}"]
        + [f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}" for name, value in headers.items()]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    command = [
        "wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration:g}s",
        "-s", file.name, "--timeout", "10s", url,
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    Path(file.name).unlink()
    return _parse_wrk(output)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse_wrk(output: str) -> Load:
    def find(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output)
        if match is None:
            raise RuntimeError(f"unexpected wrk output:\n{output}")
        return match

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Load(
        requests_per_second=float(find(r"Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=_milliseconds(find(r"\s50%\s+([\d.]+\w+)").group(1)),
        p99_ms=_milliseconds(find(r"\s99%\s+([\d.]+\w+)").group(1)),
        requests=int(find(r"(\d+) requests in").group(1)),
        failures=(int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0),
        generator="wrk",
    )


async def _python_load(
    url: str, body: str, headers: dict[str, str], connections: int, duration: float
) -> Load:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + duration
    content = body.encode()

    async def connection() -> None:
        nonlocal failures
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(timeout=10, limits=limits) as client:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.post(url, content=content, headers=headers)
                    failures += response.status_code >= 400
                except httpx.HTTPError:
                    failures += 1
                latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Load(
        requests_per_second=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99)] * 1000,
        requests=len(latencies),
        failures=failures,
        generator="python",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="The Python load generator (used when wrk is missing).")
    parser.add_argument("url")
    parser.add_argument("request_file", help='JSON: {"body": "...", "headers": {...}}')
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    request = json.loads(Path(args.request_file).read_text())
    result = asyncio.run(
        _python_load(args.url, request["body"], request["headers"], args.connections, args.duration)
    )
    print(json.dumps(asdict(result)))


if __name__ == "__main__":
    main()
